package io.edgefed.embedded;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * A CRD's {@code additionalPrinterColumns} as the apiextensions server turns them into table columns: Name first,
 * then each column's JSONPath evaluated on the object (Jayway JsonPath, after turning Kubernetes' path syntax, such
 * as {@code .metadata.annotations.edgefed\.io/expires}, into its bracket form); {@code date} columns print as ages.
 * A CRD without printer columns gets Age.
 */
final class CrdColumns {

    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider()).mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS).build();

    private CrdColumns() {
    }

    static List<TableColumn> of(JsonNode printerColumns) {
        List<TableColumn> columns = new ArrayList<>();
        columns.add(TableColumn.nameColumn());
        if (printerColumns.isEmpty()) {
            columns.add(TableColumn.ageColumn());
            return columns;
        }
        for (JsonNode column : printerColumns) {
            String type = column.path("type").asText("string");
            JsonPath path = JsonPath.compile(jaywayPath(column.path("jsonPath").asText()));
            columns.add(new TableColumn(column.path("name").asText(), type, column.path("format").asText(""),
                    column.path("priority").asInt(0), column.path("description").asText(column.path("name").asText()),
                    (object, now) -> {
                        JsonNode value = value(path, object);
                        if (value == null) {
                            return null;
                        }
                        return "date".equals(type) ? HumanDuration.since(value.asText(), now) : plain(value);
                    }));
        }
        return columns;
    }

    private static JsonNode value(JsonPath path, JsonNode object) {
        JsonNode found = path.read(object, JSON_PATH);
        if (found != null && found.isArray()) {
            found = found.isEmpty() ? null : found.get(0);
        }
        return found == null || found.isNull() || found.isMissingNode() ? null : found;
    }

    private static Object plain(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /**
     * {@code .a.b\.c/d[0]} becomes {@code $['a']['b.c/d'][0]}: Kubernetes escapes dots inside a key with a
     * backslash, Jayway wants such keys in brackets. Bracket parts ({@code [0]}, {@code [?(@.type=="Ready")]}) are
     * kept as they are.
     */
    static String jaywayPath(String kubernetesPath) {
        String path = kubernetesPath.strip();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        StringBuilder out = new StringBuilder("$");
        StringBuilder key = new StringBuilder();
        int i = path.startsWith("$") ? 1 : 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length()) {
                key.append(path.charAt(i + 1));
                i += 2;
            } else if (c == '.') {
                flush(out, key);
                i++;
            } else if (c == '[') {
                flush(out, key);
                int depth = 0;
                int start = i;
                do {
                    depth += path.charAt(i) == '[' ? 1 : path.charAt(i) == ']' ? -1 : 0;
                    i++;
                } while (depth > 0 && i < path.length());
                out.append(path, start, i);
            } else {
                key.append(c);
                i++;
            }
        }
        flush(out, key);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder key) {
        if (key.length() > 0) {
            out.append("['").append(key.toString().replace("'", "\\'")).append("']");
            key.setLength(0);
        }
    }
}
