package io.edgefed.console;

import static io.edgefed.console.Fixtures.direct;
import static io.edgefed.console.Fixtures.node;
import static io.edgefed.console.Fixtures.peer;
import static io.edgefed.console.Fixtures.relay;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;

/**
 * The testbed page as the server fills it: the tables hold the testbed, text that tries to be markup stays text, and
 * the inline data cannot end its script element and reads back as the document. The basemap it ships is Natural
 * Earth's countries, under 500 kB.
 */
class TestbedPageTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final String SCRIPT_BREAKER = "</script><!--<script>window.__xss='inline'</script>\u2028\u2029&amp;";

    @Test
    void theTablesHoldEveryNodeAndSliverAsEscapedText() throws Exception {
        String page = render(true);
        assertThat(page).contains("<tr data-node=\"edge-paris\"><td><a href=\"/nodes/edge-paris\">edge-paris</a></td>"
                + "<td>Ready</td><td>public, relay</td><td>FR</td><td>1</td><td>30 s ago</td></tr>");
        assertThat(page).contains("<td>not placed yet</td>", "<td class=\"countdown\" data-expires=\"2026-12-03T13:01:01Z\"",
                ">1h 01m 01s</td>", "<td>203.0.113.10:30022</td>");
        assertThat(page).contains(Html.text(EuropeanTestbed.EVIL_NODE), Html.text(EuropeanTestbed.EVIL_CLIENT_ID),
                Html.text(EuropeanTestbed.EVIL_REGION));
        String withoutData = page.substring(0, page.indexOf("<script type=\"application/json\""));
        assertThat(withoutData).doesNotContain("<img", "<script>", "onerror=\"");
        assertThat(withoutData).contains("<p id=\"summary\">4 nodes (3 on the map), 1 mesh links, 2 slivers</p>");
        assertThat(withoutData).contains("<span id=\"sliver-count\" class=\"hint\">2 sliver(s)</span>");
        assertThat(withoutData).contains("<aside id=\"unplaced-box\">", "<ul id=\"unplaced\"><li><a href=\"/nodes/nowhere\">");
        assertThat(page).doesNotContain("<!--@");
    }

    @Test
    void theInlineDataCannotEndItsScriptAndReadsBackAsTheDocument() throws Exception {
        Publication publication = publication(true);
        String page = new TestbedPage().render(publication, NOW);
        String open = "<script type=\"application/json\" id=\"testbed-data\">";
        int start = page.indexOf(open) + open.length();
        int end = page.indexOf("</script>", start);
        String inline = page.substring(start, end);
        assertThat(inline).doesNotContain("<", ">", "\u2028", "\u2029").contains("\\u003c/script\\u003e\\u003c!--");
        ObjectMapper json = new ObjectMapper();
        JsonNode read = json.readTree(inline);
        assertThat(read).isEqualTo(json.readTree(publication.document()));
        assertThat(read.get("slivers").findValuesAsText("clientId")).contains(SCRIPT_BREAKER);
    }

    @Test
    void theEmptyStatePanelIsHiddenWhenEveryNodeHasALocation() {
        String page = render(false);
        assertThat(page).contains("<aside id=\"unplaced-box\" hidden>", "<ul id=\"unplaced\"></ul>");
    }

    @Test
    void theBasemapIsNaturalEarthsCountriesUnder500Kilobytes() throws Exception {
        byte[] geojson = ClassPathResources.read(Basemap.GEOJSON);
        assertThat(geojson.length).isLessThan(500_000);
        JsonNode map = new ObjectMapper().readTree(geojson);
        assertThat(map.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(map.get("source").asText()).contains("Natural Earth 1:50m");
        List<String> names = map.get("features").findValuesAsText("name");
        assertThat(names).hasSizeGreaterThan(150).contains("France", "Belgium", "Germany", "Netherlands", "Portugal",
                "Luxembourg", "United States of America", "Japan");
        assertThat(new String(Basemap.script().getBytes(), StandardCharsets.UTF_8)).startsWith("'use strict';\nvar EdgefedBasemap = {");
    }

    private static String render(boolean withUnplaced) {
        return new TestbedPage().render(publication(withUnplaced), NOW);
    }

    private static Publication publication(boolean withUnplaced) {
        List<io.fabric8.kubernetes.api.model.Node> nodes = new ArrayList<>(List.of(
                node("edge-paris", true, 48.8566, 2.3522, Map.of("edgefed.io/country", "FR")),
                node("home-ghent", true, 51.0543, 3.7174, Map.of("edgefed.io/country", "BE")),
                node(EuropeanTestbed.EVIL_NODE, true, 45.0, 5.0, Map.of("topology.kubernetes.io/region", EuropeanTestbed.EVIL_REGION))));
        if (withUnplaced) {
            nodes.add(node("nowhere", true, null, null, Map.of()));
        }
        Sliver evil = Fixtures.sliver("s-evil", EuropeanTestbed.EVIL_CLIENT_ID, "edge-paris", NOW.plusSeconds(3661),
                OperationalState.READY);
        Sliver breaker = Fixtures.sliver("s-breaker", SCRIPT_BREAKER, null, NOW.plusSeconds(60), OperationalState.NOT_READY);
        breaker.getStatus().setNode(null);
        ClusterState state = new ClusterState(nodes, List.of(
                peer("edge-paris", false, true, Map.of("home-ghent", direct(NOW)), NOW.minusSeconds(30)),
                peer("home-ghent", true, false, Map.of("edge-paris", relay("edge-paris", NOW)), NOW)), List.of(evil, breaker));
        return Publication.of(7, Testbed.of(state, false), true, null);
    }
}
