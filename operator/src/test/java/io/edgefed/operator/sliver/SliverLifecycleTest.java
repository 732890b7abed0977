package io.edgefed.operator.sliver;

import static io.edgefed.operator.sliver.Fixtures.ALICE;
import static io.edgefed.operator.sliver.Fixtures.ALICE_KEY;
import static io.edgefed.operator.sliver.Fixtures.BOB;
import static io.edgefed.operator.sliver.Fixtures.BOB_KEY;
import static io.edgefed.operator.sliver.Fixtures.node;
import static io.edgefed.operator.sliver.Fixtures.sliver;
import static io.edgefed.model.testing.ShippedMonitoring.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverUser;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;

/**
 * The operator against the Fabric8 mock API server: what a user (or the AM) sees happen to Slivers and the objects
 * made for them. The mock has no controllers and no garbage collector: pods appear only when a test writes them, and
 * whatever disappears was deleted by the operator.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SliverLifecycleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    @BeforeEach
    void nodes() {
        for (var node : List.of(node("edge-1", "amd64", "198.51.100.7"), node("edge-nat", "arm64", null))) {
            if (client.resource(node).get() == null) {
                client.resource(node).create();
            }
        }
    }

    @Test
    void provisionedSliverGetsItsDeploymentServiceAndKeysOwnedByIt() {
        Sliver sliver = create(sliver("lifecycle", "node-a"));
        String name = sliver.getMetadata().getName();

        Deployment deployment = await().atMost(PATIENCE).until(() -> deployment(name), d -> d != null);
        Service service = await().atMost(PATIENCE).until(() -> service(name), s -> s != null);
        ConfigMap keys = await().atMost(PATIENCE).until(() -> configMap(name), c -> c != null);

        for (HasMetadata child : List.of(deployment, service, keys)) {
            assertThat(child.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> {
                        assertThat(owner.getUid()).isEqualTo(sliver.getMetadata().getUid());
                        assertThat(owner.getKind()).isEqualTo("Sliver");
                    });
            assertThat(child.getMetadata().getLabels())
                    .containsEntry(EdgefedKeys.SLIVER_LABEL, name)
                    .containsEntry(EdgefedKeys.SLICE_LABEL, sliver.getMetadata().getLabels().get(EdgefedKeys.SLICE_LABEL));
        }
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        List<NodeSelectorRequirement> placement = template.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions();
        assertThat(placement).extracting(NodeSelectorRequirement::getKey, NodeSelectorRequirement::getValues)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/hostname", List.of("edge-1")),
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", List.of("amd64")));
        Container container = template.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(Fixtures.IMAGE);
        assertThat(container.getResources().getLimits())
                .containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("512Mi"));
        assertThat(container.getResources().getRequests())
                .containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("128Mi"));
        assertThat(container.getSecurityContext().getPrivileged()).isFalse();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        Capabilities capabilities = container.getSecurityContext().getCapabilities();
        assertThat(capabilities.getDrop()).containsExactly("ALL");
        assertThat(capabilities.getAdd()).contains("SETUID", "SETGID", "SYS_CHROOT", "NET_BIND_SERVICE")
                .doesNotContain("NET_RAW", "SYS_ADMIN", "NET_ADMIN");
        assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .as("the image creates the login that status.login reports, reading keys where they are mounted")
                .contains("EDGEFED_LOGIN_USER=alice", "EDGEFED_AUTHORIZED_KEYS=/etc/edgefed/ssh/authorized_keys");
        assertThat(template.getSpec().getHostNetwork()).isFalse();
        assertThat(template.getSpec().getHostPID()).isFalse();
        assertThat(template.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getSubPath()).as("a subPath mount never sees key updates").isNull());
        assertThat(template.getSpec().getVolumes().get(0).getConfigMap().getName()).isEqualTo(name);

        assertThat(service.getSpec().getType()).isEqualTo("NodePort");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getIntVal()).isEqualTo(22));
        assertThat(service.getSpec().getSelector()).containsEntry(EdgefedKeys.SLIVER_LABEL, name);

        assertThat(keys.getData()).containsEntry("authorized_keys", ALICE_KEY + "\n");
    }

    @Test
    void readyPodGivesGeniReadyAndALoginThroughTheNodePort() {
        Sliver sliver = create(sliver("login", "node-a"));
        String name = sliver.getMetadata().getName();
        Service service = await().atMost(PATIENCE).until(() -> service(name), s -> s != null);
        // What the API server and the kubelet would do: assign the node port, run a Ready pod.
        service.getSpec().getPorts().get(0).setNodePort(31022);
        client.resource(service).update();
        client.resource(Fixtures.readyPod(sliver, "edge-1")).create();

        Sliver ready = await().atMost(PATIENCE).until(() -> get(name),
                s -> s.getStatus() != null && s.getStatus().getOperationalState() == OperationalState.READY
                        && s.getStatus().getLogin() != null);

        assertThat(ready.getStatus().getNode()).isEqualTo("edge-1");
        assertThat(ready.getStatus().getLogin().getHost()).isEqualTo("198.51.100.7");
        assertThat(ready.getStatus().getLogin().getPort()).isEqualTo(31022);
        assertThat(ready.getStatus().getLogin().getUsername()).isEqualTo("alice");
    }

    @Test
    void stopScalesToZeroAndStartBackToOne() {
        Sliver sliver = create(sliver("stop", "node-a"));
        String name = sliver.getMetadata().getName();
        await().atMost(PATIENCE).until(() -> deployment(name), d -> d != null && d.getSpec().getReplicas() == 1);

        edit(name, s -> s.getSpec().setRunning(false));
        await().atMost(PATIENCE).until(() -> deployment(name).getSpec().getReplicas() == 0);
        Sliver stopped = await().atMost(PATIENCE).until(() -> get(name),
                s -> s.getStatus() != null && s.getStatus().getOperationalState() == OperationalState.NOT_READY);
        assertThat(stopped.getStatus().getMessage()).contains("geni_start");

        edit(name, s -> s.getSpec().setRunning(true));
        await().atMost(PATIENCE).until(() -> deployment(name).getSpec().getReplicas() == 1);
    }

    @Test
    void restartMarkerRollsThePodTemplate() {
        Sliver sliver = create(sliver("restart", "node-a"));
        String name = sliver.getMetadata().getName();
        Deployment before = await().atMost(PATIENCE).until(() -> deployment(name), d -> d != null);
        assertThat(before.getSpec().getTemplate().getMetadata().getAnnotations()).doesNotContainKey(SliverObjects.RESTART_ANNOTATION);

        edit(name, s -> s.getSpec().setRestartMarker("2026-11-27T09:40:00Z"));

        await().atMost(PATIENCE).until(() -> deployment(name).getSpec().getTemplate().getMetadata().getAnnotations(),
                annotations -> "2026-11-27T09:40:00Z".equals(annotations.get(SliverObjects.RESTART_ANNOTATION)));

        edit(name, s -> s.getSpec().setRestartMarker("2026-11-27T09:41:00Z"));
        await().atMost(PATIENCE).until(() -> deployment(name).getSpec().getTemplate().getMetadata().getAnnotations(),
                annotations -> "2026-11-27T09:41:00Z".equals(annotations.get(SliverObjects.RESTART_ANNOTATION)));
    }

    @Test
    void keyChangeUpdatesTheConfigMapAndLeavesThePodTemplateAlone() {
        Sliver sliver = create(sliver("keys", "node-a"));
        String name = sliver.getMetadata().getName();
        await().atMost(PATIENCE).until(() -> configMap(name), c -> c != null);
        Deployment before = await().atMost(PATIENCE).until(() -> deployment(name), d -> d != null);

        edit(name, s -> s.getSpec().setUsers(List.of(new SliverUser(ALICE, List.of(ALICE_KEY)),
                new SliverUser(BOB, List.of(BOB_KEY)))));

        await().atMost(PATIENCE).until(() -> configMap(name).getData().get("authorized_keys"),
                keys -> (ALICE_KEY + "\n" + BOB_KEY + "\n").equals(keys));
        Deployment after = deployment(name);
        assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void expiredSliverAndItsObjectsAreGoneWithinOneSecond() {
        Sliver sliver = sliver("expiry", "node-a");
        Instant expires = Instant.now().plusSeconds(2);
        Expiry.write(sliver, expires);
        String name = create(sliver).getMetadata().getName();
        String policy = SliverObjects.slicePolicyName(sliver.getMetadata().getLabels().get(EdgefedKeys.SLICE_LABEL));
        await().atMost(PATIENCE).until(() -> deployment(name) != null && service(name) != null
                && configMap(name) != null && networkPolicy(policy) != null);

        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(5))
                .until(() -> get(name) == null && deployment(name) == null && service(name) == null
                        && configMap(name) == null && networkPolicy(policy) == null);
        Instant gone = Instant.now();

        assertThat(gone).isAfterOrEqualTo(expires).isBefore(expires.plusSeconds(1));
    }

    /**
     * What an operator of the testbed watches, at /q/metrics: a Deployment deleted by someone is made again and counted,
     * an expiry's lag is measured, the Slivers are counted by state, and the SDK counts reconciliations per controller.
     */
    @Test
    void repairedChildrenExpiryLagAndSliverStatesAreMetrics() {
        String repaired = "edgefed_operator_children_repaired_total{kind=\"deployment\"}";
        String lags = "edgefed_operator_expiry_lag_seconds_count";
        String promptly = "edgefed_operator_expiry_lag_seconds_bucket{le=\"1.0\"}";
        String before = scrape();
        Sliver sliver = sliver("metrics", "node-a");
        Instant expires = Instant.now().plusSeconds(6);
        Expiry.write(sliver, expires);
        String name = create(sliver).getMetadata().getName();
        await().atMost(PATIENCE).until(() -> deployment(name) != null && get(name).getStatus() != null
                && get(name).getMetadata().getGeneration().equals(get(name).getStatus().getObservedGeneration()));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape()).containsPattern(
                "edgefed_operator_slivers\\{allocation_state=\"geni_provisioned\",operational_state=\"geni_configuring\"} [1-9]"));

        client.apps().deployments().inNamespace("default").withName(name).delete();
        await().atMost(PATIENCE).until(() -> deployment(name) != null && deployment(name).getMetadata().getDeletionTimestamp() == null);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sample(scrape(), repaired)).isEqualTo(sample(before, repaired) + 1));

        await().atMost(PATIENCE).until(() -> get(name) == null);
        await().atMost(PATIENCE).untilAsserted(() -> {
            String after = scrape();
            assertThat(sample(after, lags)).isEqualTo(sample(before, lags) + 1);
            assertThat(sample(after, promptly)).as("deleted within a second of its expiry").isEqualTo(sample(before, promptly) + 1);
            assertThat(after).containsPattern("reconciliations_started_total\\{controller_name=\"sliver\"} [1-9]")
                    .contains("reconciliations_failure_total{controller_name=\"sliver\"}")
                    .doesNotContain(name);
        });
    }

    private static String scrape() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void sliverIsNotDeletedBeforeItsExpiry() {
        Sliver sliver = sliver("early", "node-a");
        Instant expires = Instant.now().plusSeconds(3);
        Expiry.write(sliver, expires);
        String name = create(sliver).getMetadata().getName();

        await().atMost(PATIENCE).until(() -> deployment(name) != null);
        await().until(() -> Instant.now().isAfter(expires.minusMillis(300)));

        assertThat(get(name)).isNotNull();
        assertThat(deployment(name)).isNotNull();
    }

    @Test
    void renewMovesTheDeletionToTheNewExpiry() {
        Sliver sliver = sliver("renew", "node-a");
        Expiry.write(sliver, Instant.now().plusSeconds(2));
        String name = create(sliver).getMetadata().getName();
        await().atMost(PATIENCE).until(() -> deployment(name) != null);

        Instant renewed = Instant.now().plusSeconds(4);
        edit(name, s -> Expiry.write(s, renewed));
        await().until(() -> Instant.now().isAfter(renewed.minusMillis(300)));
        assertThat(get(name)).as("still there just before the renewed expiry").isNotNull();

        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(3)).until(() -> get(name) == null);
        assertThat(Instant.now()).isBefore(renewed.plusSeconds(1));
    }

    @Test
    void unreadableOrMissingExpiryGivesAConditionAndNoDeletion() {
        Sliver unreadable = sliver("expiry-bad", "node-a");
        unreadable.getMetadata().getAnnotations().put(EdgefedKeys.EXPIRES_ANNOTATION, "tomorrow at noon");
        Sliver missing = sliver("expiry-bad", "node-b");
        missing.getMetadata().getAnnotations().remove(EdgefedKeys.EXPIRES_ANNOTATION);
        create(unreadable);
        create(missing);

        Condition badCondition = awaitCondition(unreadable.getMetadata().getName(), SliverConditions.EXPIRY);
        Condition missingCondition = awaitCondition(missing.getMetadata().getName(), SliverConditions.EXPIRY);

        assertThat(badCondition.getStatus()).isEqualTo("False");
        assertThat(badCondition.getReason()).isEqualTo("InvalidAnnotation");
        assertThat(badCondition.getMessage()).contains("tomorrow at noon").contains("RFC 3339");
        assertThat(missingCondition.getStatus()).isEqualTo("False");
        assertThat(missingCondition.getReason()).isEqualTo("MissingAnnotation");
        assertThat(get(unreadable.getMetadata().getName())).isNotNull();
        assertThat(deployment(missing.getMetadata().getName())).as("the container still runs").isNotNull();
    }

    @Test
    void allocatedButNotProvisionedSliverGetsNothingAndPendingAllocation() {
        Sliver sliver = sliver("allocated", "node-a");
        sliver.getSpec().setProvisioned(false);
        String name = create(sliver).getMetadata().getName();

        Sliver seen = await().atMost(PATIENCE).until(() -> get(name), s -> s.getStatus() != null);

        assertThat(seen.getStatus().getOperationalState()).isEqualTo(OperationalState.PENDING_ALLOCATION);
        assertThat(seen.getStatus().getAllocationState().geni()).isEqualTo("geni_allocated");
        assertThat(deployment(name)).isNull();
        assertThat(service(name)).isNull();
        assertThat(configMap(name)).isNull();
    }

    @Test
    void badInputGetsAConditionThatSaysWhatIsWrongWhileOthersKeepReconciling() {
        Sliver badArch = sliver("bad", "arch");
        badArch.getSpec().setArch("x86_64");
        Sliver noKeys = sliver("bad", "keys");
        noKeys.getSpec().getUsers().get(0).setKeys(List.of());
        Sliver noImage = sliver("bad", "image");
        noImage.getSpec().setImage(null);
        Sliver unknownNode = sliver("bad", "node");
        unknownNode.getSpec().setNode("edge-404");
        Sliver unpullable = sliver("bad", "pull");
        Sliver good = sliver("bad", "good");
        for (Sliver sliver : List.of(badArch, noKeys, noImage, unknownNode, unpullable, good)) {
            create(sliver);
        }
        client.resource(Fixtures.waitingPod(unpullable, "edge-1", "ErrImagePull",
                "docker.io/edgefed/sliver-debian:12: not found")).create();

        assertThat(awaitCondition(badArch.getMetadata().getName(), SliverConditions.VALID).getMessage())
                .contains("spec.arch 'x86_64'").contains("amd64");
        assertThat(awaitCondition(noKeys.getMetadata().getName(), SliverConditions.VALID).getMessage())
                .contains("no user has an SSH key");
        assertThat(awaitCondition(noImage.getMetadata().getName(), SliverConditions.VALID).getMessage())
                .contains("spec.image is empty");
        assertThat(await().atMost(PATIENCE).until(() -> get(unknownNode.getMetadata().getName()),
                s -> s.getStatus() != null && s.getStatus().getOperationalState() == OperationalState.FAILED)
                .getStatus().getMessage()).contains("node edge-404 does not exist").contains("edge-1");
        assertThat(await().atMost(PATIENCE).until(() -> get(unpullable.getMetadata().getName()),
                s -> s.getStatus() != null && s.getStatus().getOperationalState() == OperationalState.FAILED)
                .getStatus().getMessage()).contains("ErrImagePull").contains("not found");
        assertThat(deployment(badArch.getMetadata().getName())).as("nothing is made from an invalid spec").isNull();
        await().atMost(PATIENCE).until(() -> deployment(good.getMetadata().getName()) != null);
    }

    @Test
    void aWriteTheApiServerRefusesShowsAsAConditionUntilARetrySucceeds() {
        Sliver sliver = sliver("forbidden", "node-a");
        String name = sliver.getMetadata().getName();
        String refusal = "deployments.apps is forbidden: User \"system:serviceaccount:edgefed:edgefed-operator\" "
                + "cannot create resource \"deployments\" in API group \"apps\" in the namespace \"default\"";
        server.expect().post().withPath("/apis/apps/v1/namespaces/default/deployments")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                        .withMessage(refusal).build())
                .times(2);

        create(sliver);

        Condition failed = await().atMost(PATIENCE).until(() -> condition(name, SliverConditions.RECONCILED),
                condition -> condition != null && "False".equals(condition.getStatus()));
        assertThat(failed.getMessage())
                .contains("could not write the Deployment", "403 Forbidden", refusal, "retries")
                .doesNotContain("Exception");
        assertThat(failed.getReason()).isEqualTo("WriteFailed");
        await().atMost(PATIENCE).until(() -> deployment(name) != null);
        await().atMost(PATIENCE).until(() -> condition(name, SliverConditions.RECONCILED),
                condition -> condition != null && "True".equals(condition.getStatus()));
    }

    @Test
    void sliversOfOneSliceShareOneNetworkPolicyThatGoesWithTheLast() {
        Sliver first = sliver("shared", "node-a");
        Sliver second = sliver("shared", "node-b");
        create(first);
        create(second);
        String policyName = SliverObjects.slicePolicyName(first.getMetadata().getLabels().get(EdgefedKeys.SLICE_LABEL));

        NetworkPolicy policy = await().atMost(PATIENCE).until(() -> networkPolicy(policyName),
                p -> p != null && p.getMetadata().getOwnerReferences().size() == 2);
        Map<String, String> slice = Map.of(EdgefedKeys.SLICE_LABEL,
                first.getMetadata().getLabels().get(EdgefedKeys.SLICE_LABEL));
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(slice);
        assertThat(policy.getSpec().getIngress()).hasSize(2);
        assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .isEqualTo(slice);
        assertThat(policy.getSpec().getIngress().get(1).getFrom()).as("SSH from anywhere").isNullOrEmpty();
        assertThat(policy.getSpec().getIngress().get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(22);

        // Expiries are moved only now, so that a slow start cannot let both pass before the policy is shared.
        edit(first.getMetadata().getName(), sliver -> Expiry.write(sliver, Instant.now()));
        await().atMost(Duration.ofSeconds(4)).until(() -> get(first.getMetadata().getName()) == null);
        assertThat(networkPolicy(policyName)).as("the second sliver still needs it").isNotNull();
        edit(second.getMetadata().getName(), sliver -> Expiry.write(sliver, Instant.now()));
        await().atMost(Duration.ofSeconds(4)).until(() -> get(second.getMetadata().getName()) == null
                && networkPolicy(policyName) == null);
    }

    @Test
    void installedCrdHasPrinterColumnsShortNameAndStatus() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(Sliver.CRD_NAME).get();

        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("slv");
        var version = crd.getSpec().getVersions().get(0);
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .contains("Slice", "Node", "Image", "State", "Expires", "Age");
    }

    @Test
    void healthSaysLiveAndReady() {
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    private Sliver create(Sliver sliver) {
        return client.resource(sliver).create();
    }

    private Sliver get(String name) {
        return client.resources(Sliver.class).inNamespace("default").withName(name).get();
    }

    /** Changes a Sliver as the AM does: read, change, write; again if the operator wrote its status in between. */
    private void edit(String name, java.util.function.Consumer<Sliver> change) {
        await().atMost(PATIENCE).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            Sliver sliver = get(name);
            change.accept(sliver);
            client.resource(sliver).update();
            return true;
        });
    }

    private Condition awaitCondition(String name, String type) {
        return await().atMost(PATIENCE).until(() -> condition(name, type), condition -> condition != null);
    }

    private Condition condition(String name, String type) {
        return Optional.ofNullable(get(name))
                .map(Sliver::getStatus)
                .flatMap(status -> status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst())
                .orElse(null);
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace("default").withName(name).get();
    }

    private Service service(String name) {
        return client.services().inNamespace("default").withName(name).get();
    }

    private ConfigMap configMap(String name) {
        return client.configMaps().inNamespace("default").withName(name).get();
    }

    private NetworkPolicy networkPolicy(String name) {
        return client.network().v1().networkPolicies().inNamespace("default").withName(name).get();
    }
}
