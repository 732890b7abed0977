package io.edgefed.am;

import static io.edgefed.am.support.AmClient.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefed.am.support.AmClient;
import io.edgefed.am.support.ClusterFixture;
import io.edgefed.am.support.Pki;
import io.edgefed.am.support.RawHttps;
import io.edgefed.am.support.Rspecs;
import io.edgefed.am.support.TestPki;
import io.edgefed.am.support.XmlRpcBodies;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The transport: who may call (TLS client certificates, the proxy header), what bodies are refused (XXE, entity
 * expansion, oversized, garbage), and a replay of the recorded omni session against this AM.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(TestPki.class)
class TransportAndReplayTest {

    private static final String GET_VERSION = XmlRpcBodies.call("GetVersion");
    private static final String HEADER = "X-Fed4Fire-Certificate";

    @Inject
    KubernetesClient kube;

    static String nginxEscaped(String pem) {
        // NGINX's $ssl_client_escaped_cert: percent-encoded, spaces as %20
        return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static int geniCode(String responseBody) throws Exception {
        Object result = XmlRpcBodies.result(responseBody);
        assertThat(result).as("a GENI struct, not a fault: " + responseBody).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) result;
        return code(reply);
    }

    static String listResourcesBody(String user) {
        String slice = "urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+proxied";
        return XmlRpcBodies.call("ListResources", Pki.credentials(Pki.sliceCredential(user, slice, Instant.now().plus(1, ChronoUnit.HOURS))),
                Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3")));
    }

    // ---------------------------------------------------------------- who may call

    @Test
    void withoutAClientCertificateTheHandshakeFails() {
        assertThatThrownBy(() -> new AmClient(Pki.tls(null)).call("GetVersion")).hasMessageContaining("GetVersion");
    }

    /**
     * A client certificate is judged at each call's instant: once it has expired, the next call on the same kept-alive
     * connection, and a call on a TLS 1.3 session resumed from a ticket issued while it was valid, get 3 naming the
     * expiry.
     */
    @Test
    void aClientCertificateThatExpiresIsRefusedOnItsKeptAliveConnectionAndOnAResumedSession() throws Exception {
        byte[] describe = XmlRpcBodies.call("Describe", new Object[] {"urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+gone"},
                Pki.credentials(Pki.sliceCredential("alice", "urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+gone",
                        Instant.now().plus(1, ChronoUnit.HOURS))), Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3")))
                .getBytes(StandardCharsets.UTF_8);
        SSLContext expired = Pki.tlsExpiringAt("expired", Instant.now().minusSeconds(1));
        Instant notAfter = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        SSLContext tls = Pki.tlsExpiringAt("shortlived", notAfter);
        byte[] getVersion = GET_VERSION.getBytes(StandardCharsets.UTF_8);
        try (RawHttps.Connection kept = new RawHttps.Connection(tls)) {
            assertThat(geniCode(kept.post(getVersion).body())).isZero();
            Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), notAfter).toMillis()) + 1100);

            for (byte[] body : List.of(getVersion, describe)) {
                String reply = kept.post(body).body();
                assertThat(geniCode(reply)).as(reply).isEqualTo(3);
                assertThat(reply).contains("expired at " + notAfter);
            }
            // A full handshake with an expired certificate fails; this one succeeds only by resuming the first session.
            assertThatThrownBy(() -> {
                try (RawHttps.Connection full = new RawHttps.Connection(expired)) {
                    full.post(getVersion);
                }
            }).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            try (RawHttps.Connection resumed = new RawHttps.Connection(tls)) {
                String reply = resumed.post(describe).body();
                assertThat(geniCode(reply)).as(reply).isEqualTo(3);
                assertThat(reply).contains("expired at " + notAfter);
            }
        }
    }

    /**
     * A TLS client sending its certificate with 40 decoy CA certificates (8 levels of 5), or with 9 in 3 levels of 3
     * (within the certificate limit), gets no connection, and GetVersion keeps answering (which limit refused each is
     * shown by {@code BoundedClientTrustTest}).
     */
    @Test
    void aClientChainOfDecoysIsRefusedInTheHandshake() throws Exception {
        javax.security.auth.x500.X500Principal root = ((java.security.cert.X509Certificate) Pki.trustStore().getCertificate("ca"))
                .getSubjectX500Principal();
        for (int[] shape : new int[][] {{8, 5}, {3, 3}}) {
            io.edgefed.authority.IssuedIdentity decoyed = io.edgefed.am.support.DecoyChains.decoyed(
                    io.edgefed.geni.GeniUrn.of(TestPki.AUTHORITY, "user", "decoyed"), root, shape[0], shape[1]);
            SSLContext tls = Pki.tlsOf(decoyed);
            assertThatThrownBy(() -> {
                try (RawHttps.Connection c = new RawHttps.Connection(tls)) {
                    c.post(GET_VERSION.getBytes(StandardCharsets.UTF_8));
                }
            }).as("%d levels of %d", shape[0], shape[1]).isInstanceOf(java.io.IOException.class);
        }
        assertThat(code(new AmClient("alice").call("GetVersion"))).isZero();
    }

    @Test
    void aCertificateOfAnUntrustedAuthorityIsRefused() {
        assertThatThrownBy(() -> new AmClient("mallory").call("GetVersion")).hasMessageContaining("GetVersion");
    }

    @Test
    void aFed4FireLikeCertificateWithAnAiaOidArcAbove2To32IsAccepted() {
        assertThat(code(new AmClient("fed4fire").call("GetVersion"))).isZero();
    }

    @Test
    void theCertificateHeaderFromANonProxyAddressIsRefused() throws Exception {
        RawHttps.Reply reply = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(HEADER, nginxEscaped(Pki.pem("bob"))),
                GET_VERSION.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(geniCode(reply.body())).isEqualTo(3);
        // without the header the same connection setup works
        assertThat(geniCode(RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(), GET_VERSION.getBytes(StandardCharsets.UTF_8)).body()))
                .isZero();
    }

    @Test
    void theCertificateHeaderFromTheConfiguredProxyNamesTheCaller() throws Exception {
        // bob's certificate forwarded by the proxy: bob's credential is accepted, alice's is not bob's
        RawHttps.Reply asBob = RawHttps.post(Pki.tls("proxy"), TestPki.PROXY_ADDRESS, Map.of(HEADER, nginxEscaped(Pki.pem("bob"))),
                listResourcesBody("bob").getBytes(StandardCharsets.UTF_8));
        assertThat(geniCode(asBob.body())).isZero();
        RawHttps.Reply aliceCredential = RawHttps.post(Pki.tls("proxy"), TestPki.PROXY_ADDRESS, Map.of(HEADER, nginxEscaped(Pki.pem("bob"))),
                listResourcesBody("alice").getBytes(StandardCharsets.UTF_8));
        assertThat(geniCode(aliceCredential.body())).isNotZero();
        // a forwarded certificate of an untrusted authority is refused
        RawHttps.Reply rogue = RawHttps.post(Pki.tls("proxy"), TestPki.PROXY_ADDRESS, Map.of(HEADER, nginxEscaped(Pki.pem("mallory"))),
                GET_VERSION.getBytes(StandardCharsets.UTF_8));
        assertThat(geniCode(rogue.body())).isEqualTo(3);
    }

    // ---------------------------------------------------------------- hostile bodies

    @Test
    void anXxePayloadIsAFaultAndLeaksNothing() throws Exception {
        String host = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).trim() : "";
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
                + "<methodCall><methodName>GetVersion</methodName><params><param><value><struct><member><name>x</name>"
                + "<value><string>&xxe;</string></value></member></struct></value></param></params></methodCall>";
        RawHttps.Reply reply = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(), xxe.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(XmlRpcBodies.result(reply.body())).isInstanceOf(XmlRpcBodies.Fault.class);
        if (!host.isEmpty()) {
            assertThat(reply.body()).doesNotContain(host);
        }
        assertThat(reply.body()).doesNotContain("at io.edgefed", "Exception");
    }

    @Test
    void anEntityExpansionPayloadIsAFaultAndCheap() throws Exception {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        lol.append("]><methodCall><methodName>&lol9;</methodName><params/></methodCall>");
        long start = System.nanoTime();
        RawHttps.Reply reply = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(), lol.toString().getBytes(StandardCharsets.UTF_8));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        assertThat(XmlRpcBodies.result(reply.body())).isInstanceOf(XmlRpcBodies.Fault.class);
    }

    @Test
    void anOversizedBodyIsTooBig6AndGarbageIsAFaultNever500() throws Exception {
        String filler = "x".repeat(600 * 1024);
        RawHttps.Reply big = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(),
                XmlRpcBodies.call("GetVersion", Map.of("filler", filler)).getBytes(StandardCharsets.UTF_8));
        assertThat(big.status()).isEqualTo(200);
        assertThat(geniCode(big.body())).isEqualTo(6);
        RawHttps.Reply garbage = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(), "not xml at all".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.status()).isEqualTo(200);
        assertThat(XmlRpcBodies.result(garbage.body())).isInstanceOf(XmlRpcBodies.Fault.class);
        RawHttps.Reply wrongTypes = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(),
                XmlRpcBodies.call("Allocate", 42, Boolean.TRUE, new Object[] {}, "x").getBytes(StandardCharsets.UTF_8));
        assertThat(geniCode(wrongTypes.body())).isEqualTo(1);
    }

    // ---------------------------------------------------------------- replay of the recorded omni session

    /**
     * Sends every recorded omni request (shared/geni/omni-wire) to this AM and checks each answer has the shape of
     * the reference AM's answer. Three substitutions make the recording fit this testbed, all else is byte for
     * byte: the signed credentials become credentials of our test authority (the recorded ones are verified in
     * the credential tests), the slice moves to our authority (so our authority may vouch for it), and the
     * request's sliver type {@code fake-vm} (gcf's) becomes {@code container}. The recorded Renew asks for
     * 08:38:35 UTC of the recording day, now in the past: that must be OUTOFRANGE (19).
     */
    @Test
    void theRecordedOmniSessionIsAnsweredWithTheReferenceShapes() throws Exception {
        Optional<Path> geni = Rspecs.sharedGeni();
        Assumptions.assumeTrue(geni.isPresent(), "shared/geni (the recorded omni session) is not next to the project; set -Dedgefed.shared");
        ClusterFixture.nodes(kube);
        Path wire = geni.get().resolve("omni-wire");
        String recordedSlice = "urn:publicid:IDN+geni:gpo:gcf+slice+wire075834";
        String slice = "urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+wire075834";
        String credential = XmlRpcBodies.escape(Pki.sliceCredential("alice", slice, Instant.now().plus(1, ChronoUnit.HOURS)));
        Pattern geniValue = Pattern.compile("(<name>geni_value</name>\\s*<value><string>)(.*?)(</string>)", Pattern.DOTALL);
        for (int i = 1; i <= 10; i++) {
            String nn = String.format("%02d", i);
            String request = Files.readString(wire.resolve(nn + "-request.xml"));
            request = request.substring(request.indexOf('\n') + 1).replace(recordedSlice, slice).replace("fake-vm", "container");
            request = geniValue.matcher(request).replaceAll("$1" + Matcher.quoteReplacement(credential) + "$3");
            String method = request.replaceAll("(?s).*<methodName>(.*?)</methodName>.*", "$1");
            RawHttps.Reply reply = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(), request.getBytes(StandardCharsets.UTF_8));
            Object ours = XmlRpcBodies.result(reply.body());
            Object reference = XmlRpcBodies.result(Files.readString(wire.resolve(nn + "-response.xml")));
            assertThat(ours).as(nn + " " + method).isInstanceOf(Map.class);
            Map<?, ?> mine = (Map<?, ?>) ours;
            Map<?, ?> theirs = (Map<?, ?>) reference;
            assertThat(keysOf(mine)).as(nn + " " + method + " top level").containsAll(keysOf(theirs));
            if (method.equals("Renew")) {
                assertThat(code(cast(mine))).as("the recorded Renew time is in the past").isEqualTo(19);
                continue;
            }
            assertThat(code(cast(mine))).as(nn + " " + method + ": " + mine.get("output")).isZero();
            assertSameShape(nn + " " + method, theirs.get("value"), mine.get("value"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Set<Object> keysOf(Map<?, ?> m) {
        return new HashSet<>(m.keySet());
    }

    /** Every key the reference sends we send too (except gcf's own geni_start_time/geni_end_time), recursively. */
    private static void assertSameShape(String where, Object reference, Object ours) {
        if (reference instanceof Map<?, ?> ref) {
            assertThat(ours).as(where).isInstanceOf(Map.class);
            Set<Object> expected = keysOf(ref);
            expected.removeAll(List.of("geni_start_time", "geni_end_time", "geni_am_code"));
            assertThat(keysOf((Map<?, ?>) ours)).as(where).containsAll(expected);
            for (Object key : expected) {
                if (!key.equals("geni_api_versions")) {
                    assertSameShape(where + "." + key, ref.get(key), ((Map<?, ?>) ours).get(key));
                }
            }
        } else if (reference instanceof Object[] ref) {
            assertThat(ours).as(where).isInstanceOf(Object[].class);
            Object[] mine = (Object[]) ours;
            if (ref.length > 0 && mine.length > 0) {
                assertSameShape(where + "[0]", ref[0], mine[0]);
            }
            assertThat(Arrays.asList(mine)).as(where).hasSizeGreaterThanOrEqualTo(ref.length == 0 ? 0 : 1);
        } else if (reference != null) {
            assertThat(ours).as(where).isNotNull();
            assertThat(ours.getClass()).as(where).isEqualTo(reference.getClass());
        }
    }
}
