package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgefed.model.testing.ShippedMonitoring;

/**
 * The monitoring half of the end-to-end test: a real Prometheus scrapes the embedded testbed from its start, through
 * the booking, and then answers for the shipped rules and the testbed dashboard. Skipped, saying why, where Debian's
 * {@code prometheus} is not installed.
 */
final class TestbedMonitoring {

    /** The operator's patience with a silent node in this test (2 min by default). */
    static final Duration NODE_INACTIVE_AFTER = Duration.ofSeconds(20);
    /** The node whose agent the test silences (a home behind NAT, not the relay). */
    private static final String SILENCED = ExampleMesh.HOME_BERLIN;
    private static final Pattern SLIVER_NAME = Pattern.compile("\"s[0-9a-f]{16}\"");
    private static final Pattern COUNTER = Pattern.compile("(?m)^# TYPE (edgefed_\\S+) counter$");

    private final TestbedPrometheus prometheus;
    private final String missing;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestbedMonitoring(TestbedPrometheus prometheus, String missing) {
        this.prometheus = prometheus;
        this.missing = missing;
    }

    static TestbedMonitoring start(EmbeddedSettings settings, Path dir, List<AutoCloseable> running) throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            return new TestbedMonitoring(null, "prometheus is not installed (Debian package prometheus, listed in "
                    + "embedded/src/test/ci-packages.txt)");
        }
        TestbedPrometheus prometheus = TestbedPrometheus.start(binary.get(), settings, dir, EmbeddedBookingTest.freePort());
        running.add(0, prometheus);
        return new TestbedMonitoring(prometheus, null);
    }

    /**
     * Waits until Prometheus has scraped {@code count} slivers provisioned and ready from the operator (nothing to wait
     * for where it does not run).
     */
    void awaitReadySliversScraped(int count) {
        if (prometheus == null) {
            return;
        }
        await("the test's Prometheus scraping " + count + " ready slivers").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(prometheus.query(
                        "sum(edgefed_operator_slivers{allocation_state=\"geni_provisioned\",operational_state=\"geni_ready\"})"))
                        .extracting(series -> series.path("value").get(1).asText()).containsExactly(String.valueOf(count)));
    }

    void checkAfterBooking(EmbeddedSettings settings, List<AutoCloseable> running)
            throws Exception {
        assumeTrue(prometheus != null, missing);
        await("every component scraped").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.targetHealth())
                .as("see %s", prometheus.log()).containsOnlyKeys("edgefed-am", "edgefed-operator", "edgefed-console")
                .allSatisfy((job, health) -> assertThat(health).startsWith("up")));

        // The booking, in the AM's and the operator's metrics.
        await("the booking's calls").atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                labelValues(prometheus.query("sum by (method) (edgefed_am_calls_total{code=\"SUCCESS\"})"), "method"))
                .contains("GetVersion", "ListResources", "Allocate", "Provision", "Status", "Describe", "Delete"));
        assertThat(labelValues(prometheus.query("sum by (controller_name) (reconciliations_started_total)"), "controller_name"))
                .contains("sliver", "vpnpeer");
        // Scraped while it lasted: both slivers ready, in the operator's count and in the AM's.
        assertThat(value(prometheus.query("max_over_time(sum(edgefed_operator_slivers{allocation_state=\"geni_provisioned\","
                + "operational_state=\"geni_ready\"})[10m:1s])"))).isEqualTo(2);
        assertThat(value(prometheus.query("max_over_time(sum(edgefed_am_slivers{allocation_state=\"geni_provisioned\"})[10m:1s])")))
                .isEqualTo(2);

        // Every metric the rules and the testbed dashboard read has been scraped (a typo fails here), agents' aside.
        Map<String, String> dashboard = ShippedMonitoring.dashboardQueries(ShippedMonitoring.TESTBED_DASHBOARD);
        List<String> expressions = new ArrayList<>(dashboard.values());
        expressions.addAll(ShippedMonitoring.alerts().values());
        Set<String> named = ShippedMonitoring.metricNames(expressions, "");
        named.removeIf(name -> name.startsWith("edgefed_agent_"));
        assertThat(prometheus.metricNames()).containsAll(named);

        // Every dashboard query evaluates without error and returns data.
        for (Map.Entry<String, String> panel : dashboard.entrySet()) {
            await(panel.getKey()).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(prometheus.query(panel.getValue()))
                    .as("%s: %s", panel.getKey(), panel.getValue()).isNotEmpty());
        }

        // Prometheus naming, and no label value that names a user, a slice, a sliver or a client_id.
        for (String address : LocalPrometheus.targets(settings).values()) {
            String scrape = get("http://" + address + "/q/metrics");
            Matcher counters = COUNTER.matcher(scrape);
            while (counters.find()) {
                // The family may be named without the suffix (as OpenMetrics does); its samples must carry it.
                String family = counters.group(1);
                assertThat(scrape).as(address).containsPattern("(?m)^" + (family.endsWith("_total") ? family : family + "_total") + "[{ ]");
            }
            assertThat(scrape).as(address).doesNotContain("alice", "urn:publicid", "node0", "pi0", "demo\"");
            assertThat(SLIVER_NAME.matcher(scrape).find()).as(address + " names a sliver").isFalse();
        }

        // A node goes down: its (played) agent stops reporting. Nothing else is touched: the operator marks it inactive
        // once its last report is older than its limit, and the shipped alert fires on the operator's gauge.
        assertThat(firing("EdgefedNodeDown")).isEmpty();
        ExampleMesh mesh = running.stream().filter(ExampleMesh.class::isInstance).map(ExampleMesh.class::cast).findFirst()
                .orElseThrow();
        Instant silenced = Instant.now();
        mesh.silence(SILENCED);
        await("EdgefedNodeDown firing for " + SILENCED).atMost(NODE_INACTIVE_AFTER.plusSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(firing("EdgefedNodeDown")).as("see %s", prometheus.log()).containsExactly(SILENCED));
        Duration took = Duration.between(silenced, Instant.now());
        System.out.printf("measured: EdgefedNodeDown firing %d ms after the node's agent went silent (limit %s)%n",
                took.toMillis(), NODE_INACTIVE_AFTER);
        // Not before the limit, less what the last report may predate the silence: a heartbeat (a quarter of the limit)
        // and the second that lastSeen is truncated to.
        assertThat(took).isGreaterThanOrEqualTo(NODE_INACTIVE_AFTER.multipliedBy(3).dividedBy(4).minusSeconds(1));
        // The homes reach each other only through the relay, which the shipped alert reports (here without its 10 min).
        assertThat(firing("EdgefedNodeRelayedLong")).contains(ExampleMesh.HOME_GHENT);
    }

    void checkLocalPrometheus(EmbeddedSettings settings, List<AutoCloseable> running) throws Exception {
        String banner = MetricsBanner.text(settings, "-");
        Matcher addresses = Pattern.compile("http://\\S+/q/metrics").matcher(banner);
        int found = 0;
        while (addresses.find()) {
            assertThat(get(addresses.group())).as(addresses.group()).contains("# TYPE edgefed_");
            found++;
        }
        assertThat(found).as(banner).isEqualTo(3);
        assumeTrue(prometheus != null, missing);
        int port = EmbeddedBookingTest.freePort();
        String started = EmbeddedTestbed.prometheus(settings, new LocalPrometheus.Settings(true, port), running);
        assertThat(started).startsWith("http://localhost:" + port + "/");
        assertThat(EmbeddedTestbed.prometheus(settings, new LocalPrometheus.Settings(false, port), running))
                .contains("-Dedgefed.local.prometheus=true");
        String rules = get("http://127.0.0.1:" + port + "/api/v1/rules");
        for (String alert : ShippedMonitoring.alerts().keySet()) {
            assertThat(rules).contains("\"name\":\"" + alert + "\"");
        }
        await("the local Prometheus's targets").atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                get("http://127.0.0.1:" + port + "/api/v1/targets")).contains("edgefed-am", "edgefed-operator", "edgefed-console"));
    }

    /** The {@code node} (or {@code controller_name}) labels of the firing alerts of that name. */
    private Set<String> firing(String alert) throws IOException, InterruptedException {
        Set<String> subjects = new TreeSet<>();
        for (JsonNode a : prometheus.alerts()) {
            if (alert.equals(a.path("labels").path("alertname").asText()) && "firing".equals(a.path("state").asText())) {
                subjects.add(a.path("labels").path("node").asText(a.path("labels").path("controller_name").asText("")));
            }
        }
        return subjects;
    }

    /** The value of a query's single series. */
    private static double value(JsonNode result) {
        assertThat(result).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static Set<String> labelValues(JsonNode result, String label) {
        Set<String> values = new TreeSet<>();
        result.forEach(series -> values.add(series.path("metric").path(label).asText()));
        return values;
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
