package io.edgefed.am;

import static io.edgefed.am.support.AmClient.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefed.am.support.AmClient;
import io.edgefed.am.support.ClusterFixture;
import io.edgefed.am.support.Pki;
import io.edgefed.am.support.Rspecs;
import io.edgefed.am.support.TestPki;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
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
}
