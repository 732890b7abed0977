package io.edgefed.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.edgefed.model.NodeLocation;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** A node's state on the map, from its Node object and its VPNPeer (either may be missing). */
final class NodeViews {

    /** The operator's condition on a VPNPeer: whether the node's agent reported recently. */
    static final String ACTIVE_CONDITION = "Active";

    private static final List<String> CONTROL_PLANE_LABELS = List.of("node-role.kubernetes.io/control-plane",
            "node-role.kubernetes.io/master");

    private NodeViews() {
    }

    static NodeView of(String name, Node node, VPNPeer peer, int slivers) {
        // The Node's metadata places it; a node that has not joined yet is placed by nothing.
        NodeLocation location = node == null ? NodeLocation.UNKNOWN : NodeLocation.of(node.getMetadata());
        Optional<NodeLocation.Coordinates> at = location.coordinates();
        String mesh = "none";
        boolean relay = false;
        Boolean active = null;
        String lastSeen = null;
        String inactiveSince = null;
        if (peer != null) {
            mesh = peer.getSpec() != null && peer.getSpec().isBehindNat() ? "nat" : "public";
            relay = peer.getSpec() != null && peer.getSpec().isRelay();
            if (peer.getStatus() != null) {
                lastSeen = peer.getStatus().getLastSeen();
                inactiveSince = peer.getStatus().getInactiveSince();
            }
            active = inactiveSince == null && !conditionIs(peer, ACTIVE_CONDITION, "False");
        }
        return new NodeView(name, node != null, ready(node).isPresent() && "True".equals(ready(node).get().getStatus()),
                node != null && isControlPlane(node.getMetadata()), mesh, relay, active, lastSeen, inactiveSince,
                at.map(NodeLocation.Coordinates::latitude).orElse(null),
                at.map(NodeLocation.Coordinates::longitude).orElse(null),
                location.country().orElse(null), location.region().orElse(null), slivers);
    }

    static Optional<NodeCondition> ready(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    private static boolean conditionIs(VPNPeer peer, String type, String status) {
        if (peer.getStatus() == null || peer.getStatus().getConditions() == null) {
            return false;
        }
        for (Condition condition : peer.getStatus().getConditions()) {
            if (type.equals(condition.getType())) {
                return status.equals(condition.getStatus());
            }
        }
        return false;
    }

    private static boolean isControlPlane(ObjectMeta metadata) {
        Map<String, String> labels = metadata.getLabels();
        return labels != null && CONTROL_PLANE_LABELS.stream().anyMatch(labels::containsKey);
    }
}
