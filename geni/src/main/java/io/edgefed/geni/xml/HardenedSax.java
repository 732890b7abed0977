package io.edgefed.geni.xml;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * SAX readers from {@link HardenedXmlParsers#saxParserFactory()}, for the XML-RPC request: no DOCTYPE, external
 * entities off, secure processing on. Parse errors are thrown, not printed: the JDK's default handler writes
 * "[Fatal Error]" to stderr for each one.
 */
public final class HardenedSax {

    private static final SAXParserFactory FACTORY = HardenedXmlParsers.saxParserFactory();

    /** Readers are reused per thread: building a JDK parser costs more than parsing a typical call. */
    private static final ThreadLocal<XMLReader> READERS = new ThreadLocal<>();

    private HardenedSax() {
    }

    /** The hardened factory, for libraries that build their own readers (Apache XML-RPC's {@code SAXParsers}). */
    public static SAXParserFactory factory() {
        return FACTORY;
    }

    /** A reader for this thread; give it back with {@link #release} after a successful parse. */
    public static XMLReader reader() throws SAXException {
        XMLReader reader = READERS.get();
        if (reader == null) {
            try {
                reader = FACTORY.newSAXParser().getXMLReader();
            } catch (ParserConfigurationException e) {
                throw new SAXException("the hardened SAX parser cannot be built: " + e.getMessage(), e);
            }
            reader.setErrorHandler(RaisingErrorHandler.INSTANCE);
        } else {
            READERS.remove();
        }
        return reader;
    }

    /** Keeps a reader that finished a parse cleanly for the next request on this thread. */
    public static void release(XMLReader reader) {
        READERS.set(reader);
    }
}
