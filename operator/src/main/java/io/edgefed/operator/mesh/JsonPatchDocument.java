package io.edgefed.operator.mesh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 6902 JSON Patch, built operation by operation. Used instead of a JSON merge patch because the operator
 * replaces lists (owner references, conditions): a real API server replaces a list in a merge patch, but the Fabric8
 * test server appends to it, so only a JSON Patch means the same to both.
 */
final class JsonPatchDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode operations = JSON.createArrayNode();

    /**
     * Makes the change conditional on the object still being at {@code resourceVersion}: the API server refuses
     * (409) a patch whose result names a resourceVersion other than the stored one.
     */
    JsonPatchDocument onlyIfUnchangedSince(String resourceVersion) {
        return op("replace", "/metadata/resourceVersion", resourceVersion);
    }

    /** Sets a member, replacing it if it exists (its parent must exist). */
    JsonPatchDocument set(String path, Object value) {
        return op("add", path, value);
    }

    JsonPatchDocument remove(String path) {
        ObjectNode op = operations.addObject();
        op.put("op", "remove");
        op.put("path", path);
        return this;
    }

    boolean isEmpty() {
        return operations.isEmpty();
    }

    private JsonPatchDocument op(String kind, String path, Object value) {
        ObjectNode op = operations.addObject();
        op.put("op", kind);
        op.put("path", path);
        op.set("value", JSON.valueToTree(value));
        return this;
    }

    @Override
    public String toString() {
        return operations.toString();
    }
}
