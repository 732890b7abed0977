package io.edgefed.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API server's address as kubectl sees it. It answers discovery ({@link ApiDiscovery}), streams watches as
 * chunked HTTP ({@link ChunkedWatch}: kubectl's way; the store behind it only streams over WebSocket), and passes
 * every other request to the store ({@link StoreForwarder}, which renders server-side tables). The operator and the
 * AM talk to the store directly.
 */
final class KubectlFrontDoor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubectlFrontDoor.class.getName());

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "kubectl-front-door");
        thread.setDaemon(true);
        return thread;
    });
    private final ApiResources resources;
    private final ApiDiscovery discovery;
    private final StoreForwarder forwarder;
    private final ChunkedWatch watches;
    private volatile boolean closed;

    private KubectlFrontDoor(HttpServer server, String store, KubernetesClient client) {
        this.server = server;
        this.resources = new ApiResources(client);
        this.discovery = new ApiDiscovery(resources);
        ServerSideTable tables = new ServerSideTable();
        this.forwarder = new StoreForwarder(store, tables);
        this.watches = new ChunkedWatch(client, tables, () -> closed);
    }

    static KubectlFrontDoor start(InetSocketAddress address, String store, KubernetesClient client) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        KubectlFrontDoor door = new KubectlFrontDoor(server, store, client);
        server.createContext("/", door::handle);
        server.setExecutor(door.threads);
        server.start();
        return door;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean get = "GET".equals(exchange.getRequestMethod());
            if (get) {
                Optional<String> document = discovery.document(path, host() + ":" + port());
                if (document.isPresent()) {
                    JsonAnswer.send(exchange, 200, document.get());
                    return;
                }
                if (path.equals("/version")) {
                    JsonAnswer.send(exchange, 200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-edgefed-embedded\","
                            + "\"platform\":\"embedded\"}");
                    return;
                }
            }
            if (get && path.equals("/openapi/v2")) {
                // An OpenAPI v2 document without schemas (an empty protobuf message is an empty document): kubectl
                // apply and create insist on downloading one to validate, and with no schema for a kind they skip
                // client-side validation, so `kubectl apply -k` works without --validate=false.
                exchange.getResponseHeaders().set("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (path.startsWith("/openapi/") || path.startsWith("/swagger")) {
                // No schemas here: kubectl then skips client-side validation instead of failing on a bad document.
                JsonAnswer.send(exchange, 404, JsonAnswer.status(404, "NotFound", "this API server publishes no OpenAPI schemas"));
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.contains("protobuf")) {
                JsonAnswer.send(exchange, 415, JsonAnswer.status(415, "UnsupportedMediaType",
                        "send JSON: this API server does not read protobuf"));
                return;
            }
            Optional<ResourcePath> target = ResourcePath.parse(path).flatMap(p -> p.resolve(resources));
            if (get && target.isPresent() && isTrue(query.get("watch"))) {
                watches.stream(exchange, target.get(), query);
                return;
            }
            forwarder.forward(exchange, target, query);
        } catch (RuntimeException | IOException | InterruptedException e) {
            LOG.log(Level.FINE, "request failed", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (exchange.getResponseCode() == -1) {
                // Nothing sent yet: kubectl gets a Status rather than a dropped connection.
                JsonAnswer.send(exchange, 503, JsonAnswer.status(503, "ServiceUnavailable",
                        "the embedded API server could not answer: " + e));
            }
        } finally {
            exchange.close();
        }
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
