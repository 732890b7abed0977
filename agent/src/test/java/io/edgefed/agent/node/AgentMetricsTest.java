package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.edgefed.model.testing.ShippedMonitoring;

class AgentMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static AgentMetrics metrics() {
        AgentHealth health = new AgentHealth();
        AgentMetrics metrics = AgentMetrics.of(health);
        metrics.observed(new AgentMetrics.MeshObservation(3, 1, 2,
                List.of(NOW.minusSeconds(10), NOW.minusSeconds(90), NOW.minusSeconds(7200)), 1500, 700));
        health.apiFailed("connection refused");
        health.apiFailed("connection refused");
        metrics.peerRecordRecreated();
        metrics.claimRecreated();
        metrics.claimRecreated();
        return metrics;
    }

    @Test
    void theExpositionCountsPathsBucketsHandshakeAgesAndCountsRecreationsAndApiErrors() {
        String text = metrics().exposition(NOW);
        assertThat(text).contains("edgefed_agent_peers{path=\"direct\"} 3\n", "edgefed_agent_peers{path=\"relayed\"} 1\n",
                "edgefed_agent_peers{path=\"down\"} 2\n",
                // 10 s, 90 s and two hours old: cumulative buckets
                "edgefed_agent_handshake_age_seconds_bucket{le=\"30\"} 1\n",
                "edgefed_agent_handshake_age_seconds_bucket{le=\"120\"} 2\n",
                "edgefed_agent_handshake_age_seconds_bucket{le=\"3600\"} 2\n",
                "edgefed_agent_handshake_age_seconds_bucket{le=\"+Inf\"} 3\n",
                "edgefed_agent_handshake_age_seconds_count 3\n", "edgefed_agent_handshake_age_seconds_sum 7300\n",
                "edgefed_agent_relay_received_bytes_total 1500\n", "edgefed_agent_relay_sent_bytes_total 700\n",
                "edgefed_agent_record_recreations_total{record=\"vpnpeer\"} 1\n",
                "edgefed_agent_record_recreations_total{record=\"claim\"} 2\n", "edgefed_agent_api_errors_total 2\n",
                "edgefed_agent_api_last_success_timestamp_seconds 0\n", "edgefed_agent_interface_up 0\n");
    }

    /** A typo in a rule or the agents' dashboard fails here: every agent metric they read is in the exposition. */
    @Test
    void everyAgentMetricTheRulesAndDashboardsReadIsExposed() throws IOException {
        List<String> expressions = new ArrayList<>(ShippedMonitoring.alerts().values());
        expressions.addAll(ShippedMonitoring.dashboardQueries(ShippedMonitoring.AGENTS_DASHBOARD).values());
        expressions.addAll(ShippedMonitoring.dashboardQueries(ShippedMonitoring.TESTBED_DASHBOARD).values());
        assertThat(ShippedMonitoring.metricNames(ShippedMonitoring.dashboardQueries(ShippedMonitoring.AGENTS_DASHBOARD).values(), ""))
                .allMatch(name -> name.startsWith("edgefed_agent_"));
        assertThat(ShippedMonitoring.seriesNames(metrics().exposition(NOW)))
                .containsAll(ShippedMonitoring.metricNames(expressions, "edgefed_agent_"));
    }

    /** promtool's own lint of the text format and Prometheus's naming conventions. */
    @Test
    void promtoolFindsNothingToLint() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (Debian package prometheus)");
        Process check = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(metrics().exposition(NOW).getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).isBlank();
    }
}
