package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The embedded API server with its stand-ins for the scheduler, the kubelet and NodePort allocation. */
class EmbeddedClusterTest {

    private static SimulatedCluster cluster;
    private static EmbeddedApiServer api;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimulatedCluster.start();
        api = cluster.api;
        client = cluster.client;
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        cluster.close();
    }

    @Test
    void crdsAreInstalledSoSliversCanBeStored() {
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(Sliver.CRD_NAME).get()).isNotNull();
        assertThat(client.resources(Sliver.class).inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void podRunsAndIsReadyOnTheNodeItsAffinityNames() {
        client.apps().deployments().resource(deployment("on-home", ExampleNodes.HOME_NODE)).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace("default").withLabel("app", "on-home").list().getItems();
            assertThat(pods).singleElement().satisfies(pod -> {
                assertThat(pod.getSpec().getNodeName()).isEqualTo(ExampleNodes.HOME_NODE);
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
            Deployment stored = client.apps().deployments().inNamespace("default").withName("on-home").get();
            assertThat(stored.getStatus()).isNotNull();
            assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(1);
        });
    }

    @Test
    void podForANodeThatDoesNotExistStaysPendingAsUnschedulable() {
        client.apps().deployments().resource(deployment("nowhere", "no-such-node")).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace("default").withLabel("app", "nowhere").list().getItems();
            assertThat(pods).singleElement().satisfies(pod -> {
                assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                assertThat(pod.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Unschedulable"));
            });
        });
    }

    @Test
    void changedPodTemplateReplacesThePodAndScaledToZeroRemovesIt() {
        client.apps().deployments().resource(deployment("restart", ExampleNodes.PUBLIC_NODE)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("restart").size() == 1);
        String first = podsOf("restart").get(0).getMetadata().getName();

        client.apps().deployments().inNamespace("default").withName("restart").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getAnnotations().put("edgefed.io/restart", "1");
            return d;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("restart").size() == 1
                && !podsOf("restart").get(0).getMetadata().getName().equals(first));

        client.apps().deployments().inNamespace("default").withName("restart").scale(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("restart").isEmpty());
    }

    @Test
    void nodePortServicesGetDistinctPortsInTheNodePortRange() {
        for (String name : List.of("ssh-a", "ssh-b")) {
            client.services().resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                    .withNewSpec().withType("NodePort").addNewPort().withPort(22).endPort().endSpec().build()).create();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Integer a = client.services().inNamespace("default").withName("ssh-a").get().getSpec().getPorts().get(0).getNodePort();
            Integer b = client.services().inNamespace("default").withName("ssh-b").get().getSpec().getPorts().get(0).getNodePort();
            assertThat(a).isBetween(30000, 32767);
            assertThat(b).isBetween(30000, 32767).isNotEqualTo(a);
        });
    }

    @Test
    void deletingAnOwnerDeletesItsDependentsInTheBackgroundDownTheChain() {
        Deployment owner = client.apps().deployments().resource(deployment("owner", ExampleNodes.PUBLIC_NODE)).create();
        var ownedByDeployment = ownerReference("apps/v1", "Deployment", owner.getMetadata().getName(), owner.getMetadata().getUid());
        client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("owned")
                .withNamespace("default").withOwnerReferences(ownedByDeployment).endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("owner").size() == 1);
        String pod = podsOf("owner").get(0).getMetadata().getName();
        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsAbout(pod).isEmpty());

        client.apps().deployments().inNamespace("default").withName("owner").delete();

        // Deployment -> ConfigMap, Deployment -> Pod -> Events: each level goes once its owner is gone.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace("default").withName("owned").get()).isNull();
            assertThat(podsOf("owner")).isEmpty();
            assertThat(eventsAbout(pod)).isEmpty();
        });
    }

    @Test
    void aClusterScopedOwnerTakesItsClusterScopedDependentWithIt() {
        var node = client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("gone-soon")
                .endMetadata().build()).create();
        client.genericKubernetesResources("edgefed.io/v1alpha1", "VPNPeer").resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("edgefed.io/v1alpha1").withKind("VPNPeer").withNewMetadata().withName("gone-soon")
                .withOwnerReferences(ownerReference("v1", "Node", "gone-soon", node.getMetadata().getUid())).endMetadata()
                .addToAdditionalProperties("spec", Map.of("publicKey", "k")).build()).create();

        client.nodes().withName("gone-soon").delete();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                client.genericKubernetesResources("edgefed.io/v1alpha1", "VPNPeer").withName("gone-soon").get() == null);
    }

    @Test
    void aDependentWithAnotherLiveOwnerStays() {
        var first = client.configMaps().resource(configMap("first-owner")).create();
        var second = client.configMaps().resource(configMap("second-owner")).create();
        client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder(configMap("shared"))
                .editMetadata().withOwnerReferences(
                        ownerReference("v1", "ConfigMap", "first-owner", first.getMetadata().getUid()),
                        ownerReference("v1", "ConfigMap", "second-owner", second.getMetadata().getUid())).endMetadata().build()).create();

        client.configMaps().inNamespace("default").withName("first-owner").delete();

        assertThat(api.collectGarbage()).isZero();
        assertThat(client.configMaps().inNamespace("default").withName("shared").get()).isNotNull();
        client.configMaps().inNamespace("default").withName("second-owner").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.configMaps().inNamespace("default").withName("shared").get() == null);
    }

    private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
        return new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().build();
    }

    private static io.fabric8.kubernetes.api.model.OwnerReference ownerReference(String apiVersion, String kind, String name, String uid) {
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(name).withUid(uid).build();
    }

    private static List<io.fabric8.kubernetes.api.model.Event> eventsAbout(String pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }

    private static List<Pod> podsOf(String app) {
        return client.pods().inNamespace("default").withLabel("app", app).list().getItems();
    }

    private static Deployment deployment(String name, String node) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).withAnnotations(new java.util.HashMap<>()).endMetadata()
                .withNewSpec()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In")
                .withValues(node).endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .addNewContainer().withName("sliver").withImage("ghcr.io/edgefed/ubuntu-ssh:24.04").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
