package io.edgefed.am.xmlrpc;

import io.edgefed.am.geni.MemoizedReply;
import io.edgefed.am.geni.PlainMessage;
import io.edgefed.geni.xml.HardenedSax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.apache.xmlrpc.util.SAXParsers;
import org.jboss.logging.Logger;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Apache XML-RPC's stream server fed from a byte array: parses with {@link HardenedSax}, dispatches, and writes the
 * methodResponse. Only a request that does not parse as XML-RPC becomes a fault.
 */
final class AmXmlRpcServer extends XmlRpcStreamServer {

    private static final Logger LOG = Logger.getLogger(AmXmlRpcServer.class);

    static {
        // Apache XML-RPC's default parser resolves external entities (XXE): any reader it builds itself is hardened too.
        SAXParsers.setSAXParserFactory(HardenedSax.factory());
    }

    AmXmlRpcServer(XmlRpcHandlerMapping mapping) {
        setHandlerMapping(mapping);
        setXMLWriterFactory(new Utf8XmlWriterFactory());
        setTypeFactory(new TimeAsTextTypeFactory(this));
    }

    /** Answers one request body. */
    byte[] answer(AmRequestConfig config, byte[] body) throws XmlRpcException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        execute(config, new ServerStreamConnection() {
            @Override
            public InputStream newInputStream() {
                return new java.io.ByteArrayInputStream(body);
            }

            @Override
            public OutputStream newOutputStream() {
                return out;
            }

            @Override
            public void close() {
            }
        });
        return out.toByteArray();
    }

    /**
     * The method a body calls, parsed without answering it: for deciding where to answer a small body. Empty when the
     * body does not parse ({@link #answer} then writes the fault).
     */
    java.util.Optional<String> methodOf(byte[] body) {
        try {
            return java.util.Optional.ofNullable(getRequest(AmRequestConfig.refused(null, null),
                    new java.io.ByteArrayInputStream(body)).getMethodName());
        } catch (XmlRpcException e) {
            return java.util.Optional.empty();
        }
    }

    /** A methodResponse for a result computed without parsing the request (e.g. a body that is too big). */
    byte[] respond(AmRequestConfig config, Object result) throws XmlRpcException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeResponse(config, out, result);
        return out.toByteArray();
    }

    @Override
    protected void writeResponse(XmlRpcStreamRequestConfig config, OutputStream out, Object result) throws XmlRpcException {
        if (!(result instanceof MemoizedReply memo)) {
            super.writeResponse(config, out, result);
            return;
        }
        byte[] bytes = memo.encoded();
        if (bytes == null) {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream(4096);
            super.writeResponse(config, encoded, result);
            bytes = encoded.toByteArray();
            memo.encoded(bytes);
        }
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new XmlRpcException("could not write the reply: " + e.getMessage(), e);
        }
    }

    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream stream) throws XmlRpcException {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, getTypeFactory());
        XMLReader reader;
        try {
            reader = HardenedSax.reader();
        } catch (SAXException e) {
            throw new XmlRpcException(PlainMessage.of(e.getMessage(), "no XML parser"), e);
        }
        reader.setContentHandler(new NestingLimit(parser));
        try {
            reader.parse(new InputSource(stream));
            reader.setContentHandler(null);
            HardenedSax.release(reader);
        } catch (SAXException e) {
            throw new XmlRpcException("the request is not a well-formed XML-RPC call without a DOCTYPE: "
                    + PlainMessage.of(e.getMessage(), "unreadable XML"), e);
        } catch (IOException e) {
            throw new XmlRpcException("the request could not be read: " + PlainMessage.of(e.getMessage(), "read error"), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new XmlRpcException("the request is not a well-formed XML-RPC call", e);
        }
        String method = parser.getMethodName();
        List<?> params = parser.getParams();
        return new XmlRpcRequest() {
            @Override
            public XmlRpcRequestConfig getConfig() {
                return config;
            }

            @Override
            public String getMethodName() {
                return method;
            }

            @Override
            public int getParameterCount() {
                return params == null ? 0 : params.size();
            }

            @Override
            public Object getParameter(int index) {
                return params.get(index);
            }
        };
    }

    /** A fault always says something, and never in Java's terms. */
    @Override
    protected void writeError(XmlRpcStreamRequestConfig config, OutputStream out, Throwable error) throws XmlRpcException {
        String message = PlainMessage.of(error.getMessage(), "the request is not a well-formed XML-RPC call");
        super.writeError(config, out, new XmlRpcException(faultCode(error), message));
    }

    private static int faultCode(Throwable error) {
        return error instanceof XmlRpcException x ? x.code : 0;
    }

    @Override
    protected void logError(Throwable t) {
        // Faults are a client's malformed request: worth a line, never a stack trace.
        LOG.debugf("XML-RPC fault: %s", t.getMessage());
    }
}
