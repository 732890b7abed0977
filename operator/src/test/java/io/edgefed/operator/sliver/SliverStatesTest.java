package io.edgefed.operator.sliver;

import static io.edgefed.operator.sliver.Fixtures.node;
import static io.edgefed.operator.sliver.Fixtures.readyPod;
import static io.edgefed.operator.sliver.Fixtures.sliver;
import static io.edgefed.operator.sliver.Fixtures.terminating;
import static io.edgefed.operator.sliver.Fixtures.unschedulablePod;
import static io.edgefed.operator.sliver.Fixtures.waitingPod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.edgefed.model.AllocationState;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/** The GENI state a user sees for each situation of the Deployment, its pods and the nodes. */
class SliverStatesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:30:00Z");
    private static final Node EDGE_1 = node("edge-1", "amd64", "198.51.100.7");
    private static final Node NATTED = node("edge-nat", "amd64", null);
    private static final Node PUBLIC_ARM = node("public-arm", "arm64", "203.0.113.9");

    private final Sliver sliver = sliver("exp1", "node-a");

    @Test
    void readyPodMakesTheSliverReadyWithALoginOnItsNode() {
        SliverStatus status = derive(sliver, deployment(1), List.of(readyPod(sliver, "edge-1")), nodePort(30022));

        assertThat(status.getAllocationState()).isEqualTo(AllocationState.PROVISIONED);
        assertThat(status.getOperationalState()).isEqualTo(OperationalState.READY);
        assertThat(status.getNode()).isEqualTo("edge-1");
        assertThat(status.getLogin().getHost()).isEqualTo("198.51.100.7");
        assertThat(status.getLogin().getPort()).isEqualTo(30022);
        assertThat(status.getLogin().getUsername()).isEqualTo("alice");
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void sliverOnANodeBehindNatLogsInThroughAPublicReadyNode() {
        sliver.getSpec().setNode("edge-nat");
        SliverStatus status = derive(sliver, deployment(1), List.of(readyPod(sliver, "edge-nat")), nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.READY);
        assertThat(status.getNode()).isEqualTo("edge-nat");
        // edge-1 is the first ready node (by name) with an external address.
        assertThat(status.getLogin().getHost()).isEqualTo("198.51.100.7");
    }

    @Test
    void imageThatCannotBePulledFailsWithTheReasonAndWhatToDo() {
        SliverStatus status = derive(sliver, deployment(1),
                List.of(waitingPod(sliver, "edge-1", "ImagePullBackOff", "Back-off pulling image")), nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(condition(status, "Ready").getReason()).isEqualTo("ImagePullBackOff");
        assertThat(status.getMessage()).contains("ImagePullBackOff").contains(Fixtures.IMAGE).contains("exists");
    }

    @Test
    void errImagePullAndInvalidImageNameFailToo() {
        for (String reason : List.of("ErrImagePull", "InvalidImageName")) {
            SliverStatus status = derive(sliver, deployment(1), List.of(waitingPod(sliver, "edge-1", reason, "no")),
                    nodePort(30022));
            assertThat(status.getOperationalState()).as(reason).isEqualTo(OperationalState.FAILED);
            assertThat(condition(status, "Ready").getReason()).isEqualTo(reason);
        }
    }

    @Test
    void unschedulablePodFailsWithTheSchedulersMessage() {
        SliverStatus status = derive(sliver, deployment(1),
                List.of(unschedulablePod(sliver, "0/3 nodes are available: 3 node(s) didn't match node affinity")),
                nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(condition(status, "Ready").getReason()).isEqualTo("Unschedulable");
        assertThat(status.getMessage()).contains("didn't match node affinity");
    }

    @Test
    void crashLoopFailsAndSaysTheImageMustKeepSshdRunning() {
        SliverStatus status = derive(sliver, deployment(1),
                List.of(waitingPod(sliver, "edge-1", "CrashLoopBackOff", "back-off 40s restarting failed container")),
                nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(condition(status, "Ready").getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.getMessage()).contains("sshd");
    }

    @Test
    void containerBeingPulledIsConfiguring() {
        SliverStatus status = derive(sliver, deployment(1),
                List.of(waitingPod(sliver, "edge-1", "ContainerCreating", null)), nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.CONFIGURING);
        assertThat(status.getNode()).isEqualTo("edge-1");
    }

    @Test
    void deploymentWithoutPodsYetIsConfiguring() {
        SliverStatus status = derive(sliver, deployment(1), List.of(), Optional.empty());

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.CONFIGURING);
        assertThat(status.getLogin()).isNull();
    }

    @Test
    void stoppedSliverWithATerminatingPodIsStoppingAndWithoutPodsNotReady() {
        sliver.getSpec().setRunning(false);

        SliverStatus stopping = derive(sliver, deployment(0), List.of(terminating(readyPod(sliver, "edge-1"))),
                nodePort(30022));
        SliverStatus stopped = derive(sliver, deployment(0), List.of(), nodePort(30022));

        assertThat(stopping.getOperationalState()).isEqualTo(OperationalState.STOPPING);
        assertThat(stopped.getOperationalState()).isEqualTo(OperationalState.NOT_READY);
        assertThat(stopped.getAllocationState()).isEqualTo(AllocationState.PROVISIONED);
    }

    @Test
    void allocatedSliverIsPendingAllocation() {
        sliver.getSpec().setProvisioned(false);

        SliverStatus status = derive(sliver, Optional.empty(), List.of(), Optional.empty());

        assertThat(status.getAllocationState()).isEqualTo(AllocationState.ALLOCATED);
        assertThat(status.getOperationalState()).isEqualTo(OperationalState.PENDING_ALLOCATION);
        assertThat(status.getLogin()).isNull();
    }

    @Test
    void nodeThatDoesNotExistFailsAndNamesTheNodesThatDo() {
        sliver.getSpec().setNode("edge-99");

        SliverStatus status = derive(sliver, deployment(1), List.of(), nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(condition(status, "Ready").getReason()).isEqualTo("NodeNotFound");
        assertThat(status.getMessage()).contains("edge-99 does not exist").contains("edge-1");
    }

    @Test
    void architectureNoNodeHasFailsAsUnschedulable() {
        sliver.getSpec().setNode(null);
        sliver.getSpec().setArch("riscv64");

        SliverStatus status = derive(sliver, deployment(1), List.of(), nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(status.getMessage()).contains("no node has CPU architecture riscv64").contains("amd64, arm64");
    }

    @Test
    void requestedNodeOfAnotherArchitectureFails() {
        sliver.getSpec().setNode("public-arm");

        SliverStatus status = derive(sliver, deployment(1), List.of(), nodePort(30022));

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(status.getMessage()).contains("public-arm is arm64, not amd64");
    }

    @Test
    void invalidSpecFailsWithEveryProblemAndTheValidConditionFalse() {
        sliver.getSpec().setArch("x86-64");
        sliver.getSpec().getUsers().get(0).setKeys(List.of());

        SliverStatus status = derive(sliver, Optional.empty(), List.of(), Optional.empty());

        assertThat(status.getOperationalState()).isEqualTo(OperationalState.FAILED);
        assertThat(condition(status, "Valid").getStatus()).isEqualTo("False");
        assertThat(condition(status, "Valid").getMessage()).contains("x86-64").contains("no user has an SSH key");
    }

    @Test
    void missingOrUnreadableExpiryGivesAnExpiryConditionThatSaysItIsNeverDeleted() {
        sliver.getMetadata().getAnnotations().put("edgefed.io/expires", "next tuesday");

        SliverStatus status = derive(sliver, deployment(1), List.of(readyPod(sliver, "edge-1")), nodePort(30022));

        Condition expiry = condition(status, "Expiry");
        assertThat(expiry.getStatus()).isEqualTo("False");
        assertThat(expiry.getReason()).isEqualTo("InvalidAnnotation");
        assertThat(expiry.getMessage()).contains("next tuesday").contains("never deleted");
        assertThat(status.getOperationalState()).isEqualTo(OperationalState.READY);
    }

    @Test
    void conditionKeepsItsTransitionTimeWhileItsStatusStaysTheSame() {
        SliverStatus first = derive(sliver, deployment(1), List.of(readyPod(sliver, "edge-1")), nodePort(30022));
        sliver.setStatus(first);

        SliverStatus later = SliverStates.derive(sliver, observation(deployment(1), List.of(readyPod(sliver, "edge-1")),
                nodePort(30022)), NOW.plusSeconds(60));

        assertThat(condition(later, "Ready").getLastTransitionTime())
                .isEqualTo(condition(first, "Ready").getLastTransitionTime());
    }

    private static SliverStatus derive(Sliver sliver, Optional<Deployment> deployment, List<Pod> pods,
            Optional<Service> service) {
        return SliverStates.derive(sliver, observation(deployment, pods, service), NOW);
    }

    private static SliverObservation observation(Optional<Deployment> deployment, List<Pod> pods,
            Optional<Service> service) {
        return new SliverObservation(deployment, pods, service, List.of(EDGE_1, NATTED, PUBLIC_ARM), Optional.empty());
    }

    private static Optional<Deployment> deployment(int replicas) {
        return Optional.of(new DeploymentBuilder().withNewMetadata().withName("d").endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().build());
    }

    private static Optional<Service> nodePort(int port) {
        return Optional.of(new ServiceBuilder().withNewMetadata().withName("s").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(22).withNodePort(port).endPort().endSpec()
                .build());
    }

    private static Condition condition(SliverStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
