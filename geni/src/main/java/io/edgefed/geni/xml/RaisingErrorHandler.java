package io.edgefed.geni.xml;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Hands XML parse problems to the caller instead of the JDK's default handler, which prints "[Fatal Error]" to
 * stderr for every refused document.
 */
public final class RaisingErrorHandler implements ErrorHandler {

    /** The one instance; it holds no state. */
    public static final ErrorHandler INSTANCE = new RaisingErrorHandler();

    private RaisingErrorHandler() {
    }

    @Override
    public void warning(SAXParseException e) {
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
        throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
        throw e;
    }
}
