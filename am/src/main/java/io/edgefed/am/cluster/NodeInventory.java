package io.edgefed.am.cluster;

import io.edgefed.model.NodeLocation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster's nodes, read from an informer cache. Control-plane nodes are never offered; nodes that are not
 * ready or are cordoned are shown as unavailable.
 */
@ApplicationScoped
public class NodeInventory extends InformerView<Node> {

    private static final List<String> CONTROL_PLANE_LABELS = List.of("node-role.kubernetes.io/control-plane",
            "node-role.kubernetes.io/master");

    private final KubernetesClient client;
    private final AtomicLong version = new AtomicLong();

    NodeInventory(KubernetesClient client) {
        this.client = client;
    }

    @Override
    protected SharedIndexInformer<Node> newInformer() {
        SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node obj) {
                version.incrementAndGet();
            }

            @Override
            public void onUpdate(Node oldObj, Node newObj) {
                version.incrementAndGet();
            }

            @Override
            public void onDelete(Node obj, boolean deletedFinalStateUnknown) {
                version.incrementAndGet();
            }
        });
        return informer;
    }

    /** Grows whenever a node changes, so that derived documents know when to rebuild. */
    public long version() {
        return version.get();
    }

    /** Every node that may hold slivers, sorted by name. */
    public List<AdvertisedNode> nodes() {
        List<AdvertisedNode> out = new ArrayList<>();
        if (informer() == null) {
            return out;
        }
        for (Node node : informer().getStore().list()) {
            if (!isControlPlane(node)) {
                out.add(advertised(node));
            }
        }
        out.sort(Comparator.comparing(AdvertisedNode::name));
        return out;
    }

    /** The node of that name, unless it is a control-plane node or unknown. */
    public Optional<AdvertisedNode> find(String name) {
        if (informer() == null) {
            return Optional.empty();
        }
        Node node = informer().getStore().getByKey(name);
        return node == null || isControlPlane(node) ? Optional.empty() : Optional.of(advertised(node));
    }

    private static AdvertisedNode advertised(Node node) {
        Map<String, String> labels = labels(node);
        String arch = labels.getOrDefault("kubernetes.io/arch",
                node.getStatus() != null && node.getStatus().getNodeInfo() != null
                        && node.getStatus().getNodeInfo().getArchitecture() != null
                                ? node.getStatus().getNodeInfo().getArchitecture()
                                : "amd64");
        return new AdvertisedNode(node.getMetadata().getName(), arch,
                NodeLocation.of(node.getMetadata()),
                Optional.ofNullable(labels.get("topology.kubernetes.io/zone")), isReady(node) && isSchedulable(node));
    }

    private static boolean isControlPlane(Node node) {
        Map<String, String> labels = labels(node);
        return CONTROL_PLANE_LABELS.stream().anyMatch(labels::containsKey);
    }

    private static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static boolean isSchedulable(Node node) {
        if (node.getSpec() == null) {
            return true;
        }
        if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return false;
        }
        if (node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                if ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
