package io.edgefed.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * The API server's address as kubectl sees it. It answers discovery, renders server-side tables, streams watches
 * as chunked HTTP (kubectl's way; the store behind it only streams over WebSocket), and passes every other request
 * to the store unchanged. The operator and the AM talk to the store directly.
 */
final class KubectlFrontDoor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubectlFrontDoor.class.getName());
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    private static final String JSON = "application/json";
    /** What a real API server accepts as one request body (3 MiB). */
    private static final int MAX_BODY = 3 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "kubectl-front-door");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String store;
    private final KubernetesClient client;
    private final ApiResources resources;
    private final ApiDiscovery discovery;
    private final ServerSideTable tables = new ServerSideTable();
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean closed;

    private KubectlFrontDoor(HttpServer server, String store, KubernetesClient client) {
        this.server = server;
        this.store = store;
        this.client = client;
        this.resources = new ApiResources(client);
        this.discovery = new ApiDiscovery(resources);
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
                    send(exchange, 200, document.get());
                    return;
                }
                if (path.equals("/version")) {
                    send(exchange, 200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-edgefed-embedded\","
                            + "\"platform\":\"embedded\"}");
                    return;
                }
            }
            if (path.startsWith("/openapi/") || path.startsWith("/swagger")) {
                // No schemas here: kubectl then skips client-side validation instead of failing on a bad document.
                send(exchange, 404, status(404, "NotFound", "this API server publishes no OpenAPI schemas"));
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.contains("protobuf")) {
                send(exchange, 415, status(415, "UnsupportedMediaType", "send JSON: this API server does not read protobuf"));
                return;
            }
            Optional<ResourcePath> target = ResourcePath.parse(path).flatMap(p -> p.resolve(resources));
            if (get && target.isPresent() && isTrue(query.get("watch"))) {
                watch(exchange, target.get(), query);
                return;
            }
            forward(exchange, target, query);
        } catch (RuntimeException | IOException | InterruptedException e) {
            LOG.log(Level.FINE, "request failed", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (exchange.getResponseCode() == -1) {
                // Nothing sent yet: kubectl gets a Status rather than a dropped connection.
                send(exchange, 503, status(503, "ServiceUnavailable", "the embedded API server could not answer: " + e));
            }
        } finally {
            exchange.close();
        }
    }

    private void forward(HttpExchange exchange, Optional<ResourcePath> target, Map<String, String> query)
            throws IOException, InterruptedException {
        boolean list = "GET".equals(exchange.getRequestMethod()) && target.isPresent() && target.get().name() == null;
        FieldSelector fields = list ? FieldSelector.parse(query.get("fieldSelector")) : FieldSelector.parse(null);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (!fields.isEmpty()) {
            rawQuery = rawQuery.replaceAll("(^|&)fieldSelector=[^&]*", "");
        }
        String uri = store + exchange.getRequestURI().getRawPath() + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        byte[] body = new byte[0];
        if (contentLength(exchange) <= MAX_BODY) {
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
        }
        // Refused from its declared length before a byte of it is read (or once a chunked one passes the limit).
        if (contentLength(exchange) > MAX_BODY || body.length > MAX_BODY) {
            send(exchange, 413, status(413, "RequestEntityTooLarge", "the request body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Accept", JSON);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String answer = response.body();
        if (list && response.statusCode() == 200) {
            answer = typedList(answer, fields, target.get().resource());
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if ("GET".equals(exchange.getRequestMethod()) && response.statusCode() == 200 && target.isPresent()
                && target.get().subresource() == null && ServerSideTable.wanted(accept)) {
            answer = tables.table(target.get().resource(), json.readTree(answer), query.get("includeObject"), Instant.now())
                    .toString();
        }
        send(exchange, response.statusCode(), answer);
    }

    /**
     * The store answers every list as a generic {@code List}; typed clients (kubectl describe's event and pod
     * searches) decode only {@code <Kind>List}. Also applies the field selector the store cannot.
     */
    private String typedList(String listJson, FieldSelector fields, ApiResource resource) throws IOException {
        ObjectNode list = (ObjectNode) json.readTree(listJson);
        list.put("apiVersion", resource.groupVersion()).put("kind", resource.kind() + "List");
        if (list.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("selfLink");
        }
        var kept = json.createArrayNode();
        list.path("items").forEach(item -> {
            if (fields.matches(item)) {
                kept.add(item);
            }
        });
        list.set("items", kept);
        return list.toString();
    }

    /** Streams watch events, one JSON object a line, until kubectl hangs up, the timeout passes or the server stops. */
    private void watch(HttpExchange exchange, ResourcePath target, Map<String, String> query) throws IOException, InterruptedException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        boolean asTable = ServerSideTable.wanted(exchange.getRequestHeaders().getFirst("Accept"));
        FieldSelector fields = FieldSelector.parse(query.get("fieldSelector"));
        long sinceVersion = version(query.get("resourceVersion"));
        ApiResource resource = target.resource();
        var operation = client.genericKubernetesResources(resource.definitionContext());
        var scoped = target.namespace() == null || !resource.namespaced() ? operation.inAnyNamespace()
                : operation.inNamespace(target.namespace());
        var selected = query.containsKey("labelSelector") ? scoped.withLabelSelector(query.get("labelSelector")) : scoped;
        Instant until = query.containsKey("timeoutSeconds")
                ? Instant.now().plusSeconds(Long.parseLong(query.get("timeoutSeconds"))) : Instant.MAX;
        Watch watch = selected.watch(new Watcher<GenericKubernetesResource>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource object) {
                JsonNode node = json.valueToTree(object);
                if (!fields.matches(node)) {
                    return;
                }
                // The store replays what exists as ADDED; kubectl listed those already, up to the version it names.
                if (action == Action.ADDED && version(object.getMetadata().getResourceVersion()) <= sinceVersion) {
                    return;
                }
                if (target.name() != null && !target.name().equals(object.getMetadata().getName())) {
                    return;
                }
                ObjectNode event = json.createObjectNode().put("type", action.name());
                event.set("object", asTable ? tables.table(resource, node, query.get("includeObject"), Instant.now()) : node);
                events.add(event.toString());
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add("");
            }
        });
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(200, 0);
        try (watch; OutputStream out = exchange.getResponseBody()) {
            while (!closed && Instant.now().isBefore(until)) {
                String event = events.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if ("".equals(event)) {
                    return;
                }
                // A bare newline between events is whitespace to a JSON stream reader, and tells a hung-up client apart.
                out.write(((event == null ? "" : event) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException hungUp) {
            LOG.log(Level.FINE, "watch client went away", hungUp);
        }
    }

    private static long contentLength(HttpExchange exchange) {
        try {
            return Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
        } catch (NumberFormatException | NullPointerException unknown) {
            return 0;
        }
    }

    private static long version(String resourceVersion) {
        try {
            return resourceVersion == null || resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
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

    private String status(int code, String reason, String message) {
        return json.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", message).put("reason", reason).put("code", code).toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }

    /** A request path that names a kind of object: {@code /apis/<g>/<v>/[namespaces/<ns>/]<plural>[/<name>[/<sub>]]}. */
    record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource,
            ApiResource resource) {

        static Optional<ResourcePath> parse(String path) {
            String[] parts = path.replaceAll("^/+|/+$", "").split("/");
            int at;
            String group;
            String version;
            if (parts.length >= 3 && parts[0].equals("api")) {
                group = "";
                version = parts[1];
                at = 2;
            } else if (parts.length >= 4 && parts[0].equals("apis")) {
                group = parts[1];
                version = parts[2];
                at = 3;
            } else {
                return Optional.empty();
            }
            String namespace = null;
            if (parts[at].equals("namespaces") && parts.length >= at + 3) {
                namespace = parts[at + 1];
                at += 2;
            }
            String plural = parts[at];
            String name = parts.length > at + 1 ? parts[at + 1] : null;
            String sub = parts.length > at + 2 ? parts[at + 2] : null;
            return Optional.of(new ResourcePath(group, version, namespace, plural, name, sub, null));
        }

        Optional<ResourcePath> resolve(ApiResources resources) {
            return resources.find(group, version, plural)
                    .map(r -> new ResourcePath(group, version, namespace, plural, name, subresource, r));
        }
    }
}
