package io.edgefed.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * A watch as kubectl reads it: chunked HTTP, one JSON event a line. The store behind the front door streams watches
 * only over WebSocket, so this watches the store through the client and writes what it sees.
 */
final class ChunkedWatch {

    private static final Logger LOG = Logger.getLogger(ChunkedWatch.class.getName());
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ServerSideTable tables;
    private final BooleanSupplier closed;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code closed} tells a stream to end when the front door stops. */
    ChunkedWatch(KubernetesClient client, ServerSideTable tables, BooleanSupplier closed) {
        this.client = client;
        this.tables = tables;
        this.closed = closed;
    }

    /** Streams watch events until kubectl hangs up, the timeout passes or the server stops. */
    void stream(HttpExchange exchange, ResourcePath target, Map<String, String> query) throws IOException, InterruptedException {
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
        exchange.getResponseHeaders().set("Content-Type", JsonAnswer.JSON);
        exchange.sendResponseHeaders(200, 0);
        try (watch; OutputStream out = exchange.getResponseBody()) {
            while (!closed.getAsBoolean() && Instant.now().isBefore(until)) {
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

    private static long version(String resourceVersion) {
        try {
            return resourceVersion == null || resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
