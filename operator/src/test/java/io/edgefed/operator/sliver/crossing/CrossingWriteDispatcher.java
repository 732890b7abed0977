package io.edgefed.operator.sliver.crossing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The CRUD dispatcher, plus the race of the AM's spec write with the operator's status write made certain: when a
 * status write arrives for a Sliver annotated {@link #ARMED}, the server first stores another spec change (as the AM
 * would, a moment earlier), removing the annotation, and only then handles the status write.
 */
final class CrossingWriteDispatcher extends KubernetesCrudDispatcher {

    static final String ARMED = "test.edgefed.io/cross-next-status-write";
    /** The spec field the crossing write sets, to the annotation's value. */
    static final String CROSSING_FIELD = "restartMarker";

    private final ObjectMapper json = new ObjectMapper();

    CrossingWriteDispatcher() {
        super(List.of());
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        crossIfArmed(request.getPath());
        return super.handlePatch(request);
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        crossIfArmed(request.getPath());
        return super.handleUpdate(request);
    }

    private void crossIfArmed(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!bare.contains("/slivers/") || !bare.endsWith("/status")) {
            return;
        }
        String resource = bare.substring(0, bare.length() - "/status".length());
        MockResponse current = handleGet(resource);
        if (current.code() != 200) {
            return;
        }
        try {
            ObjectNode sliver = (ObjectNode) json.readTree(current.getBody().readUtf8());
            JsonNode annotations = sliver.path("metadata").path("annotations");
            if (!annotations.has(ARMED)) {
                return;
            }
            String value = annotations.get(ARMED).asText();
            ((ObjectNode) annotations).remove(ARMED);
            ((ObjectNode) sliver.get("spec")).put(CROSSING_FIELD, value);
            MockResponse written = super.handleUpdate(request(HttpMethod.PUT, resource, sliver.toString()));
            if (written.code() != 200) {
                throw new IllegalStateException("the crossing write failed: " + written.code());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
