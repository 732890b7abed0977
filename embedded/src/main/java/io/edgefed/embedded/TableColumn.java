package io.edgefed.embedded;

import java.time.Instant;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One column of a server-side table: its definition as kubectl receives it and how a cell is computed from an
 * object. Priority 0 columns are always printed, higher ones only with {@code -o wide}.
 */
record TableColumn(String name, String type, String format, int priority, String description,
        BiFunction<JsonNode, Instant, Object> cell) {

    static TableColumn column(String name, BiFunction<JsonNode, Instant, Object> cell) {
        return new TableColumn(name, "string", "", 0, name, cell);
    }

    static TableColumn wideColumn(String name, BiFunction<JsonNode, Instant, Object> cell) {
        return new TableColumn(name, "string", "", 1, name, cell);
    }

    static TableColumn nameColumn() {
        return new TableColumn("Name", "string", "name", 0,
                "Name must be unique within a namespace.", (object, now) -> object.path("metadata").path("name").asText());
    }

    static TableColumn ageColumn() {
        return new TableColumn("Age", "string", "", 0,
                "CreationTimestamp is a timestamp representing the server time when this object was created.",
                (object, now) -> HumanDuration.since(object.path("metadata").path("creationTimestamp").asText(null), now));
    }
}
