package io.edgefed.geni.xml;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Parses untrusted XML (credentials arrive from anyone who has a certificate): no DOCTYPE at all (so no entity
 * expansion, no external entities or DTDs), no XInclude, the JDK's secure-processing limits, and a size cap.
 */
public final class SecureXml {

    /** Deepest element nesting accepted; real credentials stay below 30 even with delegations. */
    static final int MAX_DEPTH = 100;
    private static final DocumentBuilderFactory FACTORY = factory();

    /** DocumentBuilder is not thread-safe; one per thread, reset between uses. */
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SecureXml::newBuilder);

    private SecureXml() {
    }

    /**
     * Parses {@code xml} namespace-aware, keeping whitespace (signatures cover it).
     *
     * @throws SAXException for malformed XML, any DOCTYPE, or text longer than {@code maxChars}
     */
    public static Document parse(String xml, int maxChars) throws SAXException {
        if (xml.length() > maxChars) {
            throw new SAXException("document of " + xml.length() + " characters exceeds the limit of " + maxChars);
        }
        DocumentBuilder builder = BUILDER.get();
        try {
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (IOException e) {
            throw new SAXException("unreadable XML: " + e.getMessage(), e);
        } finally {
            builder.reset();
            builder.setErrorHandler(RaisingErrorHandler.INSTANCE);
        }
    }

    /**
     * Credentials nest a few levels (a delegation adds three): refuse pathological depth before DOM and
     * canonicalization walk it.
     */
    private static DocumentBuilderFactory factory() {
        return HardenedXmlParsers.documentBuilderFactory(MAX_DEPTH);
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(RaisingErrorHandler.INSTANCE);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
