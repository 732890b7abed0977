package io.edgefed.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Passes a kubectl request that is neither discovery nor a watch to the store, and mends the answer where kubectl
 * expects more than the store gives: typed lists, field selectors on lists, server-side tables.
 */
final class StoreForwarder {

    /** What a real API server accepts as one request body (3 MiB). */
    static final int MAX_BODY = 3 * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String store;
    private final ServerSideTable tables;
    private final ObjectMapper json = new ObjectMapper();

    StoreForwarder(String store, ServerSideTable tables) {
        this.store = store;
        this.tables = tables;
    }

    void forward(HttpExchange exchange, Optional<ResourcePath> target, Map<String, String> query)
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
            JsonAnswer.send(exchange, 413, JsonAnswer.status(413, "RequestEntityTooLarge",
                    "the request body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Accept", JsonAnswer.JSON);
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
        JsonAnswer.send(exchange, response.statusCode(), answer);
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

    private static long contentLength(HttpExchange exchange) {
        try {
            return Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
        } catch (NumberFormatException | NullPointerException unknown) {
            return 0;
        }
    }
}
