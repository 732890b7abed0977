package io.edgefed.geni.xml;

import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.SAXException;

/**
 * The one place where the AM's XML parsers are locked down: every document a caller sends (the XML-RPC call, the
 * RSpec, the credentials) is read by a parser from here, with no DOCTYPE, no external entities or DTDs and the JDK's
 * secure-processing limits. A parser that cannot be locked down stops the AM rather than run open.
 */
public final class HardenedXmlParsers {

    private static final Map<String, Boolean> FEATURES = Map.of(
            XMLConstants.FEATURE_SECURE_PROCESSING, true,
            "http://apache.org/xml/features/disallow-doctype-decl", true,
            "http://xml.org/sax/features/external-general-entities", false,
            "http://xml.org/sax/features/external-parameter-entities", false,
            "http://apache.org/xml/features/nonvalidating/load-external-dtd", false);

    /** The JDK parser's limit on element nesting (JAXP {@code jdk.xml.maxElementDepth}). */
    private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";
    /** Deepest element nesting accepted in a DOM-parsed document (credential, RSpec). */
    public static final int MAX_DEPTH = 256;

    private HardenedXmlParsers() {
    }

    /** A namespace-aware DOM parser factory with every hardening feature set, nesting up to {@link #MAX_DEPTH}. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        return documentBuilderFactory(MAX_DEPTH);
    }

    /**
     * A namespace-aware DOM parser factory with every hardening feature set, refusing elements nested deeper than
     * {@code maxDepth}. The limit must be given here: the JDK keeps the first value set under this property's names.
     */
    public static DocumentBuilderFactory documentBuilderFactory(int maxDepth) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            for (Map.Entry<String, Boolean> feature : FEATURES.entrySet()) {
                f.setFeature(feature.getKey(), feature.getValue());
            }
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // Credentials and RSpecs nest a few levels; a deep document would only feed recursive walks (C14N).
            f.setAttribute(MAX_ELEMENT_DEPTH, String.valueOf(maxDepth));
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened: " + e.getMessage(), e);
        }
        return f;
    }

    /** A namespace-aware, non-validating SAX parser factory with every hardening feature set. */
    public static SAXParserFactory saxParserFactory() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        try {
            for (Map.Entry<String, Boolean> feature : FEATURES.entrySet()) {
                f.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot be hardened: " + e.getMessage(), e);
        }
        return f;
    }
}
