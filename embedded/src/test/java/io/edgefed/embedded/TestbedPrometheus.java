package io.edgefed.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgefed.model.testing.ShippedMonitoring;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A real Prometheus (Debian's) for the end-to-end test: it scrapes the embedded testbed's components every second
 * through the same configuration {@link LocalPrometheus} writes for {@code -Dedgefed.local.prometheus=true}, and
 * evaluates the shipped alerts with the shipped expressions, their {@code for:} shortened to none so that an alert
 * fires within the test. Answers come from its HTTP API.
 */
final class TestbedPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalPrometheus prometheus;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestbedPrometheus(LocalPrometheus prometheus, int port) {
        this.prometheus = prometheus;
        this.api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
    }

    static TestbedPrometheus start(Path binary, EmbeddedSettings settings, Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        Path rules = dir.resolve("edgefed-rules-test.yml");
        Files.writeString(rules, rulesFiringAtOnce());
        return new TestbedPrometheus(LocalPrometheus.start(binary, dir, port,
                LocalPrometheus.configuration(settings, Duration.ofSeconds(1), rules)), port);
    }

    /** The shipped rules, expressions and labels unchanged, each {@code for:} zero. */
    private static String rulesFiringAtOnce() throws IOException {
        List<Map<String, Object>> rules = ShippedMonitoring.rules();
        rules.forEach(rule -> rule.put("for", "0s"));
        return new KubernetesSerialization().asYaml(Map.of("groups", List.of(Map.of("name", "edgefed", "rules", rules))));
    }

    /** The {@code data} of a GET of the API (after checking its status is success). */
    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("GET " + pathAndQuery + ": " + response.statusCode() + " " + response.body());
        }
        return body.path("data");
    }

    /** The result of an instant query; fails on any error Prometheus reports. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** Job name → health of each scrape target. */
    Map<String, String> targetHealth() throws IOException, InterruptedException {
        Map<String, String> health = new java.util.TreeMap<>();
        for (JsonNode target : get("targets").path("activeTargets")) {
            health.put(target.path("labels").path("job").asText(), target.path("health").asText() + " "
                    + target.path("lastError").asText());
        }
        return health;
    }

    /** Every metric name Prometheus has scraped. */
    Set<String> metricNames() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        get("label/__name__/values").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The alerts now, as {@code alertname state labels}. */
    JsonNode alerts() throws IOException, InterruptedException {
        return get("alerts").path("alerts");
    }

    Path log() {
        return prometheus.log();
    }

    @Override
    public void close() throws InterruptedException {
        prometheus.close();
    }
}
