package io.edgefed.embedded;

import io.edgefed.am.support.XmlRpcTlsClient;

import io.edgefed.geni.Pem;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's first command, end to end: the embedded testbed starts the operator and the AM as their built
 * applications, and a newcomer books two containers with the files it wrote, over XML-RPC with a TLS client
 * certificate, as omni would.
 */
class EmbeddedBookingTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> RSPEC_VERSION = Map.of("type", "GENI", "version", "3");

    /** Under target/, so that the operator's and the AM's logs stay there to read when this test fails. */
    private static final Path DIR = Path.of("target", "embedded-booking").toAbsolutePath();
    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static EmbeddedTestbed.Started testbed;
    private static XmlRpcTlsClient am;
    private static Object[] credentials;

    @BeforeAll
    static void startTestbed() throws Exception {
        for (String app : List.of("operator", "am")) {
            assumeTrue(Files.isRegularFile(HOME.resolve(app + "/target/quarkus-app/quarkus-run.jar")),
                    app + " is not built; run ./mvnw -B install -DskipTests (or the whole build) first");
        }
        deleteRecursively(DIR);
        EmbeddedSettings settings = new EmbeddedSettings(HOME, DIR, 0, freePort(), List.of(), freePort(), freePort());
        testbed = EmbeddedTestbed.start(settings, RUNNING);
        am = new XmlRpcTlsClient(settings.amUrl(), tls(testbed.booking()));
        credentials = new Object[] {Map.of("geni_type", "geni_sfa", "geni_version", "3",
                "geni_value", Files.readString(testbed.booking().sliceCredential()))};
    }

    @AfterAll
    static void stopTestbed() {
        EmbeddedTestbed.closeAll(RUNNING);
    }

    @Test
    void newcomerBooksContainersAndGetsSshLoginsWithTheWrittenFiles() throws Exception {
        String slice = testbed.booking().slice().toString();

        Map<String, Object> version = call("GetVersion");
        assertThat(version.get("geni_api")).isEqualTo(3);

        Map<String, Object> allocated = call("Allocate", slice, credentials,
                Files.readString(testbed.booking().requestRspec()), Map.of());
        assertThat(code(allocated)).as("Allocate: %s", allocated.get("output")).isZero();

        Map<String, Object> provisioned = call("Provision", new Object[] {slice}, credentials, Map.of(
                "geni_rspec_version", RSPEC_VERSION,
                "geni_users", new Object[] {Map.of("urn", testbed.booking().user().toString(),
                        "keys", new Object[] {"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKeyForTheEmbeddedTestbedOnly alice"})}));
        assertThat(code(provisioned)).as("Provision: %s", provisioned.get("output")).isZero();

        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, Object> status = call("Status", new Object[] {slice}, credentials, Map.of());
                assertThat(code(status)).isZero();
                assertThat(slivers(status)).hasSize(2)
                        .allSatisfy(s -> assertThat(s.get("geni_operational_status")).isEqualTo("geni_ready"));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + clusterState(), e);
        }

        String manifest = (String) value(call("Describe", new Object[] {slice}, credentials,
                Map.of("geni_rspec_version", RSPEC_VERSION))).get("geni_rspec");
        // Both logins go through the public node: the home node has no external address.
        assertThat(manifest).contains("client_id=\"node0\"").contains("client_id=\"pi0\"")
                .containsPattern("<login authentication=\"ssh-keys\" hostname=\"127.0.0.1\" port=\"3\\d{4}\" username=\"alice\"");
        List<Sliver> stored = testbed.api().client().resources(Sliver.class).inNamespace(EmbeddedSettings.NAMESPACE).list().getItems();
        assertThat(stored).hasSize(2).allSatisfy(s ->
                assertThat(s.getMetadata().getAnnotations()).containsKey(EdgefedKeys.EXPIRES_ANNOTATION));
        assertThat(stored).extracting(s -> s.getStatus().getNode())
                .containsExactlyInAnyOrder(ExampleNodes.PUBLIC_NODE, ExampleNodes.HOME_NODE);

        Map<String, Object> deleted = call("Delete", new Object[] {slice}, credentials, Map.of());
        assertThat(code(deleted)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                testbed.api().client().resources(Sliver.class).inNamespace(EmbeddedSettings.NAMESPACE).list().getItems().isEmpty());
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

    @Test
    void privateKeysAndTheCredentialAreReadableOnlyByTheirOwner() throws IOException {
        for (Path secret : List.of(testbed.booking().userKey(), testbed.booking().userKeyAndCertificate(),
                testbed.booking().serverKey(), testbed.booking().sliceCredential())) {
            assertThat(Files.getPosixFilePermissions(secret))
                    .as(secret.toString()).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    private static Map<String, Object> call(String method, Object... params) {
        return am.call(method, params);
    }

    private static int code(Map<String, Object> reply) {
        return XmlRpcTlsClient.code(reply);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> value(Map<String, Object> reply) {
        return (Map<String, Object>) reply.get("value");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> slivers(Map<String, Object> reply) {
        return List.of((Object[]) value(reply).get("geni_slivers")).stream().map(o -> (Map<String, Object>) o).toList();
    }

    /** TLS as a client holding the files the testbed wrote: alice's key and chain, trusting the local CA. */
    private static SSLContext tls(LocalBooking booking) throws Exception {
        List<X509Certificate> chain = Pem.certificates(Files.readString(booking.userCertificate()));
        String keyPem = Files.readString(booking.userKey()).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyPem)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("alice", key, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.certificates(Files.readString(booking.caCertificate())).get(0));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
