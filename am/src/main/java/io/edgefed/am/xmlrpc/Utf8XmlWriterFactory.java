package io.edgefed.am.xmlrpc;

import org.apache.ws.commons.serialize.XMLWriter;
import org.apache.ws.commons.serialize.XMLWriterImpl;
import org.apache.xmlrpc.serializer.BaseXmlWriterFactory;
import org.xml.sax.SAXException;

/**
 * Writes replies as UTF-8 that every XML parser reads. Apache XML-RPC's own writer escapes each UTF-16 unit of a
 * character outside the Basic Multilingual Plane (an emoji) as a character reference of its own, {@code &#55357;},
 * which is not XML, so one such character in a client_id would make every later Describe of the slice unparsable.
 * This writer writes all characters as UTF-8 and replaces those XML 1.0 forbids (control characters, lone
 * surrogates) with U+FFFD.
 */
final class Utf8XmlWriterFactory extends BaseXmlWriterFactory {

    private static final char REPLACEMENT = '\uFFFD';

    @Override
    protected XMLWriter newXmlWriter() {
        return new XMLWriterImpl() {
            @Override
            public boolean canEncode(char c) {
                return true; // UTF-8 holds every character; surrogate pairs reach the encoder together
            }

            @Override
            public void characters(char[] ch, int start, int length) throws SAXException {
                char[] clean = sanitized(ch, start, length);
                super.characters(clean, clean == ch ? start : 0, length);
            }
        };
    }

    /** {@code ch} itself when every character may appear in XML 1.0, else a copy with U+FFFD for those that may not. */
    static char[] sanitized(char[] ch, int start, int length) {
        char[] copy = null;
        for (int i = start; i < start + length; i++) {
            char c = ch[i];
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < start + length && Character.isLowSurrogate(ch[i + 1]);
                if (ok) {
                    i++; // the pair is fine; skip its low half
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false; // a low half without its high half before it
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            }
            if (!ok) {
                if (copy == null) {
                    copy = new char[length];
                    System.arraycopy(ch, start, copy, 0, length);
                }
                copy[i - start] = REPLACEMENT;
            }
        }
        return copy == null ? ch : copy;
    }
}
