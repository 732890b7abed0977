package io.edgefed.operator.sliver;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgefed.model.AllocationState;
import io.edgefed.model.Expiry;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Derives a Sliver's GENI state from what the cluster shows: one pure function, fed by the reconciler from its caches
 * and by the unit tests from fixtures.
 * <ul>
 * <li>{@code geni_pending_allocation}: allocated, not provisioned; nothing runs.</li>
 * <li>{@code geni_configuring}: the Deployment or pod is being made, scheduled, pulled or started.</li>
 * <li>{@code geni_ready}: the pod is Ready.</li>
 * <li>{@code geni_stopping}: stopped ({@code running=false}) while pods still terminate.</li>
 * <li>{@code geni_notready}: stopped, no pod left.</li>
 * <li>{@code geni_failed}: the spec is invalid, the node or architecture does not exist, the image cannot be pulled,
 * the pod cannot be scheduled or the container keeps crashing; the reason says which.</li>
 * </ul>
 */
public final class SliverStates {

    /** Container waiting reasons that will not resolve by waiting. */
    static final Set<String> FAILURE_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "ErrImageNeverPull", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");

    static final String ARCH_LABEL = "kubernetes.io/arch";

    private SliverStates() {
    }

    /** The whole status: states, node, login, message and conditions, as of {@code now}. */
    public static SliverStatus derive(Sliver sliver, SliverObservation seen, Instant now) {
        List<String> problems = SliverValidation.problems(sliver.getSpec());
        State state = state(sliver.getSpec(), problems, seen);

        SliverStatus status = new SliverStatus();
        status.setAllocationState(state.allocation());
        status.setOperationalState(state.operational());
        status.setNode(state.node());
        status.setMessage(state.message());
        if (state.allocation() == AllocationState.PROVISIONED && problems.isEmpty()) {
            LoginAddress.of(sliver.getSpec(), state.node(), seen).ifPresent(status::setLogin);
        }
        status.setObservedGeneration(sliver.getMetadata().getGeneration());
        List<io.fabric8.kubernetes.api.model.Condition> previous = sliver.getStatus() == null
                ? List.of()
                : sliver.getStatus().getConditions();
        status.setConditions(SliverConditions.of(state, problems, Expiry.of(sliver), sliver.getMetadata().getGeneration(),
                previous, now));
        return status;
    }

    /** The GENI states with the reason (a CamelCase word for conditions) and a sentence for people. */
    record State(AllocationState allocation, OperationalState operational, String reason, String message, String node) {
    }

    static State state(SliverSpec spec, List<String> problems, SliverObservation seen) {
        if (spec == null || !spec.isProvisioned()) {
            return new State(AllocationState.ALLOCATED, OperationalState.PENDING_ALLOCATION, "NotProvisioned",
                    "allocated, not provisioned: Provision starts the container", null);
        }
        if (!problems.isEmpty()) {
            return failed("InvalidSpec", String.join("; ", problems), null);
        }
        List<Pod> pods = seen.pods();
        List<Pod> live = pods.stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp()))
                        .reversed())
                .toList();
        if (!spec.isRunning()) {
            if (!pods.isEmpty()) {
                return provisioned(OperationalState.STOPPING, "Stopping",
                        "stopping: " + pods.size() + " pod(s) still terminating", nodeOf(pods.get(0)));
            }
            return provisioned(OperationalState.NOT_READY, "Stopped", "stopped: geni_start starts the container", null);
        }
        Optional<State> placement = placementProblem(spec, seen.nodes());
        if (seen.deployment().isEmpty()) {
            return placement.orElseGet(() -> provisioned(OperationalState.CONFIGURING, "Creating",
                    "creating the container", null));
        }
        Optional<State> failure = live.stream().map(pod -> podFailure(spec, pod)).flatMap(Optional::stream).findFirst()
                .or(() -> deploymentFailure(seen.deployment().get()));
        if (failure.isPresent()) {
            return failure.get();
        }
        Optional<Pod> ready = live.stream().filter(SliverStates::isReady).findFirst();
        if (ready.isPresent()) {
            String node = nodeOf(ready.get());
            return provisioned(OperationalState.READY, "Ready", "running on node " + node, node);
        }
        if (placement.isPresent()) {
            return placement.get();
        }
        if (live.isEmpty()) {
            return provisioned(OperationalState.CONFIGURING, "Creating", "waiting for the pod to be created", null);
        }
        Pod pod = live.get(0);
        String node = nodeOf(pod);
        if (node == null) {
            return provisioned(OperationalState.CONFIGURING, "Scheduling", "waiting for a node", null);
        }
        return provisioned(OperationalState.CONFIGURING, "Starting",
                "pulling the image and starting the container on node " + node, node);
    }

    /** A requested node that does not exist, or no node (or not the requested one) with the requested arch. */
    static Optional<State> placementProblem(SliverSpec spec, List<Node> nodes) {
        Map<String, Node> byName = nodes.stream()
                .collect(Collectors.toMap(node -> node.getMetadata().getName(), node -> node, (a, b) -> a));
        if (spec.getNode() != null && !byName.containsKey(spec.getNode())) {
            return Optional.of(failed("NodeNotFound", "node " + spec.getNode() + " does not exist; choose one of "
                    + sample(byName.keySet().stream()) + " or omit the node", null));
        }
        if (spec.getArch() == null) {
            return Optional.empty();
        }
        if (spec.getNode() != null) {
            String arch = archOf(byName.get(spec.getNode()));
            if (!spec.getArch().equals(arch)) {
                return Optional.of(failed("Unschedulable", "node " + spec.getNode() + " is " + arch + ", not "
                        + spec.getArch() + "; choose another node or architecture", null));
            }
            return Optional.empty();
        }
        if (nodes.stream().noneMatch(node -> spec.getArch().equals(archOf(node)))) {
            return Optional.of(failed("Unschedulable", "no node has CPU architecture " + spec.getArch()
                    + "; the cluster has " + sample(nodes.stream().map(SliverStates::archOf).distinct()), null));
        }
        return Optional.empty();
    }

    static Optional<State> podFailure(SliverSpec spec, Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        Optional<State> unschedulable = conditions(pod)
                .filter(condition -> "PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
                        && "Unschedulable".equals(condition.getReason()))
                .findFirst()
                .map(condition -> failed("Unschedulable", "no node can run the container: " + condition.getMessage()
                        + "; check the node and architecture asked for", null));
        if (unschedulable.isPresent()) {
            return unschedulable;
        }
        return Stream.concat(statuses(pod.getStatus().getInitContainerStatuses()),
                statuses(pod.getStatus().getContainerStatuses()))
                .filter(status -> status.getState() != null && status.getState().getWaiting() != null
                        && FAILURE_REASONS.contains(status.getState().getWaiting().getReason()))
                .findFirst()
                .map(status -> {
                    String reason = status.getState().getWaiting().getReason();
                    String detail = status.getState().getWaiting().getMessage();
                    return failed(reason, reason + (detail == null ? "" : ": " + detail) + "; " + advice(reason, spec),
                            nodeOf(pod));
                });
    }

    private static Optional<State> deploymentFailure(Deployment deployment) {
        if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return deployment.getStatus().getConditions().stream()
                .filter(condition -> "ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus()))
                .findFirst()
                .map(condition -> failed("ReplicaFailure", "the pod cannot be created: " + condition.getMessage(), null));
    }

    private static String advice(String reason, SliverSpec spec) {
        return switch (reason) {
            case "ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull" ->
                    "check that image " + spec.getImage() + " exists and can be pulled without credentials";
            case "InvalidImageName" -> "image " + spec.getImage() + " is not a valid image name";
            case "CrashLoopBackOff" -> "the container keeps exiting; image " + spec.getImage()
                    + " must keep sshd running in the foreground";
            default -> "the container cannot be started from image " + spec.getImage();
        };
    }

    static boolean isReady(Pod pod) {
        return conditions(pod).anyMatch(condition -> "Ready".equals(condition.getType())
                && "True".equals(condition.getStatus()));
    }

    private static Stream<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? Stream.empty()
                : pod.getStatus().getConditions().stream();
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream();
    }

    private static String nodeOf(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }

    private static String archOf(Node node) {
        return node == null || node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(ARCH_LABEL);
    }

    private static String sample(Stream<String> names) {
        List<String> sorted = names.filter(name -> name != null).sorted().toList();
        if (sorted.isEmpty()) {
            return "(none)";
        }
        int shown = Math.min(sorted.size(), 10);
        return String.join(", ", sorted.subList(0, shown)) + (sorted.size() > shown ? ", ..." : "");
    }

    private static State provisioned(OperationalState operational, String reason, String message, String node) {
        return new State(AllocationState.PROVISIONED, operational, reason, message, node);
    }

    private static State failed(String reason, String message, String node) {
        return provisioned(OperationalState.FAILED, reason, message, node);
    }
}
