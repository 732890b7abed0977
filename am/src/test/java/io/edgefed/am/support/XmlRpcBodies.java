package io.edgefed.am.support;

import java.io.StringReader;
import java.util.Map;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.parser.XmlRpcResponseParser;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/** Hand-made XML-RPC bodies for raw requests, and Apache's response parser for raw replies. */
public final class XmlRpcBodies {

    private XmlRpcBodies() {
    }

    /** A methodCall with strings, ints, booleans, arrays (Object[]) and structs (Map). */
    public static String call(String method, Object... params) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (Object p : params) {
            sb.append("<param>");
            value(sb, p);
            sb.append("</param>");
        }
        return sb.append("</params></methodCall>").toString();
    }

    private static void value(StringBuilder sb, Object v) {
        sb.append("<value>");
        if (v instanceof String s) {
            sb.append("<string>").append(escape(s)).append("</string>");
        } else if (v instanceof Integer i) {
            sb.append("<int>").append(i).append("</int>");
        } else if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
        } else if (v instanceof Object[] array) {
            sb.append("<array><data>");
            for (Object o : array) {
                value(sb, o);
            }
            sb.append("</data></array>");
        } else if (v instanceof Map<?, ?> map) {
            sb.append("<struct>");
            map.forEach((k, x) -> {
                sb.append("<member><name>").append(escape(String.valueOf(k))).append("</name>");
                value(sb, x);
                sb.append("</member>");
            });
            sb.append("</struct>");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + v);
        }
        sb.append("</value>");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The parsed result of a methodResponse: the return value, or a {@link Fault}. */
    public static Object result(String responseXml) throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        XmlRpcResponseParser parser = new XmlRpcResponseParser(config, new TypeFactoryImpl(new XmlRpcClient()));
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        XMLReader reader = f.newSAXParser().getXMLReader();
        reader.setContentHandler(parser);
        reader.parse(new InputSource(new StringReader(responseXml)));
        if (!parser.isSuccess()) {
            return new Fault(parser.getErrorCode(), parser.getErrorMessage());
        }
        return parser.getResult();
    }

    /** An XML-RPC fault. */
    public record Fault(int code, String message) {
    }
}
