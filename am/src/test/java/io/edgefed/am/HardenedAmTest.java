package io.edgefed.am;

import static io.edgefed.am.support.AmClient.code;
import static io.edgefed.model.testing.ShippedMonitoring.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefed.am.support.AmClient;
import io.edgefed.am.support.ClusterFixture;
import io.edgefed.am.support.Pki;
import io.edgefed.am.support.RawHttps;
import io.edgefed.am.support.Rspecs;
import io.edgefed.am.support.TestPki;
import io.edgefed.am.support.XmlRpcBodies;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What no input may bend, over the wire: another trusted root's certificate for a local user, every spelling of one
 * slice URN, characters outside the BMP, deep bodies, oversized requests.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(TestPki.class)
class HardenedAmTest {

    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8 alice@example.org";

    @Inject
    KubernetesClient kube;

    private final AmClient alice = new AmClient("alice");

    @BeforeEach
    void cluster() {
        ClusterFixture.nodes(kube);
    }

    static String newSlice(String authority) {
        return "urn:publicid:IDN+" + authority + "+slice+h" + System.nanoTime() % 1_000_000_000L;
    }

    static Object[] credential(String user, String slice) {
        return Pki.credentials(Pki.sliceCredential(user, slice, Instant.now().plus(2, ChronoUnit.HOURS), "*"));
    }

    static Map<String, Object> withUsers() {
        return Map.of("geni_users", new Object[] {Map.of("urn", Pki.urn("alice"), "keys", new Object[] {KEY})});
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> value(Map<String, Object> reply) {
        return (Map<String, Object>) reply.get("value");
    }

    List<Sliver> allSlivers() {
        return kube.resources(Sliver.class).inNamespace(ClusterFixture.NAMESPACE).list().getItems();
    }

    // ---------------------------------------------------------------- one authority per namespace

    @Test
    void anotherTrustedRootsCertificateForAliceCannotUseHerCredential() {
        String slice = newSlice(TestPki.AUTHORITY);
        Object[] alicesCredential = credential("alice", slice);
        int before = allSlivers().size();

        Map<String, Object> reply = new AmClient("forged-alice").call("Allocate", slice, alicesCredential,
                Rspecs.request(Rspecs.node("n1", null, null)), withUsers());

        assertThat(code(reply)).as(String.valueOf(reply.get("output"))).isEqualTo(3);
        assertThat((String) reply.get("output")).contains(Pki.urn("alice"),
                "urn:publicid:IDN+" + TestPki.PARTNER_AUTHORITY + "+authority+sa");
        assertThat(allSlivers()).hasSize(before);
    }

    @TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metrics;

    /** What refusals look like to whoever watches the AM: its metrics, on the management port. */
    @Test
    void refusalsAreCountedByReasonAndCallsByMethodAndGeniCodeWithoutNamingCallers() throws Exception {
        String certificate = "edgefed_am_credential_refusals_total{reason=\"client_certificate\"}";
        String forbidden = "edgefed_am_credential_refusals_total{reason=\"forbidden\"}";
        String calls = "edgefed_am_calls_total{code=\"FORBIDDEN\",method=\"Allocate\"}";
        String latency = "edgefed_am_call_duration_seconds_count{method=\"Allocate\"}";
        String before = scrape();
        String slice = newSlice(TestPki.AUTHORITY);

        // A certificate of another root for alice's name (refused as a caller: that root may not vouch for alice's
        // authority), and alice herself without a credential.
        Map<String, Object> impostor = new AmClient("forged-alice").call("Allocate", slice, credential("alice", slice),
                Rspecs.request(Rspecs.node("n1", null, null)), withUsers());
        Map<String, Object> noCredential = alice.call("Allocate", slice, new Object[0],
                Rspecs.request(Rspecs.node("n1", null, null)), withUsers());

        assertThat(code(impostor)).isEqualTo(3);
        assertThat(code(noCredential)).isEqualTo(3);
        String after = scrape();
        assertThat(sample(after, certificate)).isEqualTo(sample(before, certificate) + 1);
        assertThat(sample(after, forbidden)).isEqualTo(sample(before, forbidden) + 1);
        assertThat(sample(after, calls)).isEqualTo(sample(before, calls) + 2);
        assertThat(sample(after, latency)).isEqualTo(sample(before, latency) + 2);
        assertThat(after).contains("edgefed_am_credential_refusals_total{reason=\"credential_signer_untrusted\"}",
                "edgefed_am_busy_answers_total 0.0", "edgefed_am_worker_queue_depth 0.0",
                "edgefed_am_slivers{allocation_state=\"geni_allocated\",operational_state=\"geni_pending_allocation\"}")
                .doesNotContain(slice, "alice", "forged", "urn:publicid");
        // The server certificate the test PKI made is valid for a while yet; the gauge says until when.
        assertThat(sample(after, "edgefed_am_tls_certificate_expiry_timestamp_seconds"))
                .isGreaterThan(Instant.now().plus(1, ChronoUnit.DAYS).getEpochSecond());
    }

    private String scrape() throws java.io.IOException {
        try (java.io.InputStream in = metrics.openStream()) {
            // Without an Accept header the registry writes a trailing comma after the last label; drop it.
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace(",} ", "} ");
        }
    }

    @Test
    void aUserOfTheSecondRootIsStillAnAuthenticatedCaller() {
        Map<String, Object> reply = new AmClient("carol").call("GetVersion");

        assertThat(code(reply)).isZero();
    }

    // ---------------------------------------------------------------- one identity per slice

    @Test
    void everySpellingOfTheSliceAuthorityIsOneSlice() {
        String lower = newSlice(TestPki.AUTHORITY);
        String upper = lower.replace(TestPki.AUTHORITY, TestPki.AUTHORITY.toUpperCase());
        String mixed = lower.replace(TestPki.AUTHORITY, "EdgeFed:Test");
        Object[] cred = credential("alice", lower);

        Map<String, Object> first = alice.call("Allocate", upper, cred, Rspecs.request(Rspecs.node("n1", null, null)),
                withUsers());
        assertThat(code(first)).as(String.valueOf(first.get("output"))).isZero();
        Map<String, Object> again = alice.call("Allocate", lower, cred, Rspecs.request(Rspecs.node("n1", null, null)),
                withUsers());
        assertThat(code(again)).as(String.valueOf(again.get("output"))).isEqualTo(17);

        Map<String, Object> described = alice.call("Describe", new Object[] {mixed}, cred,
                Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3")));
        assertThat(code(described)).isZero();
        assertThat((Object[]) value(described).get("geni_slivers")).hasSize(1);
        assertThat(allSlivers()).filteredOn(s -> s.getSpec().getSliceUrn().equalsIgnoreCase(lower))
                .singleElement().satisfies(s -> assertThat(s.getSpec().getSliceUrn()).isEqualTo(lower));

        Map<String, Object> deleted = alice.call("Delete", new Object[] {lower}, cred, Map.of());
        assertThat(code(deleted)).isZero();
        assertThat((Object[]) deleted.get("value")).hasSize(1);
        assertThat(allSlivers()).noneMatch(s -> s.getSpec().getSliceUrn().equalsIgnoreCase(lower));
    }

    // ---------------------------------------------------------------- well-formed replies

    /** A call sent as UTF-8 (Apache's own client would send the emoji as two invalid character references). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> raw(String method, Object... params) throws Exception {
        RawHttps.Reply reply = RawHttps.post(Pki.tls("alice"), "127.0.0.1", Map.of(),
                XmlRpcBodies.call(method, params).getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(200);
        Object result = XmlRpcBodies.result(reply.body()); // a strict JDK parser: fails on ill-formed XML
        assertThat(result).as(reply.body()).isInstanceOf(Map.class);
        return (Map<String, Object>) result;
    }

    @Test
    void aClientIdOutsideTheBmpComesBackWellFormedInEveryLaterReply() throws Exception {
        String slice = newSlice(TestPki.AUTHORITY);
        Object[] cred = credential("alice", slice);
        String clientId = "node-\uD83D\uDE00";
        String request = Rspecs.request(Rspecs.node(clientId, null, null));

        Map<String, Object> allocated = raw("Allocate", slice, cred, request, withUsers());
        assertThat(code(allocated)).as(String.valueOf(allocated.get("output"))).isZero();
        Map<String, Object> again = raw("Allocate", slice, cred, request, withUsers());
        assertThat((String) again.get("output")).contains(clientId);

        Map<String, Object> described = raw("Describe", new Object[] {slice}, cred,
                Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3")));
        assertThat((String) value(described).get("geni_rspec")).contains("client_id=\"" + clientId + "\"");
        assertThat(code(raw("Status", new Object[] {slice}, cred, Map.of()))).isZero();
        assertThat(code(alice.call("Status", new Object[] {slice}, cred, Map.of()))).isZero();
        assertThat(code(raw("Delete", new Object[] {slice}, cred, Map.of()))).isZero();
    }

    // ---------------------------------------------------------------- limits

    static String nodes(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(Rspecs.node("n" + i, null, null));
        }
        return Rspecs.request(sb.toString());
    }

    @Test
    void overTheNodeLimitNothingIsWrittenAndTheMaximumIsAllocatedInSeconds() {
        String slice = newSlice(TestPki.AUTHORITY);
        Object[] cred = credential("alice", slice);
        int before = allSlivers().size();

        Map<String, Object> tooMany = alice.call("Allocate", slice, cred, nodes(201), withUsers());
        assertThat(code(tooMany)).isEqualTo(6);
        assertThat((String) tooMany.get("output")).contains("201", "at most 200");
        assertThat(allSlivers()).hasSize(before);

        long start = System.nanoTime();
        Map<String, Object> max = alice.call("Allocate", slice, cred, nodes(200), withUsers());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(code(max)).as(String.valueOf(max.get("output"))).isZero();
        assertThat((Object[]) value(max).get("geni_slivers")).hasSize(200);
        System.out.printf("Allocate of 200 nodes on the mock API server: %d ms%n", millis);

        assertThat(code(alice.call("Delete", new Object[] {slice}, cred, Map.of()))).isZero();
    }

    @Test
    void tooManyUsersKeysOrCredentialsAreRefusedWithCode6() {
        String slice = newSlice(TestPki.AUTHORITY);
        Object[] cred = credential("alice", slice);
        Object[] manyUsers = new Object[101];
        java.util.Arrays.fill(manyUsers, Map.of("urn", Pki.urn("alice"), "keys", new Object[] {KEY}));
        Object[] manyKeys = new Object[21];
        java.util.Arrays.fill(manyKeys, KEY);
        Object[] manyCredentials = new Object[17];
        java.util.Arrays.fill(manyCredentials, cred[0]);

        assertThat(code(alice.call("Allocate", slice, cred, nodes(1), Map.of("geni_users", manyUsers)))).isEqualTo(6);
        assertThat(code(alice.call("Allocate", slice, cred, nodes(1), Map.of("geni_users",
                new Object[] {Map.of("urn", Pki.urn("alice"), "keys", manyKeys)})))).isEqualTo(6);
        assertThat(code(alice.call("Allocate", slice, manyCredentials, nodes(1), withUsers()))).isEqualTo(6);
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, Map.of("geni_users", manyUsers,
                "geni_rspec_version", Map.of("type", "GENI", "version", "3"))))).isEqualTo(6);
        assertThat(code(alice.call("Status", new Object[] {slice}, manyCredentials, Map.of()))).isEqualTo(6);
        assertThat(allSlivers()).noneMatch(s -> s.getSpec().getSliceUrn().equals(slice));
    }
}
