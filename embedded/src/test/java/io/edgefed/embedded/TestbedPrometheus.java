package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgefed.model.testing.PrometheusApi;
import io.edgefed.model.testing.ShippedMonitoring;

/**
 * A real Prometheus (Debian's) for the end-to-end test: it scrapes the embedded testbed's components every second
 * through the same configuration {@link LocalPrometheus} writes for {@code -Dedgefed.local.prometheus=true}, and
 * evaluates the shipped alerts with the shipped expressions, their {@code for:} shortened to none so that an alert
 * fires within the test. Answers come from its HTTP API.
 */
final class TestbedPrometheus implements AutoCloseable {

    private final LocalPrometheus prometheus;
    private final PrometheusApi api;

    private TestbedPrometheus(LocalPrometheus prometheus, int port) {
        this.prometheus = prometheus;
        this.api = new PrometheusApi(EmbeddedSettings.LOOPBACK + ":" + port);
    }

    static TestbedPrometheus start(Path binary, EmbeddedSettings settings, Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        Path rules = dir.resolve("edgefed-rules-test.yml");
        Files.writeString(rules, ShippedMonitoring.rulesFiringAtOnce());
        return new TestbedPrometheus(LocalPrometheus.start(binary, dir, port,
                LocalPrometheus.configuration(settings, Duration.ofSeconds(1), rules)), port);
    }

    /** The result of an instant query; fails on any error Prometheus reports. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api.query(promql);
    }

    /** Job name → health of each scrape target. */
    Map<String, String> targetHealth() throws IOException, InterruptedException {
        return api.targetHealth("job");
    }

    /** Every metric name Prometheus has scraped. */
    Set<String> metricNames() throws IOException, InterruptedException {
        return api.metricNames();
    }

    /** The alerts now. */
    JsonNode alerts() throws IOException, InterruptedException {
        return api.alerts();
    }

    Path log() {
        return prometheus.log();
    }

    @Override
    public void close() throws InterruptedException {
        prometheus.close();
    }
}
