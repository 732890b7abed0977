package io.edgefed.am.xmlrpc;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.Produces;
import org.apache.xmlrpc.XmlRpcException;
import org.jboss.logging.Logger;

/**
 * {@code POST /xmlrpc/am/3.0}: the AM API v3 endpoint. Finds the caller, refuses bodies over
 * {@code edgefed.am.max-request-bytes} with TOOBIG, and lets Apache XML-RPC parse and answer. Calls that only read
 * caches are answered on the I/O thread; the others, which write to the API server, on a worker thread. Every
 * answer is HTTP 200 with a methodResponse.
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
    @Produces(TEXT_XML)
    public Uni<byte[]> call(byte[] body, @Context HttpServerRequest request) {
        AmRequestConfig config;
        try {
            config = AmRequestConfig.of(callers.resolve(request));
        } catch (GeniException e) {
            LOG.debugf("refused a caller from %s: %s", request.remoteAddress(), e.getMessage());
            config = AmRequestConfig.refused(e);
        }
        AmRequestConfig call = config;
        if (body.length > maxBytes) {
            return Uni.createFrom().item(() -> answer(() -> server.respond(call, GeniReply.error(GeniCode.TOOBIG,
                    "the request is larger than " + maxBytes + " bytes, the most this aggregate accepts"))));
        }
        Uni<byte[]> answer = Uni.createFrom().item(() -> answer(() -> server.answer(call, body)));
        return ReadOnlyCalls.isReadOnly(body) ? answer : answer.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private interface Reply {
        byte[] bytes() throws XmlRpcException;
    }

    private static byte[] answer(Reply reply) {
        try {
            return reply.bytes();
        } catch (XmlRpcException e) {
            // Only writing the reply can fail here; the client gets a bare 500 without details.
            LOG.errorf(e, "could not write an XML-RPC reply");
            throw new InternalServerErrorException();
        }
    }
}
