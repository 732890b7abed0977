package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The embedded default: starts an in-process API server with example nodes and their mesh, the operator, the AM and
 * the console against it, and a local authority, then prints how to book a sliver with omni or jFed. Runs until
 * interrupted.
 */
public final class EmbeddedTestbed {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private EmbeddedTestbed() {
    }

    /** Kept so that the levels set on them are not lost to garbage collection. */
    private static final Logger ROOT_LOG = Logger.getLogger("");
    /** Logs every request at INFO: useful to debug the mock, noise anywhere else. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    /** Warns that the edgefed CRDs are v1alpha1, once per resource type: nothing a user can act on. */
    private static final Logger VERSION_USAGE_LOG = Logger.getLogger(
            "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

    public static void main(String[] args) throws Exception {
        // The libraries' progress notes would bury the banner; their warnings still show.
        ROOT_LOG.setLevel(Level.WARNING);
        VERSION_USAGE_LOG.setLevel(Level.SEVERE);
        EmbeddedSettings settings;
        LocalPrometheus.Settings prometheusSettings;
        try {
            settings = EmbeddedSettings.from(System.getProperties());
            prometheusSettings = LocalPrometheus.Settings.from(System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("edgefed-embedded: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(running);
            stop.countDown();
        }, "edgefed-embedded-shutdown"));
        try {
            Started started = start(settings, running);
            System.out.println(Instructions.text(settings, started, settings.dir().resolve("logs")));
            System.out.println(MetricsBanner.text(settings,
                    prometheus(settings, prometheusSettings, running)));
        } catch (IOException | IllegalStateException e) {
            System.err.println("edgefed-embedded: " + e.getMessage());
            closeAll(running);
            System.exit(1);
        }
        stop.await();
    }

    /** What a started testbed offers; everything in {@code running} is stopped by closing it, last started first. */
    record Started(EmbeddedApiServer api, Path kubeconfig, LocalBooking booking, SliverContainers containers) {
    }

    /** Starts with the container engine that {@code edgefed.local.containers} chooses (default: the first found). */
    static Started start(EmbeddedSettings settings, List<AutoCloseable> running) throws Exception {
        return start(settings, SliverContainers.prepare(SliverContainers.choice(System.getProperties()), settings.home()),
                running);
    }

    static Started start(EmbeddedSettings settings, SliverContainers containers, List<AutoCloseable> running)
            throws Exception {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        EmbeddedApiServer api = EmbeddedApiServer.start(settings.apiServerAddress(), settings.apiPort());
        running.add(api);
        KubernetesClient client = api.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(EmbeddedSettings.NAMESPACE)
                .endMetadata().build()).create();
        ExampleNodes.create(client, "127.0.0.1");
        running.add(ExampleMesh.start(client, "127.0.0.1", settings.nodeInactiveAfter()));
        NodePortAllocator nodePorts = new NodePortAllocator(client);
        nodePorts.start();
        running.add(nodePorts);
        SimulatedKubelet kubelet = new SimulatedKubelet(client, containers.engine(), settings.dir());
        kubelet.start();
        running.add(kubelet);
        Path kubeconfig = api.writeKubeconfig(settings.dir().resolve("kubeconfig"));
        Path componentKubeconfig = api.writeComponentKubeconfig(settings.dir().resolve("logs").resolve("components-kubeconfig"));

        LocalBooking booking = LocalBooking.prepare(settings);
        Path logs = settings.dir().resolve("logs");
        // Both reach the API server as anything else would: through a kubeconfig (the store's own address, as their
        // clients watch over WebSocket).
        Map<String, String> env = Map.of("KUBECONFIG", componentKubeconfig.toString());
        ComponentProcess operator = ComponentProcess.start("operator", settings.home(), "operator",
                operatorProperties(settings), env, logs);
        running.add(0, operator);
        ComponentProcess am = ComponentProcess.start("am", settings.home(), "am", amProperties(settings, booking), env, logs);
        running.add(0, am);
        ComponentProcess console = EmbeddedConsole.start(settings, env, logs);
        running.add(0, console);
        String host = settings.reachableHost();
        operator.awaitListening(host, settings.operatorPort(), START_TIMEOUT);
        am.awaitListening(host, settings.amPort(), START_TIMEOUT);
        console.awaitListening(host, settings.consolePort(), START_TIMEOUT);
        containers.image();
        return new Started(api, kubeconfig, booking, containers);
    }

    private static Map<String, String> operatorProperties(EmbeddedSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", String.valueOf(settings.operatorPort()));
        properties.put("quarkus.http.host", settings.bindAddress());
        // One operator, so no leader election (active in the prod profile only), which the embedded API server
        // cannot authorize.
        properties.put("quarkus.profile", "embedded");
        properties.put("edgefed.operator.mesh.inactive-after", settings.nodeInactiveAfter().toSeconds() + "s");
        return properties;
    }

    private static Map<String, String> amProperties(EmbeddedSettings settings, LocalBooking booking) {
        List<Path> roots = new ArrayList<>();
        roots.add(booking.caCertificate());
        roots.addAll(settings.extraRoots());
        String rootList = roots.stream().map(Path::toString).collect(Collectors.joining(","));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.management.port", String.valueOf(settings.amManagementPort()));
        properties.put("quarkus.management.host", settings.bindAddress());
        properties.put("quarkus.http.host", settings.bindAddress());
        properties.put("quarkus.http.ssl-port", String.valueOf(settings.amPort()));
        properties.put("quarkus.tls.am.key-store.pem.0.cert", booking.serverCertificate().toString());
        properties.put("quarkus.tls.am.key-store.pem.0.key", booking.serverKey().toString());
        properties.put("quarkus.tls.am.trust-store.pem.certs", rootList);
        properties.put("edgefed.am.trust.roots", rootList);
        properties.put("edgefed.am.authority", EmbeddedSettings.AUTHORITY);
        properties.put("edgefed.am.namespace", EmbeddedSettings.NAMESPACE);
        properties.put("edgefed.am.url", settings.amUrl());
        return properties;
    }

    /** Starts the local Prometheus when asked and possible; says what became of it, for the banner. */
    static String prometheus(EmbeddedSettings settings, LocalPrometheus.Settings wanted, List<AutoCloseable> running)
            throws InterruptedException {
        if (!wanted.enabled()) {
            return "not started (-Dedgefed.local.prometheus=true starts one on loopback that scrapes the addresses above)";
        }
        Optional<Path> binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            return "not started: no prometheus on PATH (Debian: apt-get install prometheus)";
        }
        try {
            Path dir = settings.dir().resolve("prometheus");
            Path rules = dir.resolve("edgefed-rules.yml");
            Files.createDirectories(dir);
            Files.writeString(rules, LocalPrometheus.shippedRules(settings.home()));
            LocalPrometheus prometheus = LocalPrometheus.start(binary.get(), dir, wanted.port(),
                    LocalPrometheus.configuration(settings, Duration.ofSeconds(15), rules));
            running.add(0, prometheus);
            return prometheus.url() + "   (scrapes the three above every 15 s, evaluates the shipped alerts; log "
                    + prometheus.log() + ")";
        } catch (IOException e) {
            return "not started: " + e.getMessage();
        }
    }

    static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable component : List.copyOf(running)) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("edgefed-embedded: while stopping: " + e.getMessage());
            }
        }
        running.clear();
    }
}
