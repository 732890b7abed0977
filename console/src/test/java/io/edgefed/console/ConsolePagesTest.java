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
            ChromeDriver page = browser.driver();
            page.get(console.toString());
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(15));
            wait.until(d -> d.findElements(By.cssSelector("path.node-marker")).size() == 5);
            wait.until(d -> d.findElements(By.cssSelector("path.mesh-link")).size() == 4);

            WebElement relayed = page.findElement(By.cssSelector("path.mesh-relay"));
            assertThat(relayed.getAttribute("stroke-dasharray")).isEqualTo("8 6");
            // Drawn through the relay: three points, two segments.
            assertThat(relayed.getAttribute("d").chars().filter(c -> c == 'L').count()).isEqualTo(2);
            for (WebElement line : page.findElements(By.cssSelector("path.mesh-direct"))) {
                assertThat(line.getAttribute("stroke-dasharray")).isNull();
            }
            assertThat(page.findElements(By.cssSelector("path.mesh-direct"))).hasSize(2);
            assertThat(page.findElement(By.cssSelector("path.mesh-down")).getAttribute("stroke")).isEqualTo("#d32f2f");
            assertThat(page.findElements(By.cssSelector("path.node-marker.relay-node"))).hasSize(1);
            assertThat(page.findElements(By.cssSelector("path.node-marker.node-notready"))).hasSize(1);
            assertThat(page.findElement(By.id("unplaced")).getText()).isEqualTo("unplaced-1");
            assertThat(page.findElement(By.cssSelector(".legend")).getText())
                    .contains("direct path", "relayed (through the relay)", "down", "behind NAT");

            new Actions(page).moveToElement(relayed).perform();
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
            assertThat(page.findElements(By.cssSelector("#slivers img, #nodes img, .leaflet-tooltip img, script:not([src])")))
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

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
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
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/webjars/leaflet/dist/leaflet.js").then().statusCode(200).body(containsString("Leaflet"));
        given().get("/api/config").then().statusCode(200).body("showSliceUrns", org.hamcrest.Matchers.equalTo(false));
        given().get("/q/health/ready").then().statusCode(200);
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
