package io.edgefed.am.xmlrpc;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.credential.CallerIdentity;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.xmlrpc.XmlRpcException;
import org.jboss.logging.Logger;

/**
 * {@code POST /xmlrpc/am/3.0}: the AM API v3 endpoint. Reads at most {@code edgefed.am.max-request-bytes}, finds the
 * caller, and lets Apache XML-RPC parse and answer. Every answer is HTTP 200 with a methodResponse.
 */
@Path("/xmlrpc/am/3.0")
public class XmlRpcEndpoint {

    private static final Logger LOG = Logger.getLogger(XmlRpcEndpoint.class);
    private static final String TEXT_XML = "text/xml; charset=UTF-8";

    private final AmXmlRpcServer server;
    private final CallerResolver callers;
    private final int maxBytes;

    XmlRpcEndpoint(AmDispatcher dispatcher, CallerResolver callers, AmConfig config) {
        this.server = new AmXmlRpcServer(dispatcher);
        this.callers = callers;
        this.maxBytes = config.maxRequestBytes();
    }

    @POST
    public Response call(InputStream body, @Context HttpServerRequest request) throws XmlRpcException {
        AmRequestConfig config;
        try {
            CallerIdentity caller = callers.resolve(request);
            config = AmRequestConfig.of(caller);
        } catch (GeniException e) {
            LOG.debugf("refused a caller from %s: %s", request.remoteAddress(), e.getMessage());
            config = AmRequestConfig.refused(e);
        }
        byte[] bytes;
        try {
            bytes = readAtMost(body, maxBytes);
        } catch (IOException e) {
            return ok(server.respond(config, GeniReply.error(GeniCode.BADARGS, "the request body could not be read")));
        }
        if (bytes == null) {
            return ok(server.respond(config, GeniReply.error(GeniCode.TOOBIG,
                    "the request is larger than " + maxBytes + " bytes, the most this aggregate accepts")));
        }
        return ok(server.answer(config, bytes));
    }

    private static Response ok(byte[] xml) {
        return Response.ok(xml, TEXT_XML).build();
    }

    /** The body, or null when it exceeds {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 16384));
        byte[] buffer = new byte[16384];
        int total = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
