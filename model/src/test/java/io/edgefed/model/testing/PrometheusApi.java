package io.edgefed.model.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The HTTP API of a running Prometheus, as the monitoring tests ask it (every answer checked for success). */
public final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code hostAndPort} where it listens, e.g. {@code 127.0.0.1:9090}. */
    public PrometheusApi(String hostAndPort) {
        this.api = URI.create("http://" + hostAndPort + "/api/v1/");
    }

    /** The {@code data} of a GET of the API (after checking its status is success). */
    public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("GET " + pathAndQuery + ": " + response.statusCode() + " " + response.body());
        }
        return body.path("data");
    }

    /** The result of an instant query; fails on any error Prometheus reports. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        return get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** {@code label} value → sample value of each series of an instant query. */
    public Map<String, Double> valuesBy(String label, String promql) throws IOException, InterruptedException {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode series : query(promql)) {
            values.put(series.path("metric").path(label).asText(), Double.parseDouble(series.path("value").get(1).asText()));
        }
        return values;
    }

    /** {@code label} of each active scrape target (its job, or e.g. its node) → its health and last error. */
    public Map<String, String> targetHealth(String label) throws IOException, InterruptedException {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode target : get("targets").path("activeTargets")) {
            health.put(target.path("labels").path(label).asText(), target.path("health").asText() + " "
                    + target.path("lastError").asText());
        }
        return health;
    }

    /** Every metric name Prometheus has scraped. */
    public Set<String> metricNames() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        get("label/__name__/values").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The alerts now (each with its labels and state). */
    public JsonNode alerts() throws IOException, InterruptedException {
        return get("alerts").path("alerts");
    }
}
