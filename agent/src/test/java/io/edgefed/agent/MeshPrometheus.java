package io.edgefed.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.model.testing.PrometheusApi;
import io.edgefed.model.testing.ShippedMonitoring;

/**
 * Debian's Prometheus on one node of the lab's mesh, where the shipped ScrapeConfig says a cluster's Prometheus must
 * be: it scrapes every agent at the VPN IPv4 address the agent claimed (the InternalIP the installer gives the
 * kubelet), through WireGuard, with the shipped job name, path and port and the label {@code node} that the
 * ScrapeConfig's relabeling adds. The lab's mock API server has no watch that Prometheus's Kubernetes discovery could
 * follow, so the targets are listed as discovery would find them. It loads the shipped alerts, each {@code for:} zero,
 * and answers on the node's address on the lab internet, which the test host reaches.
 */
final class MeshPrometheus {

    static final int PORT = 9090;

    private final PrometheusApi api;
    private final Path log;

    private MeshPrometheus(PrometheusApi api, Path log) {
        this.api = api;
        this.log = log;
    }

    /** Where the prometheus binary is, or null (Debian package prometheus). */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Starts it on {@code host} (listening on {@code address}, the node's lab-internet address) and waits until ready. */
    static MeshPrometheus start(MeshLab lab, Path binary, MeshLab.Node host, String address, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path rules = dir.resolve("edgefed-rules.yml");
        Files.writeString(rules, ShippedMonitoring.rulesFiringAtOnce());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configuration(lab.nodes(), rules));
        Path log = dir.resolve("prometheus.log");
        lab.spawn(host, List.of(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=" + address + ":" + PORT), log);
        MeshPrometheus prometheus = new MeshPrometheus(new PrometheusApi(address + ":" + PORT), log);
        MeshLab.await("Prometheus on " + host.name() + " ready (see " + log + ")", Duration.ofSeconds(30), 200,
                prometheus::ready);
        return prometheus;
    }

    private static String configuration(Map<String, MeshLab.Node> nodes, Path rules) throws IOException {
        ShippedMonitoring.AgentScrapeJob job = ShippedMonitoring.agentScrapeJob();
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                """.formatted(rules, job.jobName(), job.metricsPath()));
        for (MeshLab.Node node : nodes.values()) {
            yaml.append("      - targets: ['").append(Addresses.format(node.ipv4())).append(':').append(job.port()).append("']\n")
                    .append("        labels: {node: '").append(node.name()).append("'}\n");
        }
        return yaml.toString();
    }

    private boolean ready() {
        try {
            api.get("status/runtimeinfo");
            return true;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    PrometheusApi api() {
        return api;
    }

    Path log() {
        return log;
    }
}
