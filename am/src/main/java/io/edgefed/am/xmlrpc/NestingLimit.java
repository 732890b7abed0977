package io.edgefed.am.xmlrpc;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;

/**
 * Passes SAX events on to Apache XML-RPC's request parser until elements nest deeper than a limit, then stops the
 * parse with a message. Apache's parser keeps a frame per open value, so a body tens of thousands of levels deep
 * would otherwise cost a long parse and end in a stack overflow with an empty fault. Real AM API calls nest fewer
 * than 20 levels (struct in array in struct...).
 */
final class NestingLimit implements ContentHandler {

    static final int MAX_DEPTH = 100;

    private final ContentHandler next;
    private int depth;

    NestingLimit(ContentHandler next) {
        this.next = next;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        if (++depth > MAX_DEPTH) {
            throw new SAXException("the request nests elements more than " + MAX_DEPTH
                    + " levels deep; AM API calls need far fewer");
        }
        next.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        depth--;
        next.endElement(uri, localName, qName);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        next.setDocumentLocator(locator);
    }

    @Override
    public void startDocument() throws SAXException {
        next.startDocument();
    }

    @Override
    public void endDocument() throws SAXException {
        next.endDocument();
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) throws SAXException {
        next.startPrefixMapping(prefix, uri);
    }

    @Override
    public void endPrefixMapping(String prefix) throws SAXException {
        next.endPrefixMapping(prefix);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        next.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        next.ignorableWhitespace(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        next.processingInstruction(target, data);
    }

    @Override
    public void skippedEntity(String name) throws SAXException {
        next.skippedEntity(name);
    }
}
