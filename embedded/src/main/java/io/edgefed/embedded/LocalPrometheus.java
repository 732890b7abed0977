package io.edgefed.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A Prometheus for the embedded testbed (Debian's {@code prometheus}, found on PATH), on loopback, scraping the AM's
 * management port, the operator and the console's management port at {@code /q/metrics} and evaluating the shipped alerts
 * ({@code src/main/kubernetes/components/monitoring/prometheus-rules.yaml} of the checkout). Started with
 * {@code -Dedgefed.local.prometheus=true}; its port is {@code edgefed.local.prometheus-port} (default 19090).
 */
final class LocalPrometheus implements AutoCloseable {

    static final Path SHIPPED_RULES = Path.of("src", "main", "kubernetes", "components", "monitoring", "prometheus-rules.yaml");

    /** Whether to start one, and on which port. */
    record Settings(boolean enabled, int port) {
        static Settings from(Properties properties) {
            return new Settings(Boolean.parseBoolean(properties.getProperty("edgefed.local.prometheus", "false")),
                    EmbeddedSettings.port(properties, "edgefed.local.prometheus-port", "19090"));
        }
    }

    private final Process process;
    private final Path log;
    private final int port;

    private LocalPrometheus(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The {@code prometheus} binary on PATH, if any. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The metrics addresses of the testbed's components, by job name, as Prometheus scrapes them. */
    static Map<String, String> targets(EmbeddedSettings settings) {
        String host = settings.reachableHost().equals("localhost") ? EmbeddedSettings.LOOPBACK : settings.reachableHost();
        return Map.of("edgefed-am", host + ":" + settings.amManagementPort(),
                "edgefed-operator", host + ":" + settings.operatorPort(),
                "edgefed-console", host + ":" + settings.consoleManagementPort());
    }

    /** A Prometheus configuration scraping {@link #targets} every {@code interval} and loading {@code ruleFile}. */
    static String configuration(EmbeddedSettings settings, Duration interval, Path ruleFile) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("global:\n  scrape_interval: ").append(interval.toMillis()).append("ms\n")
                .append("  evaluation_interval: ").append(interval.toMillis()).append("ms\n");
        yaml.append("rule_files:\n  - ").append(ruleFile.toAbsolutePath()).append('\n');
        yaml.append("scrape_configs:\n");
        targets(settings).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(job -> yaml
                .append("  - job_name: ").append(job.getKey()).append('\n')
                .append("    metrics_path: /q/metrics\n")
                .append("    static_configs:\n      - targets: ['").append(job.getValue()).append("']\n"));
        return yaml.toString();
    }

    /** The groups of the shipped PrometheusRule (its {@code spec}) as a plain rule file's YAML. */
    static String shippedRules(Path home) throws IOException {
        Path file = home.resolve(SHIPPED_RULES);
        if (!Files.isRegularFile(file)) {
            throw new IOException("the alert rules are not where the checkout keeps them: " + file);
        }
        KubernetesSerialization yaml = new KubernetesSerialization();
        try (InputStream in = Files.newInputStream(file)) {
            return yaml.asYaml(yaml.unmarshal(in, GenericKubernetesResource.class).getAdditionalProperties().get("spec"));
        }
    }

    /**
     * Starts {@code binary} on loopback with {@code configuration}, its data and log under {@code dir}, and waits
     * until it is ready.
     */
    static LocalPrometheus start(Path binary, Path dir, int port, String configuration) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configuration);
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + EmbeddedSettings.LOOPBACK + ":" + port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        LocalPrometheus prometheus = new LocalPrometheus(process, log, port);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with code " + process.exitValue() + "; see " + log);
            }
            if (prometheus.ready()) {
                return prometheus;
            }
            Thread.sleep(200);
        }
        prometheus.close();
        throw new IOException("prometheus was not ready on port " + port + " within 30 s; see " + log);
    }

    /** Whether it answers its readiness endpoint (it listens before its storage is open, answering 503 meanwhile). */
    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(
                    "http://" + EmbeddedSettings.LOOPBACK + ":" + port + "/-/ready").toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(1000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Where its web interface and API are. */
    String url() {
        return "http://localhost:" + port + "/";
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
