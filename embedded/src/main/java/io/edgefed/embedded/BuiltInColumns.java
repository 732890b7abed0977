package io.edgefed.embedded;

import static io.edgefed.embedded.TableColumn.ageColumn;
import static io.edgefed.embedded.TableColumn.column;
import static io.edgefed.embedded.TableColumn.nameColumn;
import static io.edgefed.embedded.TableColumn.wideColumn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The columns a real API server's printers give the built-in kinds the testbed holds (nodes, pods, deployments,
 * services, events, config maps, namespaces, network policies); any other built-in kind gets Name and Age.
 */
final class BuiltInColumns {

    private static final String NONE = "<none>";

    private static final Map<String, List<TableColumn>> BY_KIND = Map.of(
            "Node", List.of(nameColumn(), column("Status", (n, now) -> nodeStatus(n)), column("Roles", (n, now) -> nodeRoles(n)), ageColumn(),
                    column("Version", (n, now) -> text(n.path("status").path("nodeInfo").path("kubeletVersion"), "")),
                    wideColumn("Internal-IP", (n, now) -> address(n, "InternalIP")), wideColumn("External-IP", (n, now) -> address(n, "ExternalIP")),
                    wideColumn("OS-Image", (n, now) -> text(n.path("status").path("nodeInfo").path("osImage"), "<unknown>")),
                    wideColumn("Kernel-Version", (n, now) -> text(n.path("status").path("nodeInfo").path("kernelVersion"), "<unknown>")),
                    wideColumn("Container-Runtime", (n, now) -> text(n.path("status").path("nodeInfo").path("containerRuntimeVersion"),
                            "<unknown>"))),
            "Pod", List.of(nameColumn(), column("Ready", (p, now) -> podReady(p)), column("Status", (p, now) -> podStatus(p)),
                    new TableColumn("Restarts", "string", "", 0, "Restarts", (p, now) -> podRestarts(p)), ageColumn(),
                    wideColumn("IP", (p, now) -> text(p.path("status").path("podIP"), NONE)),
                    wideColumn("Node", (p, now) -> text(p.path("spec").path("nodeName"), NONE)),
                    wideColumn("Nominated Node", (p, now) -> text(p.path("status").path("nominatedNodeName"), NONE)),
                    wideColumn("Readiness Gates", (p, now) -> NONE)),
            "Deployment", List.of(nameColumn(),
                    column("Ready", (d, now) -> d.path("status").path("readyReplicas").asInt() + "/" + d.path("spec").path("replicas").asInt(1)),
                    new TableColumn("Up-to-date", "integer", "", 0, "Up-to-date", (d, now) -> d.path("status").path("updatedReplicas").asInt()),
                    new TableColumn("Available", "integer", "", 0, "Available", (d, now) -> d.path("status").path("availableReplicas").asInt()),
                    ageColumn(),
                    wideColumn("Containers", (d, now) -> joined(d.path("spec").path("template").path("spec").path("containers"), "name")),
                    wideColumn("Images", (d, now) -> joined(d.path("spec").path("template").path("spec").path("containers"), "image")),
                    wideColumn("Selector", (d, now) -> selector(d.path("spec").path("selector").path("matchLabels")))),
            "Service", List.of(nameColumn(), column("Type", (s, now) -> text(s.path("spec").path("type"), "ClusterIP")),
                    column("Cluster-IP", (s, now) -> text(s.path("spec").path("clusterIP"), NONE)),
                    column("External-IP", (s, now) -> NONE), column("Port(s)", (s, now) -> ports(s)), ageColumn(),
                    wideColumn("Selector", (s, now) -> selector(s.path("spec").path("selector")))),
            "Event", List.of(column("Last Seen", (e, now) -> HumanDuration.since(lastSeen(e), now)),
                    column("Type", (e, now) -> text(e.path("type"), "")), column("Reason", (e, now) -> text(e.path("reason"), "")),
                    column("Object", (e, now) -> e.path("involvedObject").path("kind").asText().toLowerCase() + "/"
                            + e.path("involvedObject").path("name").asText()),
                    wideColumn("Subobject", (e, now) -> text(e.path("involvedObject").path("fieldPath"), "")),
                    wideColumn("Source", (e, now) -> source(e)),
                    column("Message", (e, now) -> text(e.path("message"), "").strip()),
                    wideColumn("First Seen", (e, now) -> HumanDuration.since(text(e.path("firstTimestamp"), lastSeen(e)), now)),
                    new TableColumn("Count", "integer", "", 1, "Count", (e, now) -> e.path("count").asInt(1)),
                    wideColumn("Name", (e, now) -> e.path("metadata").path("name").asText())),
            "ConfigMap", List.of(nameColumn(), new TableColumn("Data", "integer", "", 0, "Data",
                    (c, now) -> c.path("data").size() + c.path("binaryData").size()), ageColumn()),
            "Namespace", List.of(nameColumn(), column("Status", (n, now) -> text(n.path("status").path("phase"), "Active")), ageColumn()),
            "NetworkPolicy", List.of(nameColumn(), column("Pod-Selector", (p, now) -> podSelector(p)), ageColumn()));

    private BuiltInColumns() {
    }

    static List<TableColumn> forKind(String kind) {
        return BY_KIND.getOrDefault(kind, List.of(nameColumn(), ageColumn()));
    }

    private static String text(JsonNode node, String otherwise) {
        return node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? otherwise : node.asText();
    }

    private static String nodeStatus(JsonNode node) {
        String ready = "Unknown";
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                ready = "True".equals(condition.path("status").asText()) ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean() ? ready + ",SchedulingDisabled" : ready;
    }

    private static String nodeRoles(JsonNode node) {
        List<String> roles = new ArrayList<>();
        for (Iterator<String> keys = node.path("metadata").path("labels").fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (key.startsWith("node-role.kubernetes.io/")) {
                roles.add(key.substring("node-role.kubernetes.io/".length()));
            }
        }
        return roles.isEmpty() ? NONE : String.join(",", roles.stream().sorted().toList());
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (type.equals(address.path("type").asText())) {
                return address.path("address").asText();
            }
        }
        return NONE;
    }

    private static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            ready += status.path("ready").asBoolean() ? 1 : 0;
        }
        return ready + "/" + total;
    }

    private static String podStatus(JsonNode pod) {
        if (pod.path("metadata").has("deletionTimestamp")) {
            return "Terminating";
        }
        String reason = pod.path("status").path("reason").asText("");
        return !reason.isEmpty() ? reason : text(pod.path("status").path("phase"), "Pending");
    }

    private static int podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            restarts += status.path("restartCount").asInt();
        }
        return restarts;
    }

    private static String joined(JsonNode items, String field) {
        StringJoiner joined = new StringJoiner(",");
        items.forEach(item -> joined.add(item.path(field).asText()));
        return joined.toString();
    }

    private static String selector(JsonNode labels) {
        if (labels.isMissingNode() || labels.isEmpty()) {
            return NONE;
        }
        StringJoiner joined = new StringJoiner(",");
        labels.fields().forEachRemaining(e -> joined.add(e.getKey() + "=" + e.getValue().asText()));
        return joined.toString();
    }

    private static String podSelector(JsonNode policy) {
        JsonNode labels = policy.path("spec").path("podSelector").path("matchLabels");
        return labels.isMissingNode() || labels.isEmpty() ? NONE : selector(labels);
    }

    private static String ports(JsonNode service) {
        StringJoiner joined = new StringJoiner(",");
        for (JsonNode port : service.path("spec").path("ports")) {
            String protocol = port.path("protocol").asText("TCP");
            joined.add(port.path("port").asInt() + (port.has("nodePort") ? ":" + port.path("nodePort").asInt() : "") + "/" + protocol);
        }
        return joined.length() == 0 ? NONE : joined.toString();
    }

    private static String lastSeen(JsonNode event) {
        String last = text(event.path("lastTimestamp"), "");
        return last.isEmpty() ? text(event.path("eventTime"), "") : last;
    }

    private static String source(JsonNode event) {
        String component = text(event.path("source").path("component"), text(event.path("reportingComponent"), ""));
        String host = text(event.path("source").path("host"), "");
        return host.isEmpty() ? component : component + ", " + host;
    }
}
