package io.edgefed.model.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The monitoring component as shipped ({@code src/main/kubernetes/components/monitoring}), read the way the tests of
 * several modules need it: the PrometheusRule's spec as a plain rule file (what {@code promtool} and a plain
 * Prometheus load), its alerts, the dashboards' queries and the metric names both use. Paths are relative to a
 * module's folder, as Maven runs tests there.
 */
public final class ShippedMonitoring {

    /** The component's folder. */
    public static final Path COMPONENT = Path.of("..", "src", "main", "kubernetes", "components", "monitoring");
    public static final Path RULES = COMPONENT.resolve("prometheus-rules.yaml");
    /** The dashboard of the AM, the operator, the mesh and the console (every query has data on the embedded testbed). */
    public static final Path TESTBED_DASHBOARD = COMPONENT.resolve("dashboards/edgefed.json");
    /** The dashboard of the node agents. */
    public static final Path AGENTS_DASHBOARD = COMPONENT.resolve("dashboards/edgefed-agents.json");
    /** How Prometheus finds the node agents (they run on the hosts, not in pods). */
    public static final Path AGENT_SCRAPE_CONFIG = COMPONENT.resolve("agent-scrape-config.yaml");

    /** The agents' scrape job as shipped: its name, path, and the port it scrapes on each node's InternalIP. */
    public record AgentScrapeJob(String jobName, String metricsPath, int port) {
    }

    /** Metric names are the identifiers with edgefed's prefixes or the operator SDK's (no other metric is used). */
    private static final Pattern METRIC = Pattern.compile("\\b((?:edgefed|reconciliations)_[a-zA-Z0-9_]*)");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ShippedMonitoring() {
    }

    /** The PrometheusRule's {@code spec} ({@code groups: ...}) as YAML: a rule file for promtool or Prometheus. */
    public static String plainRules() throws IOException {
        return SERIALIZATION.asYaml(spec());
    }

    /** The shipped rules as a plain rule file, expressions and labels unchanged, each {@code for:} zero (to fire in a test). */
    public static String rulesFiringAtOnce() throws IOException {
        List<Map<String, Object>> rules = rules();
        rules.forEach(rule -> rule.put("for", "0s"));
        return SERIALIZATION.asYaml(Map.of("groups", List.of(Map.of("name", "edgefed", "rules", rules))));
    }

    /** The agents' ScrapeConfig, read: the port is the one its relabeling puts after the node's address. */
    @SuppressWarnings("unchecked")
    public static AgentScrapeJob agentScrapeJob() throws IOException {
        try (InputStream in = Files.newInputStream(AGENT_SCRAPE_CONFIG)) {
            Map<String, Object> spec = (Map<String, Object>) SERIALIZATION.unmarshal(in, GenericKubernetesResource.class)
                    .getAdditionalProperties().get("spec");
            Integer port = null;
            for (Map<String, Object> relabeling : (List<Map<String, Object>>) spec.get("relabelings")) {
                Matcher address = Pattern.compile("^\\$\\{1\\}:([0-9]+)$").matcher(String.valueOf(relabeling.get("replacement")));
                if ("__address__".equals(relabeling.get("targetLabel")) && address.matches()) {
                    port = Integer.valueOf(address.group(1));
                }
            }
            if (port == null) {
                throw new IOException(AGENT_SCRAPE_CONFIG + " sets no __address__ of the form ${1}:PORT");
            }
            return new AgentScrapeJob((String) spec.get("jobName"), (String) spec.get("metricsPath"), port);
        }
    }

    /** Alert name → its PromQL expression, in file order. */
    public static Map<String, String> alerts() throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (Map<String, Object> rule : rules()) {
            if (rule.get("alert") != null) {
                alerts.put((String) rule.get("alert"), ((String) rule.get("expr")).trim());
            }
        }
        return alerts;
    }

    /** Every rule of every group, as parsed. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) spec().get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    /** Panel title → PromQL query of every target of a dashboard. */
    public static Map<String, String> dashboardQueries(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " #" + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        return queries;
    }

    /** The metric names an expression reads (histogram series keep their {@code _bucket} suffix). */
    public static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The metric names a set of expressions reads that match {@code prefix}. */
    public static Set<String> metricNames(Iterable<String> expressions, String prefix) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            metricNames(expression).stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
        }
        return names;
    }

    /** The series names of a Prometheus text exposition (what a scrape holds). */
    public static Set<String> seriesNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    /**
     * The value of one series (name and labels in their exposed order, e.g. {@code x_total{a="b"}}) in a scrape; 0
     * when absent. A trailing comma after the last label (as some writers of the text format put) is ignored.
     */
    public static double sample(String exposition, String series) {
        for (String raw : exposition.split("\n")) {
            String line = raw.replace(",} ", "} ");
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec() throws IOException {
        try (InputStream in = Files.newInputStream(RULES)) {
            GenericKubernetesResource rule = SERIALIZATION.unmarshal(in, GenericKubernetesResource.class);
            return (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        }
    }
}
