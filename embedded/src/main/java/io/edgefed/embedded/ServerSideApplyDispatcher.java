package io.edgefed.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The CRUD dispatcher plus a single-manager form of server-side apply, which the operator uses on real clusters and
 * which Fabric8's dispatcher does not implement. Applying an object that does not exist creates it. Applying one that
 * exists merges the applied fields into the stored object: objects merge key by key, so fields the server filled in
 * (a Service's node port) stay; lists take the applied elements, each merged with the stored element of the same
 * {@code name} (or {@code port}, {@code type}), as strategic merge does. An apply that changes nothing writes nothing.
 * As on a real API server, a {@code metadata.resourceVersion} in the applied object is a precondition (409 when the
 * stored object has moved on), and an apply without one never fails because another write landed between this
 * dispatcher's read and its write (it merges again onto the newer object).
 * Field ownership and conflicts between managers are not modelled: the embedded testbed has one manager per object.
 * Strategic merge patches (kubectl cordon, label or edit on built-in kinds) go through the same merge, a null
 * removing the field.
 */
final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final List<String> LIST_ELEMENT_KEYS = List.of("name", "port", "type", "key");
    private static final int CONFLICT = 409;
    private static final int MERGE_ATTEMPTS = 5;

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ObjectMapper json = new ObjectMapper();
    private final AccessReviews accessReviews = new AccessReviews();

    /** Told after every successful delete: the garbage collector listens here. */
    private volatile Runnable afterDelete = () -> { };

    ServerSideApplyDispatcher() {
        super(List.of());
    }

    void afterDelete(Runnable listener) {
        this.afterDelete = listener;
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        if (AccessReviews.isReview(request.getPath())) {
            return accessReviews.answer(request);
        }
        return super.handleCreate(request);
    }

    @Override
    public MockResponse handleDelete(String path) {
        MockResponse response = super.handleDelete(path);
        if (response.code() >= 200 && response.code() < 300) {
            afterDelete.run();
        }
        return response;
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
            return strategicMergePatch(request);
        }
        if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        ObjectNode applied = (ObjectNode) json.valueToTree(serialization.unmarshal(request.getUtf8Body(), Map.class));
        ObjectNode metadata = (ObjectNode) applied.get("metadata");
        String precondition = null;
        if (metadata != null) {
            JsonNode version = metadata.remove("resourceVersion");
            precondition = version == null || version.asText().isEmpty() ? null : version.asText();
            metadata.remove("managedFields");
        }
        for (int attempt = 1;; attempt++) {
            MockResponse current = handleGet(bare);
            if (current.code() == 404) {
                if (bare.endsWith("/status")) {
                    return current;
                }
                return handleCreate(request(HttpMethod.POST, bare.substring(0, bare.lastIndexOf('/')), applied.toString()));
            }
            try {
                String storedJson = current.getBody().readUtf8();
                JsonNode stored = json.readTree(storedJson);
                String storedVersion = stored.path("metadata").path("resourceVersion").asText();
                if (precondition != null && !precondition.equals(storedVersion)) {
                    return conflict(bare, precondition, storedVersion);
                }
                JsonNode merged = merge(stored.deepCopy(), applied);
                if (merged.equals(stored)) {
                    return new MockResponse().setResponseCode(200).setBody(storedJson);
                }
                MockResponse written = handleUpdate(request(HttpMethod.PUT, bare, merged.toString()));
                if (written.code() != CONFLICT || precondition != null || attempt == MERGE_ATTEMPTS) {
                    return written;
                }
            } catch (Exception e) {
                return new MockResponse().setResponseCode(422).setBody("{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\""
                        + e.getClass().getSimpleName() + "\",\"code\":422}");
            }
        }
    }

    /**
     * A strategic merge patch (kubectl cordon, kubectl edit on built-in kinds): the same merge as apply, where a
     * null removes the field; {@code $}-directives are not modelled and are dropped.
     */
    private MockResponse strategicMergePatch(RecordedRequest request) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        try {
            JsonNode patch = withoutDirectives(json.readTree(request.getUtf8Body()));
            MockResponse current = handleGet(bare);
            if (current.code() != 200) {
                return current;
            }
            JsonNode merged = merge(json.readTree(current.getBody().readUtf8()), patch);
            return handleUpdate(request(HttpMethod.PUT, bare, merged.toString()));
        } catch (Exception e) {
            return new MockResponse().setResponseCode(422).setBody(serialization.asJson(new StatusBuilder().withStatus("Failure")
                    .withReason("Invalid").withCode(422).withMessage("cannot apply the strategic merge patch: " + e.getMessage()).build()));
        }
    }

    private static JsonNode withoutDirectives(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getKey().startsWith("$"));
            object.properties().forEach(field -> withoutDirectives(field.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(ServerSideApplyDispatcher::withoutDirectives);
        }
        return node;
    }

    private MockResponse conflict(String path, String precondition, String stored) {
        String message = "Operation cannot be fulfilled on " + path + ": the object has been modified (applied resourceVersion "
                + precondition + ", stored " + stored + ")";
        return new MockResponse().setResponseCode(CONFLICT).setBody(serialization.asJson(new StatusBuilder()
                .withStatus("Failure").withReason("Conflict").withCode(CONFLICT).withMessage(message).build()));
    }

    static JsonNode merge(JsonNode stored, JsonNode applied) {
        if (stored instanceof ObjectNode storedObject && applied instanceof ObjectNode appliedObject) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = appliedObject.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    storedObject.remove(field.getKey());
                } else {
                    storedObject.set(field.getKey(), merge(storedObject.get(field.getKey()), field.getValue()));
                }
            }
            return storedObject;
        }
        if (stored instanceof ArrayNode storedList && applied instanceof ArrayNode appliedList) {
            ArrayNode result = appliedList.arrayNode();
            for (JsonNode element : appliedList) {
                JsonNode match = matchingElement(storedList, element);
                result.add(match == null ? element : merge(match.deepCopy(), element));
            }
            return result;
        }
        return applied;
    }

    private static JsonNode matchingElement(ArrayNode stored, JsonNode element) {
        for (String key : LIST_ELEMENT_KEYS) {
            if (element.has(key)) {
                for (JsonNode candidate : stored) {
                    if (element.get(key).equals(candidate.get(key))) {
                        return candidate;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
