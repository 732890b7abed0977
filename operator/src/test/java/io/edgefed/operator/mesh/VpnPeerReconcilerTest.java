package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.testing.VPNPeerFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The VPNPeer controller against the test API server (one application start for all cases). The test profile sets
 * {@code edgefed.operator.mesh.inactive-after=3s}. Each case uses its own node names, so the cases do not see each
 * other's records; the test server has no garbage collector, so ownership is checked on the references.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class VpnPeerReconcilerTest {

    private static final Duration INACTIVE_AFTER = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Inject
    KubernetesClient client;

    @Test
    void peerAndClaimsAreOwnedByTheNodeOnceTheNodeExists() throws Exception {
        createPeer("own-a", "key-own-a", "10.183.1.1", "fd00::1:1");
        claim("10.183.1.1", "own-a");
        claim("fd00::1:1", "own-a");
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE)
                .untilAsserted(() -> assertThat(peer("own-a").getMetadata().getOwnerReferences()).isEmpty());
        assertThat(conditionOf("own-a", "AddressesClaimed").getStatus()).isEqualTo("True");

        Node node = createNode("own-a");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(peer("own-a").getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("Node");
                assertThat(ref.getApiVersion()).isEqualTo("v1");
                assertThat(ref.getName()).isEqualTo("own-a");
                assertThat(ref.getUid()).isEqualTo(node.getMetadata().getUid());
            });
        });
        // The claims belong to the Node, not to the VPNPeer: a VPNPeer deleted by hand must not free the addresses its
        // agent goes on using (and recreates the record with).
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String claimName : List.of("v4-10-183-1-1", "v6-fd00-0000-0000-0000-0000-0000-0001-0001")) {
                List<OwnerReference> owners = claimNamed(claimName).getMetadata().getOwnerReferences();
                assertThat(owners).singleElement().satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("Node");
                    assertThat(ref.getApiVersion()).isEqualTo("v1");
                    assertThat(ref.getUid()).isEqualTo(node.getMetadata().getUid());
                });
            }
        });
    }

    @Test
    void aClaimOwnedByItsVpnPeerAsEarlierVersionsMadeItIsMovedToTheNode() throws Exception {
        Node node = createNode("moved-a");
        createPeer("moved-a", "key-moved-a", "10.183.1.9", null);
        VpnAddressClaim old = Claims.claim("10.183.1.9", "moved-a");
        old.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("edgefed.io/v1alpha1").withKind("VPNPeer").withName("moved-a")
                .withUid(peer("moved-a").getMetadata().getUid()).build()));
        client.resource(old).create();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(claimNamed("v4-10-183-1-9").getMetadata().getOwnerReferences())
                .singleElement().satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("Node");
                    assertThat(ref.getUid()).isEqualTo(node.getMetadata().getUid());
                }));
    }

    @Test
    void deletingTheNodeRemovesItsPeerAndFreesItsClaimsButNoOtherNodes() throws Exception {
        for (String name : List.of("gone-a", "stay-b")) {
            createNode(name);
        }
        createPeer("gone-a", "key-gone-a", "10.183.2.1", null);
        claim("10.183.2.1", "gone-a");
        createPeer("stay-b", "key-stay-b", "10.183.2.2", null);
        claim("10.183.2.2", "stay-b");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(peer("gone-a").getMetadata().getOwnerReferences()).hasSize(1);
            assertThat(peer("stay-b").getMetadata().getOwnerReferences()).hasSize(1);
        });

        client.nodes().withName("gone-a").delete();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client.resources(VPNPeer.class).withName("gone-a").get()).isNull();
            assertThat(client.resources(VpnAddressClaim.class).withName("v4-10-183-2-1").get()).isNull();
        });
        assertThat(peer("stay-b")).isNotNull();
        assertThat(claimNamed("v4-10-183-2-2")).isNotNull();
    }

    @Test
    void peerThatIsNotYetOwnedIsNotMistakenForADepartedOne() throws Exception {
        createPeer("joining-a", "key-joining-a", null, null);

        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .untilAsserted(() -> assertThat(client.resources(VPNPeer.class).withName("joining-a").get()).isNotNull());
    }

    @Test
    void silentPeerIsMarkedInactiveAtTheMomentItTurnsStaleAndClearedWhenSeenAgain() throws Exception {
        createPeer("quiet-a", "key-quiet-a", null, null);
        createPeer("chatty-b", "key-chatty-b", null, null);
        Instant lastSeen = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        reportAlive("quiet-a", lastSeen);
        reportAlive("chatty-b", lastSeen);
        Instant staleAt = lastSeen.plus(INACTIVE_AFTER);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(conditionOf("quiet-a", "Active").getStatus()).isEqualTo("True");
            assertThat(peer("quiet-a").getStatus().getInactiveSince()).isNull();
        });
        // chatty-b keeps reporting; quiet-a does not.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastSeen.plusMillis(1500)).toMillis()));
        reportAlive("chatty-b", Instant.now());
        Instant seenInactive = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            VPNPeer p = peer("quiet-a");
            return p.getStatus().getInactiveSince() != null ? Instant.now() : null;
        }, at -> at != null);

        assertThat(seenInactive).isBetween(staleAt, staleAt.plusMillis(2000));
        VPNPeer quiet = peer("quiet-a");
        assertThat(quiet.getStatus().getInactiveSince()).isEqualTo(staleAt.toString());
        assertThat(quiet.getStatus().getLastSeen()).isEqualTo(lastSeen.toString());
        Condition active = conditionOf("quiet-a", "Active");
        assertThat(active.getStatus()).isEqualTo("False");
        assertThat(active.getReason()).isEqualTo("NotSeen");
        assertThat(active.getMessage()).contains(lastSeen.toString());
        assertThat(warnings("quiet-a")).contains("NotSeen");
        assertThat(peer("chatty-b").getStatus().getInactiveSince()).isNull();
        assertThat(conditionOf("chatty-b", "Active").getStatus()).isEqualTo("True");

        reportAlive("quiet-a", Instant.now());

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(peer("quiet-a").getStatus().getInactiveSince()).isNull();
            assertThat(conditionOf("quiet-a", "Active").getStatus()).isEqualTo("True");
        });
    }

    @Test
    void agentStatusFieldsAndConditionsOfOtherTypesAreLeftAlone() throws Exception {
        createPeer("agent-a", "key-agent-a", null, null);
        String agentStatus = "{\"status\":{\"lastSeen\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\",\"observedEndpoints\":{\"home-b\":\"203.0.113.7:51820\"},"
                + "\"conditions\":[{\"type\":\"InterfaceUp\",\"status\":\"True\",\"reason\":\"Up\","
                + "\"message\":\"edgefed0 is up\",\"lastTransitionTime\":\"2026-11-27T09:00:00Z\"}]}}";
        client.resources(VPNPeer.class).withName("agent-a").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), agentStatus);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(peer("agent-a").getStatus().getConditions())
                .extracting(Condition::getType)
                .containsExactlyInAnyOrder("InterfaceUp", "Active", "AddressesClaimed", "PublicKeyUnique"));
        VPNPeer peer = peer("agent-a");
        assertThat(peer.getStatus().getObservedEndpoints()).containsEntry("home-b", "203.0.113.7:51820");
        assertThat(conditionOf("agent-a", "InterfaceUp").getMessage()).isEqualTo("edgefed0 is up");
    }

    @Test
    void addressesThatClaimsDoNotBackAreReportedWithAConditionAndAnEvent() throws Exception {
        // As agents do it: claim first, then announce.
        claim("10.183.3.7", "holder-b");
        claim("10.183.3.2", "holder-b");
        createPeer("holder-b", "key-holder-b", "10.183.3.2", null);
        createPeer("thief-a", "key-thief-a", "10.183.3.7", "fd00::3:8");

        await().atMost(PATIENCE).untilAsserted(() -> {
            Condition claimed = conditionOf("thief-a", "AddressesClaimed");
            assertThat(claimed.getStatus()).isEqualTo("False");
            assertThat(claimed.getReason()).isEqualTo("ClaimMismatch");
            assertThat(claimed.getMessage())
                    .contains("addressV4 10.183.3.7 is claimed by node holder-b")
                    .contains("addressV6 fd00:0:0:0:0:0:3:8 has no VpnAddressClaim v6-fd00-0000-0000-0000-0000-0000-0003-0008");
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(warnings("thief-a")).contains("ClaimMismatch"));
        assertThat(conditionOf("holder-b", "AddressesClaimed").getStatus()).isEqualTo("True");
        assertThat(warnings("holder-b")).isEmpty();

        claim("fd00::3:8", "thief-a");
        editPeer("thief-a", p -> {
            p.getSpec().setAddressV4(null);
            return p;
        });

        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(conditionOf("thief-a", "AddressesClaimed").getStatus()).isEqualTo("True"));
    }

    @Test
    void aPublicKeyAnnouncedTwiceIsFlaggedOnBothPeersUntilOneChangesIt() throws Exception {
        createPeer("twin-a", "key-twin", null, null);
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(conditionOf("twin-a", "PublicKeyUnique").getStatus()).isEqualTo("True"));

        createPeer("twin-b", "key-twin", null, null);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(conditionOf("twin-a", "PublicKeyUnique").getMessage()).contains("VPNPeer twin-b");
            assertThat(conditionOf("twin-b", "PublicKeyUnique").getMessage()).contains("VPNPeer twin-a");
            assertThat(conditionOf("twin-b", "PublicKeyUnique").getReason()).isEqualTo("DuplicatePublicKey");
        });

        editPeer("twin-b", p -> {
            p.getSpec().setPublicKey("key-twin-b-regenerated");
            return p;
        });

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(conditionOf("twin-a", "PublicKeyUnique").getStatus()).isEqualTo("True");
            assertThat(conditionOf("twin-b", "PublicKeyUnique").getStatus()).isEqualTo("True");
        });
    }

    @Test
    void agentRbacAndAdmissionPolicyAreValidKubernetesObjects() throws Exception {
        List<HasMetadata> rbac = load("edgefed/agent-rbac.yml");
        List<HasMetadata> policy = load("edgefed/agent-admission-policy.yml");

        assertThat(rbac).hasExactlyElementsOfTypes(ClusterRole.class, ClusterRoleBinding.class, ClusterRoleBinding.class);
        assertThat(rbac).filteredOn(ClusterRoleBinding.class::isInstance).map(ClusterRoleBinding.class::cast)
                .flatMap(ClusterRoleBinding::getSubjects).extracting(s -> s.getName())
                .containsExactlyInAnyOrder("system:nodes", "system:bootstrappers:edgefed");
        assertThat(policy).hasExactlyElementsOfTypes(ValidatingAdmissionPolicy.class,
                ValidatingAdmissionPolicyBinding.class);
        ValidatingAdmissionPolicy vap = (ValidatingAdmissionPolicy) policy.get(0);
        assertThat(vap.getSpec().getValidations()).hasSize(3);
        assertThat(vap.getSpec().getMatchConstraints().getResourceRules().get(0).getResources())
                .containsExactly("vpnpeers", "vpnpeers/status", "vpnaddressclaims");
        assertThat(((ValidatingAdmissionPolicyBinding) policy.get(1)).getSpec().getPolicyName())
                .isEqualTo(vap.getMetadata().getName());

        client.resourceList(rbac).create();
        client.resourceList(policy).create();

        assertThat(client.rbac().clusterRoles().withName("edgefed-agent").get().getRules()).isNotEmpty();
        assertThat(client.admissionRegistration().v1().validatingAdmissionPolicies()
                .withName("edgefed-agent-own-records").get().getSpec().getVariables()).isNotEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private List<HasMetadata> load(String manifest) throws Exception {
        try (InputStream in = Files.newInputStream(Manifests.path(manifest))) {
            return client.load(in).items();
        }
    }

    private void createPeer(String name, String key, String v4, String v6) {
        client.resource(VPNPeerFixture.peer(name).publicKey(key).addresses(v4, v6).build()).create();
    }

    private void reportAlive(String name, Instant at) {
        client.resources(VPNPeer.class).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"lastSeen\":\"" + at + "\"}}");
    }

    private Node createNode(String name) {
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    private void claim(String address, String node) throws Exception {
        client.resource(Claims.claim(address, node)).create();
    }

    private VPNPeer peer(String name) {
        return client.resources(VPNPeer.class).withName(name).get();
    }

    private VpnAddressClaim claimNamed(String name) {
        return client.resources(VpnAddressClaim.class).withName(name).get();
    }

    private Condition conditionOf(String peer, String type) {
        VPNPeer p = peer(peer);
        Optional<Condition> found = p.getStatus() == null ? Optional.empty()
                : PeerConditions.find(p.getStatus().getConditions(), type);
        assertThat(found).as("condition %s of %s", type, peer).isPresent();
        return found.get();
    }

    private List<String> warnings(String peer) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> peer.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
                .map(e -> e.getReason()).toList();
    }

    /** Changes a peer as its agent would: the operator writes it too, so a conflict means read again and retry. */
    private void editPeer(String name, java.util.function.UnaryOperator<VPNPeer> change) {
        for (int attempt = 1;; attempt++) {
            try {
                client.resources(VPNPeer.class).withName(name).edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
