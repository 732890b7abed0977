package io.edgefed.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The testbed page ({@code /}) as the server sends it: the node table, the sliver table, the nodes without a location
 * and the summary already filled with the testbed as it is, and the map's data inline, so that the page is complete
 * at load, with or without JavaScript; {@code map.js} then draws the map from that data and keeps everything live.
 * The wording matches what {@code live.js} and {@code map.js} write, which replace it once they run.
 */
final class TestbedPage {

    /** The sliver table shows at most this many rows, as map.js does. */
    static final int SLIVER_ROWS = 500;

    private static final Set<String> PLACES = Set.of("status", "summary", "unplaced-box", "unplaced", "nodes",
            "sliver-count", "slivers", "data");

    private final PageTemplate template;

    TestbedPage() {
        this.template = PageTemplate.of("META-INF/resources/index.html", PLACES);
    }

    String render(Publication publication, Instant now) {
        Testbed testbed = publication.testbed();
        List<NodeView> nodes = new ArrayList<>();
        testbed.nodes().forEach(nodes::add);
        List<String> unplaced = nodes.stream().filter(n -> !placed(n)).map(NodeView::name).sorted().toList();
        Map<String, String> fills = new HashMap<>();
        fills.put("status", "as of " + now.truncatedTo(ChronoUnit.SECONDS) + "; the page’s script keeps it live");
        fills.put("summary", Html.text(summary(nodes, testbed.links().size(), testbed.slivers().size(), publication.synced())));
        fills.put("unplaced-box", unplaced.isEmpty() ? "<aside id=\"unplaced-box\" hidden>" : "<aside id=\"unplaced-box\">");
        fills.put("unplaced", unplaced.stream().map(name -> "<li>" + nodeLink(name) + "</li>").collect(Collectors.joining()));
        StringBuilder rows = new StringBuilder(nodes.size() * 200);
        nodes.forEach(node -> nodeRow(rows, node, now));
        fills.put("nodes", rows.toString());
        List<SliverView> slivers = testbed.slivers();
        StringBuilder sliverRows = new StringBuilder(Math.min(slivers.size(), SLIVER_ROWS) * 300);
        slivers.stream().limit(SLIVER_ROWS).forEach(sliver -> sliverRow(sliverRows, sliver, now));
        fills.put("slivers", sliverRows.toString());
        fills.put("sliver-count", Html.text(slivers.size() > SLIVER_ROWS
                ? "showing " + SLIVER_ROWS + " of " + slivers.size() + " slivers: type to narrow"
                : slivers.size() + " sliver(s)"));
        fills.put("data", "<script type=\"application/json\" id=\"testbed-data\">" + publication.inlineDocument() + "</script>");
        return template.render(fills);
    }

    private static String summary(List<NodeView> nodes, int links, int slivers, boolean synced) {
        long placed = nodes.stream().filter(TestbedPage::placed).count();
        String text = nodes.size() + " nodes (" + placed + " on the map), " + links + " mesh links, " + slivers + " slivers";
        return synced ? text : text + " — still reading the cluster";
    }

    private static void nodeRow(StringBuilder out, NodeView node, Instant now) {
        out.append("<tr data-node=\"").append(Html.text(node.name())).append("\">");
        cell(out, nodeLink(node.name()));
        cell(out, Html.text(state(node)));
        cell(out, Html.text(meshRole(node)));
        String where = Stream.of(node.region(), node.country()).filter(v -> v != null && !v.isEmpty())
                .collect(Collectors.joining(", "));
        cell(out, Html.text(!where.isEmpty() ? where : placed(node) ? "" : "unknown"));
        cell(out, String.valueOf(node.slivers()));
        cell(out, Html.text(node.mesh().equals("none") ? "" : ago(node.lastSeen(), now)));
        out.append("</tr>");
    }

    private static void sliverRow(StringBuilder out, SliverView sliver, Instant now) {
        out.append("<tr data-sliver=\"").append(Html.text(sliver.name())).append("\">");
        cell(out, Html.text(slice(sliver)));
        cell(out, Html.text(sliver.clientId()));
        cell(out, Html.text(sliver.image()));
        cell(out, sliver.node() != null ? nodeLink(sliver.node()) : "not placed yet");
        cell(out, Html.text(sliver.allocationState()));
        cell(out, Html.text(sliver.operationalState()));
        if (sliver.expires() != null) {
            out.append("<td class=\"countdown\" data-expires=\"").append(Html.text(sliver.expires())).append("\" title=\"")
                    .append(Html.text(sliver.expires())).append("\">").append(Html.text(countdown(sliver.expires(), now)))
                    .append("</td>");
        } else {
            out.append("<td class=\"countdown\"></td>");
        }
        cell(out, Html.text(sliver.loginHost() == null ? ""
                : sliver.loginHost() + (sliver.loginPort() != null ? ":" + sliver.loginPort() : "")));
        out.append("</tr>");
    }

    private static void cell(StringBuilder out, String html) {
        out.append("<td>").append(html).append("</td>");
    }

    /** A link to the node's page; the name is escaped for the path, then for the attribute and the text. */
    static String nodeLink(String name) {
        String path = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "<a href=\"/nodes/" + Html.text(path) + "\">" + Html.text(name) + "</a>";
    }

    private static boolean placed(NodeView node) {
        return node.latitude() != null && node.longitude() != null;
    }

    static String state(NodeView node) {
        if (!node.joined()) {
            return "not joined";
        }
        if (Objects.equals(node.active(), Boolean.FALSE)) {
            return "inactive";
        }
        return node.ready() ? "Ready" : "not ready";
    }

    static String meshRole(NodeView node) {
        String role = switch (node.mesh()) {
            case "nat" -> "behind NAT";
            case "public" -> "public";
            default -> "not in the mesh";
        };
        return node.relay() ? role + ", relay" : role;
    }

    static String slice(SliverView sliver) {
        if (sliver.sliceUrn() != null && !sliver.sliceUrn().isEmpty()) {
            return sliver.sliceUrn();
        }
        return sliver.sliceId() != null && !sliver.sliceId().isEmpty()
                ? "slice " + sliver.sliceId().substring(0, Math.min(12, sliver.sliceId().length())) : "";
    }

    /** "1d 2h 03m 04s", "2h 03m 04s", "03m 04s", "expired", or "" without a valid time (as live.js counts down). */
    static String countdown(String expires, Instant now) {
        Instant at = instant(expires);
        if (at == null) {
            return "";
        }
        long left = Duration.between(now, at).toMillis() / 1000;
        if (left <= 0) {
            return "expired";
        }
        long d = left / 86400;
        long h = left % 86400 / 3600;
        long m = left % 3600 / 60;
        long s = left % 60;
        return (d > 0 ? d + "d " : "") + (d > 0 || h > 0 ? h + "h " : "") + String.format("%02dm %02ds", m, s);
    }

    /** "12 s ago", "3 min ago", "2 h ago", "4 days ago", "never" (as live.js says it). */
    static String ago(String time, Instant now) {
        if (time == null || time.isEmpty()) {
            return "never";
        }
        Instant at = instant(time);
        if (at == null) {
            return time;
        }
        long seconds = Duration.between(at, now).toMillis() / 1000;
        if (seconds < 60) {
            return Math.max(seconds, 0) + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " days ago";
    }

    private static Instant instant(String time) {
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException unparsable) {
            return null;
        }
    }
}
