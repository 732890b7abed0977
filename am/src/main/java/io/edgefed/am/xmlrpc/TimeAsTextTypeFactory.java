package io.edgefed.am.xmlrpc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ws.commons.util.NamespaceContextImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.parser.AtomicParser;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.serializer.DateSerializer;

/**
 * Hands an XML-RPC {@code dateTime.iso8601} value to the methods as RFC 3339 text instead of letting Apache XML-RPC
 * turn it into a {@code Date}: its parser fails the whole request with a fault on a value it cannot read, while the
 * methods answer any time they cannot accept with BADARGS or OUTOFRANGE ({@code io.edgefed.am.geni.GeniTime}).
 * XML-RPC's own form {@code 20261127T10:00:00} becomes {@code 2026-11-27T10:00:00} (UTC, as XML-RPC has no zone);
 * anything else is passed on as sent, to be refused there.
 */
final class TimeAsTextTypeFactory extends TypeFactoryImpl {

    private static final Pattern XML_RPC_TIME = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)");

    TimeAsTextTypeFactory(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri, String localName) {
        if (DateSerializer.DATE_TAG.equals(localName)) {
            return new AtomicParser() {
                @Override
                protected void setResult(String text) {
                    Matcher m = XML_RPC_TIME.matcher(text.strip());
                    super.setResult((Object) (m.matches() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4) : text));
                }
            };
        }
        return super.getParser(config, context, uri, localName);
    }
}
