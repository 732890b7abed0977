package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.testing.VPNPeerFixture;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The agent RBAC and admission policy in a real API server (k3s, Kubernetes 1.31): with impersonated agent
 * credentials, a node may write its own records and nothing of another node's, and a bootstrap token only what it
 * created. Needs a Docker engine; skipped where there is none.
 */
@Tag("k3s")
@Testcontainers(disabledWithoutDocker = true)
class AgentAdmissionPolicyK3sTest {

    private static final String POLICY = "edgefed-agent-own-records";
    private static final String[] NODE_GROUPS = { "system:nodes", "system:authenticated" };
    private static final String[] BOOTSTRAP_GROUPS = { "system:bootstrappers", "system:bootstrappers:edgefed",
            "system:authenticated" };
    private static final Duration PROPAGATION = Duration.ofSeconds(30);

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    private static KubernetesClient admin;
    private static KubernetesClient nodeA;
    private static KubernetesClient bootstrapToken;

    @BeforeAll
    static void installCrdsRbacAndPolicy() throws Exception {
        admin = client(null);
        for (String crd : List.of("crds/crd-vpnpeers.edgefed.io.yml", "crds/crd-vpnaddressclaims.edgefed.io.yml")) {
            for (HasMetadata item : load(crd)) {
                admin.resource(item).create();
                admin.apiextensions().v1().customResourceDefinitions().withName(item.getMetadata().getName())
                        .waitUntilCondition(AgentAdmissionPolicyK3sTest::established, 60, TimeUnit.SECONDS);
            }
        }
        admin.resourceList(load("edgefed/agent-rbac.yml")).create();
        admin.resourceList(load("edgefed/agent-admission-policy.yml")).create();
        admin.resource(VPNPeerFixture.peer("node-a").publicKey("key-a").addresses("10.183.0.1", null).build()).create();
        admin.resource(VPNPeerFixture.peer("node-b").publicKey("key-b").addresses("10.183.0.2", null).build()).create();

        nodeA = client("system:node:node-a", NODE_GROUPS);
        bootstrapToken = client("system:bootstrap:abcdef", BOOTSTRAP_GROUPS);
    }

    @AfterAll
    static void closeClients() {
        for (KubernetesClient c : new KubernetesClient[] { nodeA, bootstrapToken, admin }) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void nodeMayChangeItsOwnPeerAndItsStatus() {
        eventually(() -> nodeA.resources(VPNPeer.class).withName("node-a")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"listenPort\":51821}}"));
        eventually(() -> nodeA.resources(VPNPeer.class).withName("node-a").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"lastSeen\":\"2026-11-27T10:00:00Z\"}}"));

        assertThat(admin.resources(VPNPeer.class).withName("node-a").get().getSpec().getListenPort()).isEqualTo(51821);
    }

    @Test
    void nodeCannotChangeAnotherNodesPeerNorItsStatus() {
        refusedByPolicy(() -> nodeA.resources(VPNPeer.class).withName("node-b").dryRun()
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"publicKey\":\"stolen\"}}"));
        refusedByPolicy(() -> nodeA.resources(VPNPeer.class).withName("node-b").dryRun().subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"lastSeen\":\"2026-11-27T10:00:00Z\"}}"));
        refusedByPolicy(() -> nodeA.resource(VPNPeerFixture.peer("node-z").publicKey("key-z").build()).dryRun().create());

        assertThat(admin.resources(VPNPeer.class).withName("node-b").get().getSpec().getPublicKey()).isEqualTo("key-b");
    }

    @Test
    void nodeMayClaimAddressesOnlyForItself() throws Exception {
        VpnAddressClaim own = Claims.claim("10.183.0.1", "node-a");
        eventually(() -> nodeA.resource(own).dryRun().create());

        VpnAddressClaim forOther = Claims.claim("10.183.0.9", "node-b");
        refusedByPolicy(() -> nodeA.resource(forOther).dryRun().create());
    }

    @Test
    void agentsCannotDeleteRecords() {
        await().atMost(PROPAGATION).untilAsserted(() -> assertThatThrownBy(
                () -> nodeA.resources(VPNPeer.class).withName("node-a").dryRun().delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403)));
    }

    @Test
    void bootstrapTokenMayChangeOnlyWhatItCreatedUnderItsOwnLabel() {
        VPNPeer labelled = VPNPeerFixture.peer("node-c").publicKey("key-c").build();
        labelled.getMetadata().setLabels(Map.of("edgefed.io/bootstrap-token", "abcdef"));
        eventually(() -> bootstrapToken.resource(labelled).create());
        eventually(() -> bootstrapToken.resources(VPNPeer.class).withName("node-c")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"listenPort\":51822}}"));

        VPNPeer otherToken = VPNPeerFixture.peer("node-d").publicKey("key-d").build();
        otherToken.getMetadata().setLabels(Map.of("edgefed.io/bootstrap-token", "zzzzzz"));
        refusedByPolicy(() -> bootstrapToken.resource(otherToken).dryRun().create());
        refusedByPolicy(() -> bootstrapToken.resource(VPNPeerFixture.peer("node-e").publicKey("key-e").build()).dryRun().create());
        refusedByPolicy(() -> bootstrapToken.resources(VPNPeer.class).withName("node-a").dryRun()
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"listenPort\":1}}"));
        refusedByPolicy(() -> bootstrapToken.resources(VPNPeer.class).withName("node-c").dryRun()
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"edgefed.io/bootstrap-token\":\"zzzzzz\"}}}"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Waits until the request succeeds (RBAC and the policy take a moment to apply after creation). */
    private static void eventually(ThrowingSupplier<?> request) {
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThatCode(request::get).doesNotThrowAnyException());
    }

    /** Waits until the request is refused by the admission policy (dry runs, so an early success changes nothing). */
    private static void refusedByPolicy(ThrowingSupplier<?> request) {
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThatThrownBy(request::get)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains(POLICY);
                }));
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<HasMetadata> load(String manifest) throws Exception {
        try (InputStream in = Files.newInputStream(Manifests.path(manifest))) {
            return admin.load(in).items();
        }
    }

    private static KubernetesClient client(String user, String... groups) {
        Config config = Config.fromKubeconfig(K3S.getKubeConfigYaml());
        if (user != null) {
            config.setImpersonateUsername(user);
            config.setImpersonateGroups(groups);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
