package io.edgefed.am.rspec;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.xml.HardenedXmlParsers;
import io.edgefed.geni.xml.RaisingErrorHandler;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses RSpecs that clients send, with a parser that refuses DOCTYPEs (so no external entities and no entity
 * expansion) and reports problems as GENI errors instead of printing them to stderr.
 */
public final class RspecXml {

    /** The GENI RSpec v3 namespace. */
    public static final String NS = "http://www.geni.net/resources/rspec/3";

    private static final DocumentBuilderFactory FACTORY = HardenedXmlParsers.documentBuilderFactory();

    private RspecXml() {
    }

    /** Parses {@code xml}; a malformed document or one with a DOCTYPE is a BADARGS error naming the line. */
    public static Document parse(String xml, String what) throws GeniException {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(RaisingErrorHandler.INSTANCE);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new GeniException(GeniCode.BADARGS,
                    what + " is not acceptable XML (line " + e.getLineNumber() + "): " + e.getMessage()
                            + "; send a GENI v3 RSpec without a DOCTYPE");
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new GeniException(GeniCode.BADARGS, what + " could not be read: " + e.getMessage());
        }
    }

}
