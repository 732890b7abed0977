package io.edgefed.operator.sliver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverUser;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Slivers, nodes and pods as the AM and the kubelet would write them. */
public final class Fixtures {

    public static final String ALICE = "urn:publicid:IDN+edgefed.test+user+alice";
    public static final String ALICE_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMbp2bq0Lh5aFq1hT0Qy alice@laptop";
    public static final String BOB = "urn:publicid:IDN+edgefed.test+user+bob";
    public static final String BOB_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK3m9yXw7dZcVt2sQ1pR bob@desk";
    public static final String IMAGE = "docker.io/edgefed/sliver-debian:12";

    private Fixtures() {
    }

    /** A provisioned, running sliver of slice {@code slice} on node edge-1 (amd64), expiring in an hour. */
    public static Sliver sliver(String slice, String clientId) {
        String sliceUrn = "urn:publicid:IDN+edgefed.test+slice+" + slice;
        String name = SliverNames.sliverName(sliceUrn, clientId);
        SliverSpec spec = new SliverSpec();
        spec.setSliceUrn(sliceUrn);
        spec.setSliverUrn("urn:publicid:IDN+edgefed.test+sliver+" + name);
        spec.setClientId(clientId);
        spec.setOwnerUrn(ALICE);
        spec.setImage(IMAGE);
        spec.setNode("edge-1");
        spec.setArch("amd64");
        spec.setUsers(new ArrayList<>(List.of(new SliverUser(ALICE, List.of(ALICE_KEY)))));
        spec.setProvisioned(true);
        spec.setRunning(true);
        Sliver sliver = new Sliver();
        sliver.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("default")
                .withGeneration(1L)
                .withLabels(Map.of(EdgefedKeys.SLICE_LABEL, SliverNames.sliceLabel(sliceUrn),
                        EdgefedKeys.SLIVER_LABEL, name))
                .build());
        sliver.setSpec(spec);
        Expiry.write(sliver, Instant.now().plus(Duration.ofHours(1)));
        return sliver;
    }

    /** A ready node with the given architecture and, when not null, an external IP. */
    public static Node node(String name, String arch, String externalIp) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/arch", arch))
                .endMetadata()
                .withNewStatus()
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewAddress().withType("InternalIP").withAddress("10.0.0." + (name.length() + 10)).endAddress()
                .endStatus();
        if (externalIp != null) {
            node.editStatus().addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress().endStatus();
        }
        return node.build();
    }

    /** The sliver's pod as the kubelet reports it, scheduled on {@code node}; no status when {@code node} is null. */
    public static PodBuilder pod(Sliver sliver, String node) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                    .withName(sliver.getMetadata().getName() + "-7d9f8-x2x4q")
                    .withNamespace(sliver.getMetadata().getNamespace())
                    .withLabels(SliverObjects.labels(sliver))
                    .withCreationTimestamp("2026-11-27T09:00:00Z")
                .endMetadata()
                .withNewSpec()
                    .withNodeName(node)
                    .addNewContainer().withName(SliverObjects.CONTAINER).withImage(sliver.getSpec().getImage()).endContainer()
                .endSpec();
        return pod;
    }

    public static Pod readyPod(Sliver sliver, String node) {
        return pod(sliver, node)
                .withNewStatus()
                    .withPhase("Running")
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewContainerStatus().withName(SliverObjects.CONTAINER).withReady(true)
                        .withNewState().withNewRunning().endRunning().endState()
                    .endContainerStatus()
                .endStatus()
                .build();
    }

    public static Pod waitingPod(Sliver sliver, String node, String reason, String message) {
        return pod(sliver, node)
                .withNewStatus()
                    .withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .addNewContainerStatus().withName(SliverObjects.CONTAINER).withReady(false)
                        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                    .endContainerStatus()
                .endStatus()
                .build();
    }

    public static Pod unschedulablePod(Sliver sliver, String message) {
        return pod(sliver, null)
                .withNewStatus()
                    .withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage(message).endCondition()
                .endStatus()
                .build();
    }

    public static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-11-27T09:05:00Z").endMetadata().build();
    }
}
