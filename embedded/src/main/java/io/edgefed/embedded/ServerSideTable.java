package io.edgefed.embedded;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A list or an object rendered as the {@code meta.k8s.io/v1 Table} kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}: column definitions and one row per object, each
 * row carrying the object's metadata ({@code includeObject=Metadata}, the default), the whole object
 * ({@code Object}) or nothing ({@code None}). kubectl adds the NAMESPACE column itself from that metadata.
 */
final class ServerSideTable {

    static final String ACCEPT_MARKER = "as=Table";

    private final ObjectMapper json = new ObjectMapper();

    static boolean wanted(String accept) {
        return accept != null && accept.contains(ACCEPT_MARKER) && accept.contains("g=meta.k8s.io");
    }

    static List<TableColumn> columnsOf(ApiResource resource) {
        return resource.isCustom() ? CrdColumns.of(resource.printerColumns()) : BuiltInColumns.forKind(resource.kind());
    }

    /** The table of a list ({@code items}) or of one object. */
    ObjectNode table(ApiResource resource, JsonNode listOrObject, String includeObject, Instant now) {
        List<TableColumn> columns = columnsOf(resource);
        ObjectNode table = json.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        JsonNode version = listOrObject.path("metadata").path("resourceVersion");
        if (!version.isMissingNode()) {
            metadata.put("resourceVersion", version.asText());
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (TableColumn column : columns) {
            definitions.addObject().put("name", column.name()).put("type", column.type()).put("format", column.format())
                    .put("description", column.description()).put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        if (listOrObject.has("items")) {
            // In the order a real API server lists (its storage keys): by namespace, then by name.
            List<JsonNode> items = new java.util.ArrayList<>();
            listOrObject.path("items").forEach(items::add);
            items.sort(java.util.Comparator.comparing((JsonNode item) -> item.path("metadata").path("namespace").asText(""))
                    .thenComparing(item -> item.path("metadata").path("name").asText("")));
            for (JsonNode item : items) {
                rows.add(row(resource, columns, item, includeObject, now));
            }
        } else {
            rows.add(row(resource, columns, listOrObject, includeObject, now));
        }
        return table;
    }

    private ObjectNode row(ApiResource resource, List<TableColumn> columns, JsonNode object, String includeObject, Instant now) {
        ObjectNode row = json.createObjectNode();
        ArrayNode cells = row.putArray("cells");
        for (TableColumn column : columns) {
            cells.add(json.valueToTree(column.cell().apply(object, now)));
        }
        if ("Object".equals(includeObject)) {
            ObjectNode full = object.deepCopy();
            full.put("apiVersion", resource.groupVersion()).put("kind", resource.kind());
            row.set("object", full);
        } else if (!"None".equals(includeObject)) {
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", object.path("metadata").deepCopy());
        }
        return row;
    }
}
