package io.edgefed.console;

import static io.edgefed.console.EuropeanTestbed.EVIL_CLIENT_ID;
import static io.edgefed.console.EuropeanTestbed.EVIL_NODE;
import static io.edgefed.console.EuropeanTestbed.EVIL_REGION;
import static io.restassured.RestAssured.given;
import static io.edgefed.model.testing.ShippedMonitoring.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Node;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * The console against the mock API server, looked at in a real browser (Debian's Chromium, headless) the way a person
 * does: markers on the map, a relayed link drawn dashed through its relay, a sliver appearing and leaving, a node's
 * page turning to "inactive"; and text that tries to be markup staying text. Screenshots go to target/screenshots.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ConsolePagesTest {

    /** The promise: a change reaches an open page within this. */
    private static final Duration LIVE = Duration.ofSeconds(2);

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    URL console;

    private EuropeanTestbed testbed;

    @BeforeEach
    void aSmallEuropeanTestbed() {
        testbed = EuropeanTestbed.in(server.getClient());
    }

    @Test
    void theMapShowsEveryPlacedNodeAndTheMeshLinksWithALegend() throws Exception {
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = openTheTestbedPage(browser);
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15));

            WebElement relayed = page.findElement(By.cssSelector("path.mesh-relay"));
            assertThat(relayed.getAttribute("stroke-dasharray")).isEqualTo("8 6");
            for (WebElement line : page.findElements(By.cssSelector("path.mesh-direct"))) {
                assertThat(line.getAttribute("stroke-dasharray")).isNull();
            }
            assertThat(page.findElements(By.cssSelector("path.mesh-direct"))).hasSize(2);
            assertThat(page.findElement(By.cssSelector("path.mesh-down")).getAttribute("stroke")).isEqualTo("#d32f2f");
            assertThat(page.findElements(By.cssSelector("path.node-marker.relay-node"))).hasSize(1);
            assertThat(page.findElements(By.cssSelector("path.node-marker.node-notready"))).hasSize(1);
            assertThat(page.findElement(By.id("unplaced")).getText()).isEqualTo("unplaced-1");
            assertThat(page.findElement(By.id("unplaced-box")).isDisplayed()).isTrue();
            assertThat(page.findElement(By.cssSelector(".legend")).getText())
                    .contains("direct path", "relayed (through the relay)", "down", "behind NAT");

            List<Integer> onRelayed = reachablePoints(page).get("home-berlin~home-ghent");
            new Actions(page).moveToLocation(onRelayed.get(0), onRelayed.get(1)).perform();
            wait.until(d -> tooltips(page).contains("relayed via edge-paris"));
            assertThat(tooltips(page)).contains("home-berlin ↔ home-ghent", "last handshake: " + EuropeanTestbed.berlinGhentHandshake());
            browser.screenshot("testbed-map");

            // Markup in names, labels and client ids stays text, on the map, in the tables and in tooltips.
            WebElement evilMarker = page.findElement(By.cssSelector("path.node-marker[data-node='" + EVIL_NODE
                    .replace("\\", "\\\\").replace("'", "\\'") + "']"));
            new Actions(page).moveToElement(evilMarker).perform();
            wait.until(d -> tooltips(page).contains(EVIL_REGION));
            assertThat(page.findElement(By.id("nodes")).getText()).contains(EVIL_NODE);
            assertThat(page.findElement(By.id("slivers")).getText()).contains(EVIL_CLIENT_ID);
            assertThat(page.findElements(By.cssSelector("#slivers img, #nodes img, .leaflet-tooltip img,"
                    + " script:not([src]):not(#testbed-data)")))
                    .isEmpty();
            assertNoScriptRan(page);
            browser.screenshot("testbed-markup-stays-text");

            page.get(console + "nodes/" + URLEncoder.encode(EVIL_NODE, StandardCharsets.UTF_8).replace("+", "%20"));
            wait.until(d -> "healthy".equals(d.findElement(By.tagName("body")).getAttribute("data-state"))
                    || "problems".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
            assertThat(page.findElement(By.id("title")).getText()).isEqualTo("Node " + EVIL_NODE);
            assertNoScriptRan(page);
        }
    }

    /**
     * Without tiles (the tests' setting) the map still shows geography: Natural Earth's countries under the markers,
     * each node inside its own country, in a pane below the tiles' (which cover it when a tile server answers).
     */
    @Test
    void theBasemapShowsTheCountriesUnderTheMarkersWithoutTiles() throws Exception {
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = openTheTestbedPage(browser);
            assertThat(page.findElements(By.cssSelector(".leaflet-tile-pane img"))).as("tiles are off").isEmpty();
            assertThat(page.findElements(By.cssSelector(".leaflet-basemap-pane path.country"))).hasSizeGreaterThan(150);
            for (var node : Map.of("edge-paris", "France", "home-ghent", "Belgium", "home-berlin", "Germany",
                    "home-lisbon", "Portugal").entrySet()) {
                assertThat(under(page, node.getKey())).as("what lies under %s's marker", node.getKey())
                        .isEqualTo("marker over " + node.getValue());
            }
            assertThat(page.executeScript("""
                    var z = n => Number(getComputedStyle(document.querySelector('.leaflet-' + n + '-pane')).zIndex);
                    return z('basemap') < z('tile') && z('tile') < z('overlay');""")).isEqualTo(true);
            assertThat(page.findElement(By.cssSelector(".leaflet-control-attribution")).getText()).contains("Natural Earth");
            browser.screenshot("basemap-without-tiles");
        }
    }

    /**
     * The page as the server sends it is the testbed, complete: read with scripts off, and read with scripts on but
     * its live stream blocked (so no event ever arrives), it holds every node, every sliver and the map.
     */
    @Test
    void thePageHoldsTheWholeTestbedAtLoadBeforeAnyEvent() throws Exception {
        try (Browser browser = Browser.startWithoutScripts(1400, 1000)) {
            ChromeDriver page = browser.driver();
            page.get(console.toString());
            assertThat(page.findElements(By.cssSelector("path.node-marker"))).as("no script drew the map").isEmpty();
            assertHoldsTheTestbed(page);
            assertThat(page.findElement(By.id("summary")).getText()).isEqualTo("6 nodes (5 on the map), 4 mesh links, 1 slivers");
            assertThat(page.findElement(By.id("status")).getText()).startsWith("as of ");
            browser.screenshot("page-without-scripts");
        }
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = browser.driver();
            page.executeCdpCommand("Network.enable", Map.of());
            page.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/testbed/events*")));
            page.get(console.toString());
            // Drawn at load, from the page's own data: no event ever reaches this page.
            assertThat(page.findElements(By.cssSelector("path.node-marker"))).hasSize(5);
            assertThat(page.findElements(By.cssSelector("path.mesh-link"))).hasSize(4);
            assertThat(page.findElement(By.tagName("body")).getAttribute("data-version")).isNotEqualTo("-1");
            assertHoldsTheTestbed(page);
            assertNoScriptRan(page);
            new WebDriverWait(page, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("status")).getText().equals("reconnecting…"));
            browser.screenshot("page-at-load-without-events");
        }
    }

    private static void assertHoldsTheTestbed(ChromeDriver page) {
        List<String> nodes = page.findElements(By.cssSelector("#nodes tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(nodes).containsExactlyInAnyOrder("edge-paris", "home-ghent", "home-berlin", "home-lisbon", "unplaced-1",
                EVIL_NODE);
        assertThat(page.findElement(By.cssSelector("#slivers tr[data-sliver='s-evil']")).getText())
                .contains(EVIL_CLIENT_ID, "edge-paris", "geni_ready", "203.0.113.10:30022");
        assertThat(page.findElement(By.id("unplaced")).getText()).isEqualTo("unplaced-1");
        assertThat(page.findElements(By.cssSelector("#slivers img, #nodes img, #unplaced img, script:not([src]):not(#testbed-data)")))
                .isEmpty();
    }

    /**
     * A relayed path is a curve through its relay that lies on none of the direct paths (sampled every pixel, it keeps
     * several pixels from them away from the markers), and every path, direct, relayed or down, has a point where the
     * pointer reaches it and its tooltip.
     */
    @Test
    void aRelayedPathLiesOnNoDirectPathAndEveryPathShowsItsTooltip() throws Exception {
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = openTheTestbedPage(browser);
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15));
            Map<?, ?> geometry = (Map<?, ?>) page.executeScript(SAMPLED_PATHS + """
                    var relayed = samples(document.querySelector('path.mesh-relay'), 1);
                    var direct = Array.from(document.querySelectorAll('path.mesh-direct')).flatMap(p => samples(p, 1));
                    var markers = Array.from(document.querySelectorAll('path.node-marker')).map(m => {
                      var b = m.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; });
                    var paris = document.querySelector("path.node-marker[data-node='edge-paris']").getBoundingClientRect();
                    var relay = [paris.x + paris.width / 2, paris.y + paris.height / 2];
                    var gap = Infinity, widest = 0, free = 0;
                    relayed.forEach(r => {
                      if (markers.some(m => dist(r, m) < 14)) { return; }
                      free++;
                      var nearest = Math.min(...direct.map(d => dist(r, d)));
                      gap = Math.min(gap, nearest);
                      widest = Math.max(widest, nearest);
                    });
                    return { gap: gap, widest: widest, free: free,
                      throughRelay: Math.min(...relayed.map(r => dist(r, relay))) };""");
            assertThat(((Number) geometry.get("free")).intValue()).as("points of the relayed path clear of the markers")
                    .isGreaterThan(100);
            // Strokes are 3 px wide: centres 4 px apart do not touch. Out of the markers, the arcs leave at about 30°.
            assertThat(((Number) geometry.get("gap")).doubleValue()).as("closest the relayed path comes to a direct one (px)")
                    .isGreaterThan(4);
            assertThat(((Number) geometry.get("widest")).doubleValue()).as("widest gap to the direct paths (px)")
                    .isGreaterThan(20);
            assertThat(((Number) geometry.get("throughRelay")).doubleValue()).as("distance from the relay (px)").isLessThan(2);

            // Where each path can be pointed at (the topmost element there), found before any tooltip opens.
            Map<String, List<Integer>> targets = reachablePoints(page);
            assertThat(targets).hasSize(4);
            for (var target : targets.entrySet()) {
                assertThat(target.getValue()).as("a point where %s is on top", target.getKey()).isNotNull();
                new Actions(page).moveToLocation(target.getValue().get(0), target.getValue().get(1)).perform();
                String ends = target.getKey().replace("~", " ↔ ");
                wait.until(d -> tooltips(page).contains(ends));
            }
            browser.screenshot("relayed-path-curved");
        }
    }

    /**
     * For each mesh link on the map, a point (in the page's pixels) where it is the topmost element, so that the
     * pointer reaches it there; null for a link hidden everywhere between its first and last tenth.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Integer>> reachablePoints(ChromeDriver page) {
        Map<String, List<Integer>> points = new java.util.TreeMap<>();
        List<List<Object>> found = (List<List<Object>>) page.executeScript(SAMPLED_PATHS + """
                return Array.from(document.querySelectorAll('path.mesh-link')).map(p => {
                  var all = samples(p, 1), n = all.length;
                  var hit = all.slice(Math.floor(n * 0.1), Math.ceil(n * 0.9))
                    .find(q => document.elementFromPoint(q[0], q[1]) === p);
                  return [p.getAttribute('data-link'), hit ? Math.round(hit[0]) : null, hit ? Math.round(hit[1]) : null];
                });""");
        for (List<Object> link : found) {
            points.put((String) link.get(0), link.get(1) == null ? null
                    : List.of(((Number) link.get(1)).intValue(), ((Number) link.get(2)).intValue()));
        }
        return points;
    }

    /** Samples a path every {@code step} pixels of its length, in the page's coordinates. */
    private static final String SAMPLED_PATHS = """
            var dist = (p, q) => Math.hypot(p[0] - q[0], p[1] - q[1]);
            function samples(path, step) {
              var m = path.getScreenCTM(), out = [], length = path.getTotalLength();
              for (var l = 0; l <= length; l += step) {
                var q = path.getPointAtLength(l);
                out.push([q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]);
              }
              return out;
            }
            """;

    /**
     * "Nodes without a location" is there only while some node has none: it goes when the last such node goes, and a
     * page loaded then does not show it; it comes back with the node.
     */
    @Test
    void theEmptyStatePanelShowsOnlyWhileSomeNodeHasNoLocation() throws Exception {
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = openTheTestbedPage(browser);
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15));
            assertThat(page.findElement(By.id("unplaced-box")).isDisplayed()).isTrue();
            Node unplaced = server.getClient().nodes().withName("unplaced-1").get();
            server.getClient().nodes().withName("unplaced-1").delete();
            try {
                new WebDriverWait(page, LIVE.plusSeconds(1)).until(d -> !d.findElement(By.id("unplaced-box")).isDisplayed());
                page.get(console.toString());
                wait.until(d -> d.findElements(By.cssSelector("#nodes tbody tr")).size() == 5);
                assertThat(page.findElement(By.id("unplaced-box")).isDisplayed()).as("the panel at load").isFalse();
                assertThat(page.findElement(By.id("map")).getSize().getWidth()).as("the map takes the room")
                        .isGreaterThan(1300);
                browser.screenshot("every-node-placed");
            } finally {
                unplaced.getMetadata().setResourceVersion(null);
                unplaced.getMetadata().setUid(null);
                Fixtures.create(server.getClient(), unplaced);
            }
            new WebDriverWait(page, LIVE.plusSeconds(1)).until(d -> d.findElement(By.id("unplaced-box")).isDisplayed());
            assertThat(page.findElement(By.id("unplaced")).getText()).isEqualTo("unplaced-1");
        }
    }

    /** Opens the testbed page and waits until its map shows the small testbed's five markers and four links. */
    private ChromeDriver openTheTestbedPage(Browser browser) {
        ChromeDriver page = browser.driver();
        page.get(console.toString());
        new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("path.node-marker")).size() == 5
                && d.findElements(By.cssSelector("path.mesh-link")).size() == 4);
        return page;
    }

    /** The element under a node's marker centre: "marker over <country>", or what is there instead. */
    private static String under(ChromeDriver page, String node) {
        // The basemap takes no pointer events (hit testing skips it): its paths are asked whether they cover the point.
        return (String) page.executeScript("""
                var m = document.querySelector("path.node-marker[data-node='" + arguments[0] + "']").getBoundingClientRect();
                var x = m.x + m.width / 2, y = m.y + m.height / 2;
                var country = Array.from(document.querySelectorAll('path.country')).find(p => {
                  var local = new DOMPoint(x, y).matrixTransform(p.getScreenCTM().inverse());
                  return p.isPointInFill(local);
                });
                var top = document.elementFromPoint(x, y);
                return (top.classList.contains('node-marker') ? 'marker' : top.tagName) + ' over '
                  + (country ? country.getAttribute('data-country') : 'no country');""", node);
    }

    @Test
    void aSliverAppearsWithinTwoSecondsAndLeavesAtItsExpiry() throws Exception {
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = browser.driver();
            page.get(console.toString());
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15));
            wait.until(d -> !d.findElements(By.cssSelector("#slivers tr[data-sliver='s-evil']")).isEmpty());

            Instant expires = Instant.now().plusSeconds(5);
            Sliver sliver = Fixtures.sliver("s-short", "my-node", "home-ghent", expires, OperationalState.READY);
            Fixtures.create(server.getClient(), sliver);
            long created = System.nanoTime();
            new WebDriverWait(page, LIVE).until(d -> !d.findElements(By.cssSelector("#slivers tr[data-sliver='s-short']")).isEmpty());
            long appeared = System.nanoTime();
            assertThat(Duration.ofNanos(appeared - created)).isLessThan(LIVE);

            List<String> cells = page.findElements(By.cssSelector("#slivers tr[data-sliver='s-short'] td")).stream()
                    .map(WebElement::getText).toList();
            assertThat(cells).containsExactly("slice 0123456789ab", "my-node", "ghcr.io/edgefed/sliver-ubuntu:24.04",
                    "home-ghent", "geni_provisioned", "geni_ready", cells.get(6), "203.0.113.10:30022");
            assertThat(cells.get(6)).matches("0[0-5]m 0[0-5]s");
            assertThat(page.getPageSource()).doesNotContain("ssh-ed25519", Fixtures.OWNER_URN, "secret-experiment");
            browser.screenshot("sliver-appeared");

            // The operator deletes a sliver at its expiry; the page counts down to it and then drops the row.
            wait.until(d -> "expired".equals(d.findElement(By.cssSelector("#slivers tr[data-sliver='s-short'] td.countdown")).getText()));
            server.getClient().resources(Sliver.class).inNamespace("edgefed").withName("s-short").delete();
            long deleted = System.nanoTime();
            new WebDriverWait(page, LIVE).until(d -> d.findElements(By.cssSelector("#slivers tr[data-sliver='s-short']")).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(LIVE);
            assertThat(page.findElements(By.cssSelector("#slivers tr[data-sliver='s-evil']"))).hasSize(1);
        }
    }

    @Test
    void aNodesPageShowsItsPathsAndTurnsToInactiveWhenItsAgentFallsSilent() throws Exception {
        try (Browser browser = Browser.start(1200, 1100)) {
            ChromeDriver page = browser.driver();
            page.get(console + "nodes/home-ghent");
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15));
            wait.until(d -> "healthy".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
            assertThat(page.findElement(By.id("verdict")).getText()).contains("has joined, is Ready");
            assertThat(fact(page, "Network")).isEqualTo("behind NAT");
            assertThat(fact(page, "Agent")).isEqualTo("active");
            assertThat(fact(page, "VPN addresses")).startsWith("10.183.0.");
            assertThat(pathRow(page, "edge-paris")).startsWith("edge-paris direct");
            assertThat(pathRow(page, "home-berlin")).startsWith("home-berlin relay edge-paris");
            browser.screenshot("node-page-healthy");

            VPNPeer peer = server.getClient().resources(VPNPeer.class).withName("home-ghent").get();
            Instant since = Instant.now().minusSeconds(5);
            Fixtures.inactive(peer, since);
            server.getClient().resources(VPNPeer.class).resource(peer).updateStatus();
            long marked = System.nanoTime();
            new WebDriverWait(page, LIVE).until(d -> "problems".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
            assertThat(Duration.ofNanos(System.nanoTime() - marked)).isLessThan(LIVE);
            assertThat(page.findElement(By.id("problems")).getText())
                    .contains("NotSeen", "check the node and its agent");
            assertThat(fact(page, "Agent")).isEqualTo("inactive since " + since);
            browser.screenshot("node-page-inactive");

            page.get(console + "nodes/not-installed-yet");
            wait.until(d -> "missing".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
            assertThat(page.findElement(By.id("verdict")).getText()).contains("No node named “not-installed-yet” is known yet");
        } finally {
            VPNPeer peer = server.getClient().resources(VPNPeer.class).withName("home-ghent").get();
            peer.getStatus().setInactiveSince(null);
            peer.getStatus().setConditions(List.of());
            server.getClient().resources(VPNPeer.class).resource(peer).updateStatus();
        }
    }

    /**
     * A page left open for hours sees thousands of updates. Once warmed up, more rounds of updates (a sliver added and
     * removed, a link relayed and direct, a node Ready and not: forty updates) must leave each page holding what it
     * held before: no more DOM nodes, listeners or live objects of any kind than a few in flight. The JS heap's bytes
     * are printed, not asserted: V8 grows them for a while as it optimizes (see {@link PageMemory}).
     */
    @Test
    void pagesLeftOpenKeepNothingPerUpdate() throws Exception {
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = browser.driver();
            page.get(console.toString());
            assertKeepsNothingPerUpdate(UpdateRounds.onTheTestbedPage(testbed, page));
            assertThat(stacking(page)).as("what the map draws over what, after the updates")
                    .isEqualTo("direct and down links, then relayed links, then markers");
            page.get(console + "nodes/edge-paris");
            assertKeepsNothingPerUpdate(UpdateRounds.onANodePage(testbed, page));
        } finally {
            testbed.change(false);
        }
    }

    private static void assertKeepsNothingPerUpdate(UpdateRounds rounds) {
        rounds.run(10);
        PageMemory before = PageMemory.of(rounds.page());
        int measured = 20;
        rounds.run(measured);
        PageMemory after = PageMemory.of(rounds.page());
        System.out.printf("%s, %d more rounds of updates: %s, then %s%n", rounds, measured, before, after);
        // A few may be in flight at either moment; anything kept per update would be forty or more.
        int inFlight = 3;
        assertThat(after.domNodes()).as("DOM nodes on %s", rounds).isLessThanOrEqualTo(before.domNodes() + inFlight);
        assertThat(after.listeners()).as("event listeners on %s", rounds).isLessThanOrEqualTo(before.listeners() + inFlight);
        before.objects().forEach((kind, count) -> assertThat(after.objects().get(kind))
                .as("live %s on %s after %d rounds", kind, rounds, measured).isLessThanOrEqualTo(count + inFlight));
    }

    /** At /q/metrics: the live pages open now, and the size of the document every new page loads first. */
    @Test
    void theMetricsCountOpenPagesAndTheSnapshotSize() throws Exception {
        String streams = "edgefed_console_streams_open";
        await().atMost(LIVE.multipliedBy(5)).untilAsserted(() -> assertThat(sample(metrics(), "edgefed_console_snapshot_bytes"))
                .isEqualTo(given().get("/api/testbed").then().extract().asByteArray().length));
        double before = sample(metrics(), streams);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var page = http.sendAsync(java.net.http.HttpRequest.newBuilder(console.toURI().resolve("api/testbed/events")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try (java.io.InputStream events = page.body()) {
            assertThat(events.read()).as("the stream started").isPositive();
            await().atMost(LIVE).untilAsserted(() -> assertThat(sample(metrics(), streams)).isEqualTo(before + 1));
        }
        await().atMost(LIVE.multipliedBy(5)).untilAsserted(() -> assertThat(sample(metrics(), streams)).isEqualTo(before));
        assertThat(metrics()).contains("edgefed_console_stream_skips_total").doesNotContain("home-ghent", "s-evil");
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL managementMetrics;
    @io.quarkus.test.common.http.TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL managementReadiness;

    private String metrics() {
        return given().get(managementMetrics).then().statusCode(200).extract().asString();
    }

    @Test
    void theJsonEndpointsServeTheSameDataWithoutSecrets() {
        given().get("/api/testbed").then().statusCode(200).contentType("application/json")
                .body("synced", org.hamcrest.Matchers.equalTo(true))
                .body("nodes.name", org.hamcrest.Matchers.hasItems("edge-paris", "home-ghent", "unplaced-1"))
                .body("links.find { it.id == 'home-berlin~home-ghent' }.via", org.hamcrest.Matchers.equalTo("edge-paris"))
                .body("slivers.find { it.name == 's-evil' }.clientId", org.hamcrest.Matchers.equalTo(EVIL_CLIENT_ID))
                .body(not(containsString("ssh-ed25519")), not(containsString(Fixtures.OWNER_URN)),
                        not(containsString("secret-experiment")));
        given().get("/api/nodes/home-berlin").then().statusCode(200)
                .body("node.mesh", org.hamcrest.Matchers.equalTo("nat"))
                .body("paths.find { it.peer == 'home-lisbon' }.mode", org.hamcrest.Matchers.equalTo("down"));
        given().get("/api/nodes/nobody").then().statusCode(404).contentType("application/json")
                .body("error", containsString("no node named nobody"));
        given().get("/api/nodes/" + "x".repeat(300)).then().statusCode(400);
        given().get("/api/testbed/events?since=yesterday").then().statusCode(400).body("error", containsString("since"));
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/webjars/leaflet/dist/leaflet.js").then().statusCode(200).body(containsString("Leaflet"));
        given().get("/api/config").then().statusCode(200).body("showSliceUrns", org.hamcrest.Matchers.equalTo(false));
        // Health and metrics are on the management port only: an Ingress in front of the page publishes neither.
        given().get(managementReadiness).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    /** The text of the open tooltips, read in one go (Leaflet replaces tooltip elements as the pointer moves). */
    private static String tooltips(ChromeDriver page) {
        return (String) page.executeScript(
                "return Array.from(document.querySelectorAll('.leaflet-tooltip')).map(t => t.textContent).join('\\n')");
    }

    /**
     * The map's stacking as a sentence when it is right (SVG paints later elements over earlier ones), else the order
     * it found: relayed links' dashes must stay visible over the direct links they follow, and markers over all.
     */
    private static String stacking(ChromeDriver page) {
        return (String) page.executeScript("""
                var kinds = Array.from(document.querySelectorAll('.leaflet-overlay-pane path')).map(p =>
                  p.classList.contains('node-marker') ? 2 : p.classList.contains('mesh-relay') ? 1 : 0);
                var sorted = kinds.every((k, i) => i === 0 || kinds[i - 1] <= k);
                return sorted ? 'direct and down links, then relayed links, then markers' : kinds.join(' ');""");
    }

    private static String fact(WebDriver page, String name) {
        return page.findElement(By.cssSelector("dd[data-fact='" + name + "']")).getText();
    }

    private static String pathRow(WebDriver page, String peer) {
        return page.findElement(By.cssSelector("#paths tr[data-peer='" + peer + "']")).getText();
    }

    private static void assertNoScriptRan(ChromeDriver page) {
        assertThat(page.executeScript("return window.__xss === undefined ? 'none' : window.__xss")).isEqualTo("none");
    }
}
