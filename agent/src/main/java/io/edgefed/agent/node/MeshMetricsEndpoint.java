package io.edgefed.agent.node;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Serves the agent's metrics (and nothing else) on the node's own VPN IPv4 address, at the health port: that is the
 * node's InternalIP when the installer gave the kubelet its VPN address (the default), so a Prometheus of the cluster
 * scrapes every node through the mesh without the agent answering the node's other networks. Health stays on
 * {@code EDGEFED_HEALTH_HOST} (loopback by default). Switched off with {@code EDGEFED_METRICS_ON_VPN=false}.
 * <p>
 * The address is known only once the agent holds its claim, so the listener follows it: bound when the address is
 * first configured, moved when it changes. A bind that fails (the port taken, e.g. by a health host of
 * {@code 0.0.0.0} that already serves it) is logged once per address and does not stop the agent.
 */
public final class MeshMetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MeshMetricsEndpoint.class);
    private static final long BIND_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final AgentMetrics metrics;
    private final int port;
    /** Where the health endpoint listens (which serves the metrics too). */
    private final String healthHost;
    private HttpServer server;
    private InetAddress address;

    public MeshMetricsEndpoint(Vertx vertx, AgentMetrics metrics, int port, String healthHost) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.port = port;
        this.healthHost = healthHost;
    }

    /** Serves on {@code vpnAddress} from now on (nothing changes when it already does, or tried and failed). */
    public synchronized void follow(InetAddress vpnAddress) {
        if (vpnAddress.equals(address)) {
            return;
        }
        stop();
        address = vpnAddress;
        if (servedByHealthEndpoint(vpnAddress)) {
            LOG.infof("metrics served on the mesh by the health endpoint (EDGEFED_HEALTH_HOST=%s) at port %d", healthHost, port);
            return;
        }
        HttpServer next = vertx.createHttpServer(new HttpServerOptions().setHost(vpnAddress.getHostAddress()).setPort(port)
                .setMaxInitialLineLength(1024).setMaxHeaderSize(4096).setIdleTimeout(30));
        next.requestHandler(request -> {
            if (request.method() == HttpMethod.GET && MetricsRoute.PATH.equals(request.path())) {
                request.response().putHeader("Content-Type", MetricsRoute.CONTENT_TYPE).end(metrics.exposition(Instant.now()));
            } else {
                request.response().setStatusCode(404).end();
            }
        });
        CompletableFuture<HttpServer> bound = next.listen().toCompletionStage().toCompletableFuture();
        try {
            server = bound.get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.infof("metrics served on the mesh at http://%s:%d%s", vpnAddress.getHostAddress(), port, MetricsRoute.PATH);
        } catch (ExecutionException e) {
            LOG.warnf("cannot serve metrics on the mesh at %s:%d: %s (EDGEFED_METRICS_ON_VPN=false turns this off)",
                    vpnAddress.getHostAddress(), port, e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warnf("serving metrics on the mesh at %s:%d took over %d s; given up", vpnAddress.getHostAddress(), port,
                    BIND_TIMEOUT_SECONDS);
            next.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            next.close();
        }
    }

    /** Whether the health endpoint (which serves the metrics too) listens on that address already. */
    private boolean servedByHealthEndpoint(InetAddress vpnAddress) {
        String host = healthHost.trim();
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals(vpnAddress.getHostAddress());
    }

    /** Whether this listener serves now (false also where the health endpoint serves the address instead). */
    public synchronized boolean serving() {
        return server != null;
    }

    /** Closes the listener and waits until its port is free (so that the old address no longer answers). */
    private void stop() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debugf("closing the metrics listener on %s: %s", address, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        address = null;
    }
}
