package io.edgefed.release.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** The AM's init step against an API server that keeps what it is given (Fabric8's mock server in CRUD mode). */
class AmTlsInitTest {

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private ApiServer api;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
        api = ApiServer.fromEnvironment(Map.of("KUBERNETES_MASTER", "http://" + server.getHostName() + ":" + server.getPort() + "/"),
                dir.resolve("no-service-account"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void aMissingSecretIsMadeWithASelfSignedCertificateForTheAmHostAndWrittenOwnerOnly() throws Exception {
        Path out = dir.resolve("tls");
        String did = new AmTlsInit(api, "edgefed", "edgefed-am-tls", "am.testbed.example", out, dir).run();

        assertThat(did).contains("made a self-signed certificate for am.testbed.example");
        Secret secret = client.secrets().inNamespace("edgefed").withName("edgefed-am-tls").get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        X509Certificate certificate = certificate(Files.readAllBytes(out.resolve("tls.crt")));
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "am.testbed.example"));
        assertThat(Files.readString(out.resolve("tls.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Base64.getDecoder().decode(secret.getData().get("tls.crt"))).isEqualTo(Files.readAllBytes(out.resolve("tls.crt")));
        for (String file : List.of("tls.crt", "tls.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(file)))).isEqualTo("rw-------");
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).as("no key store left behind")
                .noneMatch(name -> name.startsWith("am-tls"));

        // A restart (or another replica) serves the same certificate.
        Path again = dir.resolve("again");
        new AmTlsInit(api, "edgefed", "edgefed-am-tls", "am.testbed.example", again, dir).run();
        assertThat(Files.readAllBytes(again.resolve("tls.key"))).isEqualTo(Files.readAllBytes(out.resolve("tls.key")));
    }

    @Test
    void anExistingSecretIsUsedAsItIsAndNeverChanged() throws Exception {
        client.secrets().inNamespace("edgefed").resource(new SecretBuilder().withNewMetadata().withName("edgefed-am-tls")
                .withNamespace("edgefed").endMetadata().withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", b64("CERT FROM CERT-MANAGER"), "tls.key", b64("ITS KEY"))).build()).create();
        String version = client.secrets().inNamespace("edgefed").withName("edgefed-am-tls").get().getMetadata().getResourceVersion();

        new AmTlsInit(api, "edgefed", "edgefed-am-tls", "am.testbed.example", dir.resolve("tls"), dir).run();

        assertThat(Files.readString(dir.resolve("tls/tls.crt"))).isEqualTo("CERT FROM CERT-MANAGER");
        assertThat(Files.readString(dir.resolve("tls/tls.key"))).isEqualTo("ITS KEY");
        assertThat(client.secrets().inNamespace("edgefed").withName("edgefed-am-tls").get().getMetadata().getResourceVersion())
                .isEqualTo(version);
    }

    @Test
    void aSecretWithoutTheKeyIsRefusedByName() throws Exception {
        client.secrets().inNamespace("edgefed").resource(new SecretBuilder().withNewMetadata().withName("edgefed-am-tls")
                .withNamespace("edgefed").endMetadata().withData(Map.of("tls.crt", b64("CERT"))).build()).create();

        assertThatThrownBy(() -> new AmTlsInit(api, "edgefed", "edgefed-am-tls", "am.testbed.example", dir.resolve("tls"), dir).run())
                .hasMessageContaining("edgefed/edgefed-am-tls has no tls.key");
    }

    @Test
    void outsideAPodWithoutAnAddressItSaysWhatIsMissing() {
        assertThatThrownBy(() -> ApiServer.fromEnvironment(Map.of(), dir))
                .hasMessageContaining("neither KUBERNETES_SERVICE_HOST nor KUBERNETES_MASTER");
        assertThatThrownBy(() -> ApiServer.fromEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), dir))
                .hasMessageContaining("no service account token and CA");
        assertThatThrownBy(() -> SelfSignedCertificate.subjectAlternativeName("am example; rm -rf"))
                .hasMessageContaining("is not a host name or an IP address");
        assertThat(SelfSignedCertificate.subjectAlternativeName("127.0.0.1")).isEqualTo("ip:127.0.0.1");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static X509Certificate certificate(byte[] pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }
}
