package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.edgefed.am.support.XmlRpcTlsClient;
import io.edgefed.containers.ContainerEngine;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * The operator, AM and console images, each started under podman as its Deployment in src/main/kubernetes says (as
 * rendered by kustomize, with an operator's overlay that trusts a local authority; see {@link ManifestPod}), one
 * replica each, against the embedded API server. The images are the ones the release module's package phase built.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesRunAsTheirManifestsSayIT {

    private static final String VERSION = System.getProperty("edgefed.version", "0.1.0-SNAPSHOT");
    private static final List<String> DEPLOYMENTS = List.of("edgefed-am", "edgefed-operator", "edgefed-console");
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Pattern HEAP = Pattern.compile("Max\\. Heap Size \\(Estimated\\): ([0-9.]+)M");

    @TempDir
    static Path dir;

    private static ContainerEngine engine;
    private static SimulatedCluster cluster;
    private static LocalBooking booking;
    private static RenderedManifests manifests;
    private static final Map<String, ManifestPod> PODS = new LinkedHashMap<>();

    @BeforeAll
    static void startEachImageAsItsDeploymentSays() throws Exception {
        engine = ContainerEngine.find(ContainerEngine.Choice.PODMAN).orElse(null);
        assumeTrue(engine != null, "podman is not installed or does not answer (images/ci-packages.txt)");
        for (String name : DEPLOYMENTS) {
            assumeTrue(engine.run(List.of("image", "exists", "localhost/" + name + ":" + VERSION), Duration.ofSeconds(30))
                    .succeeded(), "localhost/" + name + ":" + VERSION + " was not built: the release module's package "
                    + "phase builds it with buildah on -Dedgefed.image.base (see its output for why it did not)");
        }
        assumeTrue(onPath("slirp4netns"), "slirp4netns is not installed (images/ci-packages.txt)");
        cluster = SimulatedCluster.start();
        Properties properties = new Properties();
        properties.setProperty("edgefed.home", RenderedManifests.root().toString());
        properties.setProperty("edgefed.local.dir", dir.resolve("local").toString());
        booking = LocalBooking.prepare(EmbeddedSettings.from(properties));

        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.copy(booking.caCertificate(), overlay.resolve("local-ca.pem"));
        manifests = RenderedManifests.of(RenderedManifests.overlay(overlay, List.of("local-ca.pem"),
                List.of("EDGEFED_AM_URL=https://localhost/xmlrpc/am/3.0")), cluster.client);
        for (HasMetadata object : manifests.objects()) {
            if (!(object instanceof CustomResourceDefinition)) {
                cluster.client.resource(object).createOr(NonDeletingOperation::update);
            }
        }
        int storePort = URI.create(cluster.api.storeUrl()).getPort();
        for (String name : DEPLOYMENTS) {
            PODS.put(name, ManifestPod.start(engine, manifests.deployment(name), cluster.client, storePort, VERSION,
                    dir.resolve("pods")));
        }
        for (String name : DEPLOYMENTS) {
            for (Container container : containers(name)) {
                HTTPGetAction ready = container.getReadinessProbe().getHttpGet();
                ManifestPod pod = PODS.get(name);
                await().atMost(READY_WITHIN).pollInterval(Duration.ofSeconds(1)).failFast(() -> {
                    if (!pod.isRunning(container)) {
                        throw new AssertionError(name + " stopped:\n" + pod.logs(container));
                    }
                }).until(() -> status(pod.hostPort(container, ready.getPort()), ready.getPath()) == 200);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ManifestPod pod : PODS.values()) {
            pod.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static boolean onPath(String binary) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
    }

    private static List<Container> containers(String deployment) {
        return manifests.deployment(deployment).getSpec().getTemplate().getSpec().getContainers();
    }

    @Test
    @Order(1)
    void everyLivenessAndReadinessProbeOfTheManifestsAnswers() throws Exception {
        List<String> probed = new ArrayList<>();
        for (Deployment deployment : manifests.of(Deployment.class)) {
            ManifestPod pod = PODS.get(deployment.getMetadata().getName());
            assertThat(pod).as("a pod of %s was started", deployment.getMetadata().getName()).isNotNull();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
                    HTTPGetAction get = probe.getHttpGet();
                    assertThat(status(pod.hostPort(container, get.getPort()), get.getPath()))
                            .as("%s %s on port %s", container.getName(), get.getPath(), get.getPort().getStrVal()).isEqualTo(200);
                    probed.add(container.getName() + get.getPath());
                }
            }
        }
        assertThat(probed).hasSize(6);
    }

    @Test
    @Order(2)
    void eachImageRunsAsANonRootUserOnAReadOnlyRootWithItsHeapSizedFromTheMemoryLimitAndCarriesItsVersion() throws Exception {
        for (String name : DEPLOYMENTS) {
            Container container = containers(name).get(0);
            ManifestPod pod = PODS.get(name);
            assertThat(pod.inspect(container, "{{.HostConfig.ReadonlyRootfs}}")).as(name).isEqualTo("true");
            assertThat(pod.runArguments(container.getName())).as(name).contains("--read-only-tmpfs=false");
            String user = pod.inspect(container, "{{.Config.User}}");
            assertThat(user).as(name).matches("[1-9][0-9]*(:[0-9]+)?");
            double limitMiB = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).doubleValue() / (1 << 20);
            Matcher heap = HEAP.matcher(pod.logs(container));
            assertThat(heap.find()).as("%s prints the heap it sized", name).isTrue();
            assertThat(Double.parseDouble(heap.group(1))).as(name).isBetween(limitMiB * 0.6, limitMiB * 0.76);
            String image = ManifestPod.imageOf(container, VERSION);
            String labels = engine.run(List.of("image", "inspect", "--format",
                    "{{index .Labels \"org.opencontainers.image.version\"}} {{index .Labels \"org.opencontainers.image.revision\"}}",
                    image), Duration.ofSeconds(30)).stdout().strip();
            assertThat(labels).as(image).matches(Pattern.quote(VERSION) + " [0-9a-f]{40}(-dirty)?");
        }
    }

    @Test
    @Order(3)
    void theAmAnswersGetVersionOverMutualTlsWithTheCertificateOfItsSecret() throws Exception {
        Secret secret = cluster.client.secrets().inNamespace("edgefed").withName("edgefed-am-tls").get();
        assertThat(secret).as("the AM's init container made its TLS Secret").isNotNull();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        Map<String, Object> reply = am(secret).call("GetVersion");
        assertThat(XmlRpcTlsClient.code(reply)).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) reply.get("value");
        assertThat(value).containsEntry("geni_api", 3).containsEntry("geni_code_tag", VERSION);
    }

    @Test
    @Order(4)
    void theAmBooksASliverAndTheOperatorMakesItsChildren() throws Exception {
        Secret secret = cluster.client.secrets().inNamespace("edgefed").withName("edgefed-am-tls").get();
        XmlRpcTlsClient am = am(secret);
        Object[] credentials = {Map.of("geni_type", "geni_sfa", "geni_version", "3",
                "geni_value", Files.readString(booking.sliceCredential()))};
        String slice = booking.slice().toString();
        String request = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rspec type="request" xmlns="http://www.geni.net/resources/rspec/3">
                  <node client_id="node0" exclusive="false"><sliver_type name="container"/></node>
                </rspec>
                """;
        Map<String, Object> allocated = am.call("Allocate", slice, credentials, request, Map.of());
        assertThat(XmlRpcTlsClient.code(allocated)).as("%s", allocated).isZero();
        Map<String, Object> provisioned = am.call("Provision", new Object[] {slice}, credentials,
                Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3"), "geni_users", new Object[] {
                        Map.of("urn", booking.user().toString(), "keys", new Object[] {Files.readString(booking.sshPublicKey()).strip()})}));
        assertThat(XmlRpcTlsClient.code(provisioned)).as("%s", provisioned).isZero();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Sliver> slivers = cluster.client.resources(Sliver.class).inNamespace("edgefed").list().getItems();
            assertThat(slivers).hasSize(1);
            String owner = slivers.get(0).getMetadata().getUid();
            var ns = cluster.client.apps().deployments().inNamespace("edgefed");
            assertThat(ns.list().getItems()).anySatisfy(d -> assertThat(ownedBy(d, owner)).isTrue());
            assertThat(cluster.client.services().inNamespace("edgefed").list().getItems()).anySatisfy(s -> assertThat(ownedBy(s, owner)).isTrue());
            assertThat(cluster.client.configMaps().inNamespace("edgefed").list().getItems()).anySatisfy(c -> assertThat(ownedBy(c, owner)).isTrue());
        });
    }

    private static boolean ownedBy(HasMetadata object, String uid) {
        return object.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    @Test
    @Order(5)
    void theConsoleServesItsPageWithTheVersionAndTheTestbedAsJson() throws Exception {
        Container console = containers("edgefed-console").get(0);
        int port = PODS.get("edgefed-console").hostPort(console, new io.fabric8.kubernetes.api.model.IntOrString("http"));
        assertThat(get(port, "/")).contains("<title>edgefed testbed</title>").contains(VERSION);
        // The page's port (what an Ingress publishes) serves neither health nor metrics; the management port does.
        assertThat(status(port, "/q/metrics")).isEqualTo(404);
        assertThat(status(port, "/q/health/ready")).isEqualTo(404);
        int management = PODS.get("edgefed-console").hostPort(console, new io.fabric8.kubernetes.api.model.IntOrString("management"));
        assertThat(get(management, "/q/metrics")).contains("edgefed_console_streams_open");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(port, "/api/testbed"))
                .contains("\"synced\":true").contains(ExampleNodes.PUBLIC_NODE).contains(ExampleNodes.HOME_NODE));
    }

    @Test
    @Order(6)
    void withoutTheSelfSignedComponentTheAmServesTheCertificateOfTheSecretItMounts() throws Exception {
        Path install = RenderedManifests.copyOfTheInstall(dir.resolve("own-certificate/kubernetes"));
        Path edgefed = install.resolve("edgefed/kustomization.yaml");
        Files.writeString(edgefed, Files.readString(edgefed).replace("  - ../components/am-tls-self-signed\n", ""));
        Path overlay = Files.createDirectories(dir.resolve("own-certificate/overlay"));
        Files.copy(booking.caCertificate(), overlay.resolve("local-ca.pem"));
        Deployment am = RenderedManifests.of(RenderedManifests.overlay(overlay, install, List.of("local-ca.pem"),
                List.of("EDGEFED_AM_URL=https://localhost/xmlrpc/am/3.0")), cluster.client).deployment("edgefed-am");
        assertThat(am.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
        // The operator's own certificate (issued for localhost by the local authority) replaces the self-made one.
        Secret own = new io.fabric8.kubernetes.api.model.SecretBuilder(
                cluster.client.secrets().inNamespace("edgefed").withName("edgefed-am-tls").get())
                .withData(Map.of("tls.crt", base64(booking.serverCertificate()), "tls.key", base64(booking.serverKey()))).build();
        own.getMetadata().setResourceVersion(null);
        cluster.client.resource(own).update();

        try (ManifestPod pod = ManifestPod.start(engine, am, cluster.client, URI.create(cluster.api.storeUrl()).getPort(),
                VERSION, dir.resolve("own-certificate/pods"))) {
            Container container = am.getSpec().getTemplate().getSpec().getContainers().get(0);
            HTTPGetAction ready = container.getReadinessProbe().getHttpGet();
            await().atMost(READY_WITHIN).pollInterval(Duration.ofSeconds(1)).failFast(() -> {
                if (!pod.isRunning(container)) {
                    throw new AssertionError("edgefed-am stopped:\n" + pod.logs(container));
                }
            }).until(() -> status(pod.hostPort(container, ready.getPort()), ready.getPath()) == 200);
            int port = pod.hostPort(container, new io.fabric8.kubernetes.api.model.IntOrString("https"));
            X509Certificate ownCertificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(booking.serverCertificate()));
            SSLContext tls = ClientTls.of(booking.userCertificate(), booking.userKey(), List.of(ownCertificate));
            Map<String, Object> reply = new XmlRpcTlsClient("https://localhost:" + port + "/xmlrpc/am/3.0", tls).call("GetVersion");
            assertThat(XmlRpcTlsClient.code(reply)).isZero();
        }
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    /** An XML-RPC client presenting alice's certificate and trusting only the certificate in the AM's Secret. */
    private static XmlRpcTlsClient am(Secret secret) throws Exception {
        Container container = containers("edgefed-am").get(0);
        int port = PODS.get("edgefed-am").hostPort(container, new io.fabric8.kubernetes.api.model.IntOrString("https"));
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate served = (X509Certificate) x509.generateCertificate(
                new java.io.ByteArrayInputStream(Base64.getDecoder().decode(secret.getData().get("tls.crt"))));
        SSLContext tls = ClientTls.of(booking.userCertificate(), booking.userKey(), List.of(served));
        return new XmlRpcTlsClient("https://localhost:" + port + "/xmlrpc/am/3.0", tls);
    }

    private static int status(int port, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static String get(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
