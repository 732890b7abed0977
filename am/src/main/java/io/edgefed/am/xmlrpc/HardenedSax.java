package io.edgefed.am.xmlrpc;

import io.edgefed.geni.xml.HardenedXmlParsers;
import io.edgefed.geni.xml.RaisingErrorHandler;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.XMLReader;

/**
 * The XML parser for XML-RPC requests. Apache XML-RPC's default parser resolves external entities (XXE), so its
 * factory is replaced by one that refuses any DOCTYPE, with external entities off and secure processing on. Parse
 * errors are thrown, not printed: the JDK's default handler writes "[Fatal Error]" to stderr for each one.
 */
final class HardenedSax {

    static {
        SAXParsers.setSAXParserFactory(HardenedXmlParsers.saxParserFactory());
    }

    private HardenedSax() {
    }

    /** Readers are reused per thread: building a JDK parser costs more than parsing a typical call. */
    private static final ThreadLocal<XMLReader> READERS = new ThreadLocal<>();

    /** A reader for this thread; give it back with {@link #release} after a successful parse. */
    static XMLReader reader() throws XmlRpcException {
        XMLReader reader = READERS.get();
        if (reader == null) {
            reader = SAXParsers.newXMLReader();
            reader.setErrorHandler(RaisingErrorHandler.INSTANCE);
        } else {
            READERS.remove();
        }
        return reader;
    }

    /** Keeps a reader that finished a parse cleanly for the next request on this thread. */
    static void release(XMLReader reader) {
        READERS.set(reader);
    }

}
