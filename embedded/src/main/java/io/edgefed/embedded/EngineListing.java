package io.edgefed.embedded;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code ps --all --format json} of podman (one JSON array; {@code Names} an array, {@code Labels} an object)
 * and of docker (one object per line; {@code Names} a string, {@code Labels} "k=v,k=v"). Only the JSON form says
 * the state plainly ({@code running}, {@code exited}): podman 4's {@code {{.State}}} template prints "Up 3 seconds".
 */
final class EngineListing {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineListing() {
    }

    static List<JsonNode> containers(String output) throws IOException {
        List<JsonNode> containers = new ArrayList<>();
        String text = output.strip();
        if (text.isEmpty()) {
            return containers;
        }
        if (text.startsWith("[")) {
            JSON.readTree(text).forEach(containers::add);
            return containers;
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                containers.add(JSON.readTree(line));
            }
        }
        return containers;
    }

    static String name(JsonNode container) {
        JsonNode names = container.path("Names");
        return names.isArray() ? names.path(0).asText("") : names.asText("").split(",")[0];
    }

    static String label(JsonNode container, String key) {
        JsonNode labels = container.path("Labels");
        if (labels.isObject()) {
            return labels.path(key).asText("");
        }
        for (String pair : labels.asText("").split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(key)) {
                return pair.substring(equals + 1);
            }
        }
        return "";
    }
}
