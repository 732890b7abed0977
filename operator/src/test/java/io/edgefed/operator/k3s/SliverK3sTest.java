package io.edgefed.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverUser;
import io.edgefed.operator.sliver.Fixtures;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The whole lifecycle on a real (k3s) cluster, where a scheduler, a kubelet and a garbage collector act: a container
 * that becomes Ready, stop, start, restart, a key change without a new container, an image that cannot be pulled, and
 * expiry. Needs a Docker engine and network access to pull images; skipped where Docker is missing.
 */
@QuarkusTest
@WithTestResource(K3sCluster.class)
@TestProfile(K3sProfile.class)
@Testcontainers(disabledWithoutDocker = true)
@Tag("k3s")
class SliverK3sTest {

    /**
     * Runs sshd in the foreground on port 22 as root, with no user set up needed. Not pinned: this test has not yet run
     * where Docker exists; pin the tag it passes with.
     */
    private static final String SSHD_IMAGE = "docker.io/panubo/sshd:latest";
    private static final Duration PULL_AND_START = Duration.ofMinutes(4);
    private static final Duration REACT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @Test
    void sliverRunsStopsStartsRestartsTakesNewKeysAndExpires() {
        Node node = client.nodes().list().getItems().get(0);
        Sliver sliver = Fixtures.sliver("k3s", "node-a");
        sliver.getSpec().setImage(SSHD_IMAGE);
        sliver.getSpec().setNode(node.getMetadata().getName());
        sliver.getSpec().setArch(node.getMetadata().getLabels().get("kubernetes.io/arch"));
        String name = client.resource(sliver).create().getMetadata().getName();

        Sliver ready = awaitState(name, OperationalState.READY, PULL_AND_START);
        assertThat(ready.getStatus().getNode()).isEqualTo(node.getMetadata().getName());
        int nodePort = client.services().inNamespace("default").withName(name).get().getSpec().getPorts().get(0)
                .getNodePort();
        assertThat(ready.getStatus().getLogin().getPort()).isEqualTo(nodePort);
        assertThat(ready.getStatus().getLogin().getHost()).isEqualTo(K3sProfile.LOGIN_HOST);
        assertThat(ready.getStatus().getLogin().getUsername()).isEqualTo("alice");
        String firstPod = pod(name).getMetadata().getUid();

        edit(name, s -> s.getSpec().setRunning(false));
        awaitState(name, OperationalState.NOT_READY, REACT);
        assertThat(pods(name)).isEmpty();

        edit(name, s -> s.getSpec().setRunning(true));
        awaitState(name, OperationalState.READY, PULL_AND_START);
        String startedPod = pod(name).getMetadata().getUid();
        assertThat(startedPod).isNotEqualTo(firstPod);

        edit(name, s -> s.getSpec().setRestartMarker(Instant.now().toString()));
        await().atMost(REACT).until(() -> pods(name).stream().noneMatch(p -> p.getMetadata().getUid().equals(startedPod)));
        awaitState(name, OperationalState.READY, PULL_AND_START);
        String restartedPod = pod(name).getMetadata().getUid();

        edit(name, s -> s.getSpec().setUsers(List.of(new SliverUser(Fixtures.ALICE, List.of(Fixtures.ALICE_KEY)),
                new SliverUser(Fixtures.BOB, List.of(Fixtures.BOB_KEY)))));
        await().atMost(REACT).until(() -> client.configMaps().inNamespace("default").withName(name).get().getData()
                .get("authorized_keys").contains(Fixtures.BOB_KEY));
        assertThat(pod(name).getMetadata().getUid()).as("same container after a key change").isEqualTo(restartedPod);

        Instant expires = Instant.now().plusSeconds(5);
        edit(name, s -> Expiry.write(s, expires));
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(10)).until(() ->
                client.resources(Sliver.class).inNamespace("default").withName(name).get() == null
                        && client.apps().deployments().inNamespace("default").withName(name).get() == null
                        && client.services().inNamespace("default").withName(name).get() == null
                        && client.configMaps().inNamespace("default").withName(name).get() == null);
        assertThat(Instant.now()).isBefore(expires.plusSeconds(1));
    }

    @Test
    void imageThatDoesNotExistFailsWithThePullError() {
        Sliver sliver = Fixtures.sliver("k3s", "node-b");
        sliver.getSpec().setImage("docker.io/edgefed/no-such-image:0.0.0");
        sliver.getSpec().setNode(null);
        sliver.getSpec().setArch(null);
        String name = client.resource(sliver).create().getMetadata().getName();

        Sliver failed = awaitState(name, OperationalState.FAILED, PULL_AND_START);

        assertThat(failed.getStatus().getMessage()).containsAnyOf("ErrImagePull", "ImagePullBackOff");
    }

    private Sliver awaitState(String name, OperationalState state, Duration patience) {
        return await().atMost(patience).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resources(Sliver.class).inNamespace("default").withName(name).get(),
                        s -> s != null && s.getStatus() != null && s.getStatus().getOperationalState() == state);
    }

    private List<Pod> pods(String name) {
        return client.pods().inNamespace("default").withLabel(EdgefedKeys.SLIVER_LABEL, name).list().getItems();
    }

    private Pod pod(String name) {
        return pods(name).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst().orElseThrow();
    }

    private void edit(String name, Consumer<Sliver> change) {
        await().atMost(REACT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            Sliver sliver = client.resources(Sliver.class).inNamespace("default").withName(name).get();
            change.accept(sliver);
            client.resource(sliver).update();
            return true;
        });
    }
}
