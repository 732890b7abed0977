package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgefed.geni.Pem;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;

/**
 * The README's first command, end to end: the embedded testbed starts the operator and the AM as their built
 * applications, and a newcomer runs every omni command the banner prints, with the files it wrote, over XML-RPC
 * with a TLS client certificate, as omni sends them. A real Prometheus scrapes the components all along (see
 * {@link TestbedMonitoring}, which runs last: it silences a node).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedBookingTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    /** Under target/, so that the operator's and the AM's logs stay there to read when this test fails. */
    private static final Path DIR = Path.of("target", "embedded-booking").toAbsolutePath();
    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static EmbeddedTestbed.Started testbed;
    private static EmbeddedSettings settings;
    private static TestbedMonitoring monitoring;

    @BeforeAll
    static void startTestbed() throws Exception {
        for (String app : List.of("operator", "am", "console")) {
            assumeTrue(Files.isRegularFile(HOME.resolve(app + "/target/quarkus-app/quarkus-run.jar")),
                    app + " is not built; run ./mvnw -B install -DskipTests (or the whole build) first");
        }
        deleteRecursively(DIR);
        // Nodes are marked down 20 s after their last report (2 min in a cluster), so that the monitoring check can
        // silence one and wait for its alert.
        settings = EmbeddedSettings.onLoopback(HOME, DIR, freePort(), freePort(), freePort(), freePort(), freePort(),
                TestbedMonitoring.NODE_INACTIVE_AFTER);
        testbed = EmbeddedTestbed.start(settings, RUNNING);
        monitoring = TestbedMonitoring.start(settings, DIR.resolve("prometheus"), RUNNING);
    }

    @AfterAll
    static void stopTestbed() {
        EmbeddedTestbed.closeAll(RUNNING);
    }

    /**
     * The banner's omni commands, each replayed as omni sends it with the files the command names, in order; kubectl
     * sees the booking; and after the Delete nothing of the slice is left in the API server.
     */
    @Test
    void everyPrintedOmniCommandWorksAsPrintedAndDeleteLeavesNothing() throws Exception {
        List<String> commands = Instructions.omniCommands(settings, testbed.booking());
        String banner = Instructions.text(settings, testbed.api().url(), testbed.kubeconfig(), testbed.booking(), DIR.resolve("logs"));
        assertThat(banner).contains(commands).contains(Instructions.kubectlCommands(testbed.kubeconfig()))
                .contains("ssh -i " + testbed.booking().sshKey());
        List<String> methods = new ArrayList<>();
        for (String command : commands) {
            methods.add(OmniReplay.of(command).method());
        }
        assertThat(methods).containsExactly("GetVersion", "ListResources", "Allocate", "Provision", "Status", "Describe", "Delete");

        Map<String, Object> version = replay(commands.get(0));
        assertThat(code(version)).isZero();
        assertThat(value(version).get("geni_api")).isEqualTo(3);

        Map<String, Object> resources = replay(commands.get(1));
        assertThat(code(resources)).as("listresources: %s", resources.get("output")).isZero();
        assertThat(inflate((String) resources.get("value")))
                .contains("component_name=\"" + ExampleNodes.PUBLIC_NODE + "\"", "component_name=\"" + ExampleNodes.HOME_NODE + "\"",
                        "component_name=\"" + ExampleNodes.HOME_AMD64_NODE + "\"")
                .contains("<location country=\"FR\" latitude=\"48.8566\" longitude=\"2.3522\"",
                        "<location country=\"BE\" latitude=\"51.0543\" longitude=\"3.7174\"",
                        "<location country=\"DE\" latitude=\"52.52\" longitude=\"13.405\"")
                .doesNotContain(ExampleNodes.CONTROL_PLANE);

        Map<String, Object> allocated = replay(commands.get(2));
        assertThat(code(allocated)).as("allocate: %s", allocated.get("output")).isZero();
        Map<String, Object> provisioned = replay(commands.get(3));
        assertThat(code(provisioned)).as("provision: %s", provisioned.get("output")).isZero();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, Object> status = replay(commands.get(4));
                assertThat(code(status)).isZero();
                assertThat(slivers(status)).hasSize(2)
                        .allSatisfy(s -> assertThat(s.get("geni_operational_status")).isEqualTo("geni_ready"));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + clusterState(), e);
        }
        // With real containers the two slivers turn ready at different moments: the test's Prometheus must have
        // scraped both ready before the Delete below, as the monitoring check expects.
        monitoring.awaitReadySliversScraped(2);

        // The console shows both slivers, read from the same API server, and never their keys.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consoleJson("api/testbed"))
                .contains("\"clientId\":\"node0\"", "\"clientId\":\"pi0\"", "\"operationalState\":\"geni_ready\"")
                .doesNotContain("ssh-ed25519"));

        Map<String, Object> described = replay(commands.get(5));
        assertThat(code(described)).isZero();
        // Both logins go through the public node: the home node has no external address. The user is alice, whose
        // key omni_config names.
        assertThat(inflate((String) value(described).get("geni_rspec"))).contains("client_id=\"node0\"", "client_id=\"pi0\"")
                .containsPattern("<login authentication=\"ssh-keys\" hostname=\"127.0.0.1\" port=\"3\\d{4}\" username=\"alice\"");
        List<Sliver> stored = testbed.api().client().resources(Sliver.class).inNamespace(EmbeddedSettings.NAMESPACE).list().getItems();
        assertThat(stored).hasSize(2).allSatisfy(s -> {
            assertThat(s.getMetadata().getAnnotations()).containsKey(EdgefedKeys.EXPIRES_ANNOTATION);
            assertThat(s.getSpec().getUsers()).singleElement().satisfies(u -> assertThat(u.getKeys())
                    .containsExactly(Files.readString(testbed.booking().sshPublicKey()).strip()));
        });
        assertThat(stored).extracting(s -> s.getStatus().getNode())
                .containsExactlyInAnyOrder(ExampleNodes.PUBLIC_NODE, ExampleNodes.HOME_NODE);
        kubectlSeesTheBooking();

        Map<String, Object> deleted = replay(commands.get(6));
        assertThat(code(deleted)).isZero();
        assertThat(List.of((Object[]) deleted.get("value"))).hasSize(2).allSatisfy(s -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> sliver = (Map<String, Object>) s;
            assertThat(sliver).containsEntry("geni_allocation_status", "geni_unallocated").containsEntry("geni_error", "");
        });
        var client = testbed.api().client();
        String ns = EmbeddedSettings.NAMESPACE;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.resources(Sliver.class).inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.network().networkPolicies().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.v1().events().inNamespace(ns).list().getItems()).isEmpty();
        });
    }

    /** kubectl, as the banner prints it, shows both slivers ready on their nodes and their pods running. */
    private static void kubectlSeesTheBooking() throws Exception {
        if (Kubectl.onPath().isEmpty()) {
            return;
        }
        Kubectl kubectl = Kubectl.forKubeconfig(testbed.kubeconfig());
        List<List<String>> slivers = Kubectl.rows(kubectl.run("get", "slivers", "-A"));
        assertThat(slivers.get(0)).containsExactly("NAMESPACE", "NAME", "SLICE", "NODE", "IMAGE", "STATE", "EXPIRES", "AGE");
        assertThat(slivers.subList(1, slivers.size())).hasSize(2).allSatisfy(row -> assertThat(row)
                .contains(EmbeddedSettings.NAMESPACE, testbed.booking().slice().toString(), "geni_ready"));
        assertThat(slivers.subList(1, slivers.size())).extracting(row -> row.get(3))
                .containsExactlyInAnyOrder(ExampleNodes.PUBLIC_NODE, ExampleNodes.HOME_NODE);
        List<List<String>> pods = Kubectl.rows(kubectl.run("get", "pods", "-A"));
        assertThat(pods.subList(1, pods.size())).hasSize(2).allSatisfy(row -> assertThat(row).contains("1/1", "Running"));
        assertThat(Kubectl.rows(kubectl.run("get", "nodes"))).hasSize(5);
    }

    private static Map<String, Object> replay(String command) throws Exception {
        return new OmniClient(testbed.booking().caCertificate()).replay(command);
    }

    private static String inflate(String base64Zlib) throws Exception {
        return OmniClient.inflate(base64Zlib);
    }

    @Test
    void theConsoleShowsTheExampleMeshWithDirectAndRelayedLinks() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(consoleJson("api/testbed"))
                .contains("\"synced\":true")
                .contains("{\"id\":\"edge-amd64-1~home-arm64-1\",\"a\":\"edge-amd64-1\",\"b\":\"home-arm64-1\",\"mode\":\"direct\"")
                .contains("{\"id\":\"home-amd64-1~home-arm64-1\",\"a\":\"home-amd64-1\",\"b\":\"home-arm64-1\",\"mode\":\"relay\",\"via\":\"edge-amd64-1\""));
        // The operator judges the example peers alive: the heartbeat plays their agents.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(consoleJson("api/nodes/home-arm64-1"))
                .contains("\"active\":true", "\"mesh\":\"nat\"").doesNotContain("NotSeen", "ClaimMismatch"));
        assertThat(Instructions.text(settings, testbed.api().url(), testbed.kubeconfig(), testbed.booking(), DIR.resolve("logs")))
                .contains("Console             " + settings.consoleUrl());
    }

    /**
     * One truth for the mesh: for every example peer, kubectl's DIRECT, RELAYED and DOWN columns count the same paths
     * as the console draws for that node (its links by mode), read while both run against the same API server.
     */
    @Test
    void kubectlsPathColumnsCountTheLinksTheConsoleDraws() throws Exception {
        Kubectl kubectl = Kubectl.forKubeconfig(testbed.kubeconfig());
        Map<String, List<Integer>> drawn = new java.util.TreeMap<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode document = new ObjectMapper().readTree(consoleJson("api/testbed"));
            assertThat(document.get("synced").asBoolean()).isTrue();
            drawn.clear();
            for (JsonNode link : document.get("links")) {
                int column = List.of("direct", "relay", "down").indexOf(link.get("mode").asText());
                for (String end : List.of(link.get("a").asText(), link.get("b").asText())) {
                    drawn.computeIfAbsent(end, n -> new ArrayList<>(List.of(0, 0, 0))).set(column, drawn.get(end).get(column) + 1);
                }
            }
            assertThat(drawn).containsOnlyKeys(ExampleNodes.PUBLIC_NODE, ExampleNodes.HOME_NODE, ExampleNodes.HOME_AMD64_NODE,
                    ExampleNodes.CONTROL_PLANE);
        });
        assertThat(drawn.get(ExampleNodes.HOME_NODE)).as("Ghent: direct to Paris and Amsterdam, relayed to Berlin")
                .containsExactly(2, 1, 0);

        Map<String, List<Integer>> printed = new java.util.TreeMap<>();
        for (Map<String, String> row : Kubectl.table(kubectl.run("get", "vpnpeers"))) {
            printed.put(row.get("NAME"), List.of(count(row, "DIRECT"), count(row, "RELAYED"), count(row, "DOWN")));
        }
        assertThat(printed).isEqualTo(drawn);
    }

    private static int count(Map<String, String> row, String column) {
        assertThat(row.get(column)).as("%s of %s", column, row.get("NAME")).matches("\\d+");
        return Integer.parseInt(row.get(column));
    }

    private static String consoleJson(String path) throws IOException {
        URLConnection connection = new URL(settings.consoleUrl() + path).openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        try (var in = connection.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What the API server holds, to tell from a failure whether the operator or the simulated kubelet lagged. */
    private static String clusterState() {
        var client = testbed.api().client();
        var serialization = client.getKubernetesSerialization();
        StringBuilder state = new StringBuilder("cluster state:\n");
        client.resources(Sliver.class).inAnyNamespace().list().getItems().forEach(s ->
                state.append("sliver ").append(serialization.asJson(s)).append('\n'));
        client.apps().deployments().inAnyNamespace().list().getItems().forEach(d ->
                state.append("deployment ").append(serialization.asJson(d)).append('\n'));
        client.pods().inAnyNamespace().list().getItems().forEach(p ->
                state.append("pod ").append(p.getMetadata().getName()).append(' ').append(serialization.asJson(p.getStatus()))
                        .append(' ').append(p.getMetadata().getLabels()).append('\n'));
        return state.toString();
    }

    /** Runs after the booking: every metric, dashboard query and alert of the monitoring component, for real. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRealPrometheusScrapesEveryComponentAnswersEveryDashboardQueryAndSeesANodeGoDown() throws Exception {
        monitoring.checkAfterBooking(settings, RUNNING);
    }

    /** -Dedgefed.local.prometheus=true: the banner's metrics addresses answer, and the local Prometheus scrapes them. */
    @Test
    void theBannerPrintsTheMetricsAddressesAndTheLocalPrometheusScrapesThem() throws Exception {
        monitoring.checkLocalPrometheus(settings, RUNNING);
    }

    @Test
    void privateKeysAndTheCredentialAreReadableOnlyByTheirOwner() throws IOException {
        for (Path secret : List.of(testbed.booking().userKey(), testbed.booking().userKeyAndCertificate(),
                testbed.booking().serverKey(), testbed.booking().sliceCredential(), testbed.booking().userCredential(),
                testbed.booking().sshKey())) {
            assertThat(Files.getPosixFilePermissions(secret))
                    .as(secret.toString()).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void everyPortListensOnLoopbackOnly() throws Exception {
        java.util.Optional<java.net.InetAddress> other = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                .stream().flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof java.net.Inet4Address).findFirst();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try the ports on");
        List<Integer> ports = List.of(java.net.URI.create(testbed.api().url()).getPort(),
                java.net.URI.create(testbed.api().storeUrl()).getPort(), settings.amPort(), settings.operatorPort(),
                settings.amManagementPort(), settings.consolePort(), settings.consoleManagementPort());
        for (int port : ports) {
            assertThat(connects(java.net.InetAddress.getLoopbackAddress(), port)).as("port %d on loopback", port).isTrue();
            assertThat(connects(other.get(), port)).as("port %d on %s", port, other.get()).isFalse();
        }
    }

    private static boolean connects(java.net.InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int code(Map<String, Object> reply) {
        return OmniClient.code(reply);
    }

    private static Map<String, Object> value(Map<String, Object> reply) {
        return OmniClient.value(reply);
    }

    private static List<Map<String, Object>> slivers(Map<String, Object> reply) {
        return OmniClient.slivers(reply);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
