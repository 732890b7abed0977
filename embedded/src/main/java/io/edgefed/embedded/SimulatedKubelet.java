package io.edgefed.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.edgefed.containers.ContainerEngine;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Stands in for the Deployment controller, the scheduler and the kubelet of the embedded testbed: for each
 * Deployment it keeps {@code spec.replicas} Pods on a node that satisfies the pod's node affinity, replaces them when
 * the pod template changes (a restart), and writes the Deployment's status. A pod whose affinity no node satisfies
 * stays Pending with the scheduler's {@code Unschedulable} reason. With a container engine, each scheduled pod's
 * container really runs on this machine ({@link PodContainers}, whatever node it was placed on) and the pod reports
 * the container's state; without one, pods report Running and Ready at once and nothing runs.
 */
final class SimulatedKubelet implements ResourceEventHandler<Deployment>, AutoCloseable {

    static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
    private static final Logger LOG = Logger.getLogger(SimulatedKubelet.class.getName());

    private final KubernetesClient client;
    /** A real kubelet retries; so does this one, when a write loses a race with the operator (409). */
    private static final int MAX_ATTEMPTS = 20;
    private static final long RETRY_DELAY_MILLIS = 250;

    private final ScheduledExecutorService work = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "simulated-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger nextPodAddress = new AtomicInteger(1);
    private SharedIndexInformer<Deployment> informer;

    private final PodEvents events;
    /** Runs the pods' containers; null when no engine runs here and pods are only simulated. */
    private final PodContainers containers;

    /** Simulated pods only: nothing runs. */
    SimulatedKubelet(KubernetesClient client) {
        this(client, Optional.empty(), null);
    }

    /** Pods whose containers run with {@code engine} when present; their volumes go under {@code stateDir}. */
    SimulatedKubelet(KubernetesClient client, Optional<ContainerEngine> engine, Path stateDir) {
        this.client = client;
        this.events = new PodEvents(client);
        this.containers = engine.map(found -> new PodContainers(client, found, stateDir, this::podStatusChanged))
                .orElse(null);
    }

    void start() {
        if (containers != null) {
            containers.start();
        }
        informer = client.apps().deployments().inAnyNamespace().inform(this, 0);
    }

    /** A pod's container changed state: the Deployment's ready count follows. */
    private void podStatusChanged(Pod pod) {
        pod.getMetadata().getOwnerReferences().stream().filter(owner -> "Deployment".equals(owner.getKind()))
                .findFirst().ifPresent(owner -> work.submit(() -> {
                    Deployment deployment = client.apps().deployments().inNamespace(pod.getMetadata().getNamespace())
                            .withName(owner.getName()).get();
                    if (deployment != null) {
                        writeStatus(deployment, Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1));
                    }
                }));
    }

    private void deletePod(Pod pod) {
        client.pods().resource(pod).delete();
        if (containers != null) {
            containers.remove(pod);
        }
    }

    @Override
    public void onAdd(Deployment deployment) {
        work.submit(() -> reconcile(deployment, 1));
    }

    @Override
    public void onUpdate(Deployment before, Deployment deployment) {
        if (!Objects.equals(before.getSpec(), deployment.getSpec())) {
            work.submit(() -> reconcile(deployment, 1));
        }
    }

    @Override
    public void onDelete(Deployment deployment, boolean unknownFinalState) {
        work.submit(() -> podsOf(deployment).forEach(this::deletePod));
    }

    private void reconcile(Deployment seen, int attempt) {
        Deployment deployment = client.apps().deployments().inNamespace(seen.getMetadata().getNamespace())
                .withName(seen.getMetadata().getName()).get();
        if (deployment == null) {
            return;
        }
        try {
            String hash = templateHash(client.getKubernetesSerialization().asJson(deployment.getSpec().getTemplate()));
            List<Pod> pods = podsOf(deployment);
            pods.stream().filter(pod -> !hash.equals(pod.getMetadata().getLabels().get(TEMPLATE_HASH_LABEL)))
                    .forEach(this::deletePod);
            List<Pod> current = pods.stream()
                    .filter(pod -> hash.equals(pod.getMetadata().getLabels().get(TEMPLATE_HASH_LABEL))).toList();
            int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            for (int i = current.size(); i < wanted; i++) {
                Pod created = client.pods().resource(newPod(deployment, hash)).create();
                if (containers == null) {
                    events.recordStart(created);
                } else if (events.recordScheduling(created)) {
                    containers.run(created, deployment);
                }
            }
            current.stream().skip(wanted).forEach(this::deletePod);
            writeStatus(deployment, wanted);
        } catch (RuntimeException e) {
            if (attempt >= MAX_ATTEMPTS) {
                LOG.log(Level.WARNING, "simulated kubelet gave up on " + deployment.getMetadata().getName(), e);
                return;
            }
            work.schedule(() -> reconcile(seen, attempt + 1), RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private List<Pod> podsOf(Deployment deployment) {
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        return client.pods().inNamespace(deployment.getMetadata().getNamespace()).withLabels(selector).list().getItems();
    }

    private Pod newPod(Deployment deployment, String hash) {
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        Optional<Node> node = chooseNode(template);
        String now = Instant.now().toString();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(deployment.getMetadata().getName() + "-" + hash + "-" + suffix())
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .addToLabels(TEMPLATE_HASH_LABEL, hash)
                .withAnnotations(template.getMetadata().getAnnotations())
                // Owned by its Deployment, so that the garbage collector removes it with the Deployment.
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec());
        if (node.isEmpty()) {
            return pod.editSpec().withNodeName(null).endSpec().withNewStatus().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/" + client.nodes().list().getItems().size()
                            + " nodes are available: node(s) didn't match Pod's node affinity/selector.")
                    .withLastTransitionTime(now).endCondition()
                    .endStatus().build();
        }
        String podIp = "10.42.0." + nextPodAddress.getAndIncrement() % 250;
        if (containers != null) {
            // The container is yet to start: PodContainers reports it from here on.
            return pod.editSpec().withNodeName(node.get().getMetadata().getName()).endSpec()
                    .withNewStatus().withPhase("Pending").withPodIP(podIp).withStartTime(now)
                    .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).endCondition()
                    .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady")
                    .withLastTransitionTime(now).endCondition()
                    .addNewContainerStatus().withName(template.getSpec().getContainers().get(0).getName())
                    .withImage(template.getSpec().getContainers().get(0).getImage()).withReady(false).withStarted(false)
                    .withRestartCount(0).withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting()
                    .endState().endContainerStatus()
                    .endStatus().build();
        }
        return pod.editSpec().withNodeName(node.get().getMetadata().getName()).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(podIp).withStartTime(now)
                .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).endCondition()
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
                .addNewContainerStatus().withName(template.getSpec().getContainers().get(0).getName())
                .withImage(template.getSpec().getContainers().get(0).getImage()).withReady(true).withStarted(true)
                .withRestartCount(0).withNewState().withNewRunning().withStartedAt(now).endRunning().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    /** The first ready, untainted node that matches every required node-affinity expression of the pod. */
    private Optional<Node> chooseNode(PodTemplateSpec template) {
        List<NodeSelectorRequirement> required = requiredAffinity(template);
        return client.nodes().list().getItems().stream()
                .filter(node -> node.getSpec().getTaints() == null || node.getSpec().getTaints().isEmpty())
                .filter(node -> required.stream().allMatch(requirement -> matches(node, requirement)))
                .findFirst();
    }

    private static List<NodeSelectorRequirement> requiredAffinity(PodTemplateSpec template) {
        var affinity = template.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()
                .stream().map(NodeSelectorTerm::getMatchExpressions).filter(Objects::nonNull)
                .flatMap(List::stream).toList();
    }

    private static boolean matches(Node node, NodeSelectorRequirement requirement) {
        String value = node.getMetadata().getLabels().get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }

    private void writeStatus(Deployment deployment, int wanted) {
        List<Pod> pods = podsOf(deployment);
        int ready = (int) pods.stream().filter(SimulatedKubelet::isReady).count();
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(new DeploymentStatusBuilder()
                            .withObservedGeneration(current.getMetadata().getGeneration())
                            .withReplicas(pods.size()).withUpdatedReplicas(pods.size())
                            .withReadyReplicas(ready).withAvailableReplicas(ready)
                            .addNewCondition().withType("Available").withStatus(ready >= wanted ? "True" : "False")
                            .withReason(ready >= wanted ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                            .endCondition()
                            .build());
                    return current;
                });
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /** Five random characters, as the ReplicaSet controller appends to a pod's name. */
    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(java.util.concurrent.ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    static String templateHash(String templateJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(templateJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        work.shutdownNow();
        if (containers != null) {
            containers.close();
        }
    }
}
