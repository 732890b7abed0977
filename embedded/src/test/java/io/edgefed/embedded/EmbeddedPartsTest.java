package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts of the embedded default: where it finds its builds, what it listens on, how it prints ages. */
class EmbeddedPartsTest {

    @Test
    void theCheckoutIsFoundFromTheJarOrClassesWhateverTheWorkingFolder() {
        Path checkout = Path.of("/home/newcomer/src/edgefed");
        assertThat(EmbeddedSettings.checkoutOf(checkout.resolve("embedded/target/edgefed-embedded.jar"))).isEqualTo(checkout);
        assertThat(EmbeddedSettings.checkoutOf(checkout.resolve("embedded/target/classes"))).isEqualTo(checkout);
        // Running the tests: the classes directory of this very build lies in this checkout.
        assertThat(EmbeddedSettings.from(new Properties()).home().resolve("embedded/pom.xml")).isRegularFile();
    }

    @Test
    void everyPortListensOnLoopbackUnlessToldOtherwise() {
        EmbeddedSettings defaults = EmbeddedSettings.from(new Properties());
        assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.amUrl()).isEqualTo("https://localhost:8443/xmlrpc/am/3.0");
        Properties wider = new Properties();
        wider.setProperty("edgefed.local.bind-address", "192.0.2.7");
        assertThat(EmbeddedSettings.from(wider).amUrl()).isEqualTo("https://192.0.2.7:8443/xmlrpc/am/3.0");
        assertThat(EmbeddedSettings.from(wider).apiServerAddress().isLoopbackAddress())
                .as("the API server authenticates nobody, so it never leaves loopback").isTrue();
    }

    @Test
    void aNodesPatienceIsTwoMinutesAsInAClusterUnlessToldOtherwise() {
        assertThat(EmbeddedSettings.from(new Properties()).nodeInactiveAfter()).isEqualTo(Duration.ofMinutes(2));
        for (String text : List.of("20s", " 3m", "1h")) {
            Properties told = new Properties();
            told.setProperty("edgefed.local.node-inactive-after", text);
            assertThat(EmbeddedSettings.from(told).nodeInactiveAfter()).isIn(Duration.ofSeconds(20), Duration.ofMinutes(3),
                    Duration.ofHours(1));
        }
    }

    @Test
    void aBadSettingIsRefusedNamingTheSettingAndWhatItTakes() {
        Map<String, String> bad = Map.of("edgefed.local.node-inactive-after", "soon", "edgefed.local.am-port", "84x3",
                "edgefed.local.console-port", "70000", "edgefed.local.api-port", "-1");
        bad.forEach((property, value) -> {
            Properties told = new Properties();
            told.setProperty(property, value);
            assertThatThrownBy(() -> EmbeddedSettings.from(told)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(property + "=" + value + " is not a ");
        });
        for (String zero : List.of("0s", "-5s", "2d", "")) {
            Properties told = new Properties();
            told.setProperty("edgefed.local.node-inactive-after", zero);
            assertThatThrownBy(() -> EmbeddedSettings.from(told)).hasMessageContaining("not a positive duration");
        }
        Properties prometheusPort = new Properties();
        prometheusPort.setProperty("edgefed.local.prometheus-port", "ninety");
        assertThatThrownBy(() -> LocalPrometheus.Settings.from(prometheusPort))
                .hasMessage("edgefed.local.prometheus-port=ninety is not a port number (0 to 65535)");
    }

    @Test
    void aMissingBuildIsReportedWithThePathLookedAt(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> ComponentProcess.start("operator", elsewhere, "operator", Map.of(), Map.of(), elsewhere.resolve("logs")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(elsewhere.resolve("operator/target/quarkus-app/quarkus-run.jar").toString())
                .hasMessageContaining("-Dedgefed.home");
        assertThat(Files.exists(elsewhere.resolve("logs/operator.log"))).isFalse();
    }

    @Test
    void agesReadAsKubectlPrintsThem() {
        assertThat(HumanDuration.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.of(Duration.ofSeconds(5 * 60 + 12))).isEqualTo("5m12s");
        assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(HumanDuration.of(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(HumanDuration.of(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.of(Duration.ofHours(6 * 24 + 5))).isEqualTo("6d5h");
        assertThat(HumanDuration.of(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(HumanDuration.of(Duration.ofDays(3 * 365 + 10))).isEqualTo("3y10d");
        assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(HumanDuration.since("not a time", java.time.Instant.now())).isEqualTo("<unknown>");
    }

    @Test
    void kubernetesJsonPathsBecomeJaywayPaths() {
        assertThat(CrdColumns.jaywayPath(".metadata.annotations.edgefed\\.io/expires"))
                .isEqualTo("$['metadata']['annotations']['edgefed.io/expires']");
        assertThat(CrdColumns.jaywayPath(".status.conditions[?(@.type==\"Ready\")].status"))
                .isEqualTo("$['status']['conditions'][?(@.type==\"Ready\")]['status']");
        assertThat(CrdColumns.jaywayPath(".spec.ports[0].port")).isEqualTo("$['spec']['ports'][0]['port']");
    }

    @Test
    void crdColumnsEvaluateFiltersEscapedKeysAndDates() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var columns = CrdColumns.of(json.readTree("""
                [{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\\\"Ready\\\")].status"},
                 {"name":"Expires","type":"string","jsonPath":".metadata.annotations.edgefed\\\\.io/expires"},
                 {"name":"Missing","type":"string","jsonPath":".status.nothing"},
                 {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]"""));
        var object = json.readTree("""
                {"metadata":{"name":"s1","creationTimestamp":"2026-01-01T00:00:00Z","annotations":{"edgefed.io/expires":"soon"}},
                 "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}""");
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:07:30Z");
        assertThat(columns).extracting(TableColumn::name).containsExactly("Name", "Ready", "Expires", "Missing", "Age");
        assertThat(columns).extracting(c -> c.cell().apply(object, now)).containsExactly("s1", "True", "soon", null, "7m30s");
    }
}
