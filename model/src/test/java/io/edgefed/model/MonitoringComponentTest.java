package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgefed.model.testing.ShippedMonitoring;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The monitoring component (src/main/kubernetes/components/monitoring): the alerts the operators of a testbed need,
 * each with a runbook and a {@code promtool test rules} case that makes it fire (and a neighbour that must not), and a
 * component that kustomize builds into the monitors, the rules and the dashboards' ConfigMap for Grafana's sidecar.
 */
class MonitoringComponentTest {

    private static final List<String> REQUIRED_ALERTS = List.of("EdgefedAmErrorRatioHigh", "EdgefedExpiryLagHigh",
            "EdgefedNodeRelayedLong", "EdgefedNodeDown", "EdgefedAgentApiUnreachable", "EdgefedOperatorReconcileErrors",
            "EdgefedAmCertificateExpiringSoon");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasARunbookAndAPromtoolCase() throws IOException {
        assertThat(ShippedMonitoring.alerts()).containsKeys(REQUIRED_ALERTS.toArray(String[]::new));
        String cases = Files.readString(Path.of("src/test/resources/monitoring/rules-test.yml"));
        for (Map<String, Object> rule : ShippedMonitoring.rules()) {
            String alert = (String) rule.get("alert");
            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            assertThat(annotations).as(alert).containsKeys("summary", "description", "runbook");
            assertThat((String) annotations.get("runbook")).as(alert).hasSizeGreaterThan(100);
            assertThat(cases).as("a promtool case for " + alert).contains("- name: " + alert + "\n", "alertname: " + alert + "\n");
        }
    }

    @Test
    void promtoolPassesEveryCase(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed (Debian package prometheus, in .ci/packages.txt)");
        Files.writeString(dir.resolve("edgefed-rules.yml"), rulesWithoutAnnotations());
        Files.copy(Path.of("src/test/resources/monitoring/rules-test.yml"), dir.resolve("rules-test.yml"));
        Run check = run(dir, "promtool", "check", "rules", "edgefed-rules.yml");
        assertThat(check.code()).as(check.output()).isZero();
        Run test = run(dir, "promtool", "test", "rules", "rules-test.yml");
        assertThat(test.code()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void kustomizeBuildsMonitorsRulesAndADashboardConfigMapForTheSidecar(@TempDir Path overlay) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed (it builds kustomizations with kubectl kustomize)");
        Path component = ShippedMonitoring.COMPONENT.toAbsolutePath().normalize();
        Files.writeString(overlay.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\ncomponents:\n  - " + overlay.relativize(component) + "\n");
        Run build = run(overlay, "kubectl", "kustomize", ".");
        assertThat(build.code()).as(build.output()).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        Object parsed = new KubernetesSerialization().unmarshal(build.output());
        if (parsed instanceof KubernetesList list) {
            objects.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            list.forEach(o -> objects.add((HasMetadata) o));
        }
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "PodMonitor/edgefed-am", "PodMonitor/edgefed-operator", "PodMonitor/edgefed-console",
                "ScrapeConfig/edgefed-agents", "PrometheusRule/edgefed", "ConfigMap/edgefed-dashboards");
        ConfigMap dashboards = (ConfigMap) objects.stream().filter(o -> o instanceof ConfigMap).findFirst().orElseThrow();
        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboards.getData()).containsEntry("edgefed.json", Files.readString(ShippedMonitoring.TESTBED_DASHBOARD))
                .containsEntry("edgefed-agents.json", Files.readString(ShippedMonitoring.AGENTS_DASHBOARD));
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("edgefed"));
    }

    @Test
    void everyDashboardQueryReadsEdgefedMetricsOnly() throws IOException {
        for (Path dashboard : List.of(ShippedMonitoring.TESTBED_DASHBOARD, ShippedMonitoring.AGENTS_DASHBOARD)) {
            Map<String, String> queries = ShippedMonitoring.dashboardQueries(dashboard);
            assertThat(queries).as(dashboard.toString()).hasSizeGreaterThan(5);
            queries.forEach((panel, query) -> assertThat(ShippedMonitoring.metricNames(query)).as(panel).isNotEmpty());
        }
    }

    /** The rule file promtool tests: the shipped spec, expressions, durations and labels unchanged, no annotations. */
    @SuppressWarnings("unchecked")
    static String rulesWithoutAnnotations() throws IOException {
        List<Map<String, Object>> rules = ShippedMonitoring.rules();
        rules.forEach(rule -> rule.remove("annotations"));
        return new KubernetesSerialization().asYaml(Map.of("groups", List.of(Map.of("name", "edgefed", "rules", rules))));
    }

    private record Run(int code, String output) {
    }

    private static Run run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
