package io.edgefed.am.xmlrpc;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.metrics.CallMetrics;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.Produces;
import org.apache.xmlrpc.XmlRpcException;
import org.jboss.logging.Logger;

/**
 * {@code POST /xmlrpc/am/3.0}: the AM API v3 endpoint. A small body that calls GetVersion (whose reply is built once)
 * is answered on the I/O thread, so the cheapest call costs what TLS and HTTP cost and waits for no worker. Every other
 * body is handed on: finding the caller (validating its certificate chain), parsing, and the method run on
 * {@link CallWorkers}, and credentials are verified on the {@code VerificationPool}, so hostile bodies cannot stall
 * other callers. Bodies over {@code edgefed.am.max-request-bytes} get TOOBIG, calls
 * that find every worker busy and the queue full get BUSY. Every answer is HTTP 200 with a methodResponse.
 */
@Path("/xmlrpc/am/3.0")
public class XmlRpcEndpoint {

    private static final Logger LOG = Logger.getLogger(XmlRpcEndpoint.class);
    private static final String TEXT_XML = "text/xml; charset=UTF-8";
    /** Bodies up to this size are parsed on the I/O thread to find a cheap call (omni's GetVersion is ~150 bytes). */
    private static final int CHEAP_BYTES = 2048;
    /** Methods answered on the I/O thread: no credential, no cluster access, a reply built once. */
    private static final java.util.Set<String> CHEAP_METHODS = java.util.Set.of("GetVersion");

    private final AmXmlRpcServer server;
    private final CallerResolver callers;
    private final CallWorkers workers;
    private final int maxBytes;
    private final Clock clock;
    private final CallMetrics metrics;

    XmlRpcEndpoint(AmDispatcher dispatcher, CallerResolver callers, CallWorkers workers, AmConfig config, Clock clock,
            CallMetrics metrics) {
        this.clock = clock;
        this.server = new AmXmlRpcServer(dispatcher);
        this.metrics = metrics;
        this.callers = callers;
        this.workers = workers;
        this.maxBytes = config.maxRequestBytes();
    }

    @POST
    @Produces(TEXT_XML)
    public Uni<byte[]> call(byte[] body, @Context HttpServerRequest request) {
        if (body.length > maxBytes) {
            return Uni.createFrom().item(() -> refusal(GeniCode.TOOBIG,
                    "the request is larger than " + maxBytes + " bytes, the most this aggregate accepts"));
        }
        Instant now = clock.instant();
        if (body.length <= CHEAP_BYTES && server.methodOf(body).filter(CHEAP_METHODS::contains).isPresent()) {
            return Uni.createFrom().item(() -> answer(() -> server.answer(config(request, now), body)));
        }
        return Uni.createFrom().emitter(emitter -> {
            try {
                workers.executor().execute(() -> {
                    try {
                        emitter.complete(answer(() -> server.answer(config(request, now), body)));
                    } catch (RuntimeException e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debugf("refused a call from %s: every worker is busy", request.remoteAddress());
                metrics.busy();
                emitter.complete(refusal(GeniCode.BUSY, "the aggregate is busy with other calls; try again in a moment"));
            }
        });
    }

    private AmRequestConfig config(HttpServerRequest request, Instant now) {
        try {
            return AmRequestConfig.of(callers.resolve(request, now), now);
        } catch (GeniException e) {
            LOG.debugf("refused a caller from %s: %s", request.remoteAddress(), e.getMessage());
            return AmRequestConfig.refused(e, now);
        }
    }

    /** A small reply computed without parsing the body: cheap enough for the I/O thread. */
    private byte[] refusal(GeniCode code, String message) {
        return answer(() -> server.respond(AmRequestConfig.refused(null, null), GeniReply.error(code, message)));
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
