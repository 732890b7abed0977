package io.edgefed.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

/** A node's own page: its facts, what is wrong with it and what to do, its paths and its slivers. */
final class NodeDetails {

    private NodeDetails() {
    }

    static Optional<NodeDetail> of(Testbed testbed, String name) {
        NodeView view = testbed.node(name);
        if (view == null) {
            return Optional.empty();
        }
        Node node = testbed.nodeObject(name);
        VPNPeer peer = testbed.peer(name);
        Optional<NodeCondition> ready = NodeViews.ready(node);
        List<SliverView> slivers = testbed.slivers().stream().filter(s -> name.equals(s.node())).toList();
        return Optional.of(new NodeDetail(view,
                peer == null || peer.getSpec() == null ? null : peer.getSpec().getAddressV4(),
                peer == null || peer.getSpec() == null ? null : peer.getSpec().getAddressV6(),
                peer == null || peer.getSpec() == null ? null : peer.getSpec().getEndpoint(),
                ready.map(NodeCondition::getMessage).orElse(null),
                problems(view, node, peer, ready), paths(testbed, name, peer), slivers));
    }

    private static List<NodeDetail.Problem> problems(NodeView view, Node node, VPNPeer peer,
            Optional<NodeCondition> ready) {
        List<NodeDetail.Problem> problems = new ArrayList<>();
        if (node == null) {
            problems.add(new NodeDetail.Problem("cluster", "NotJoined",
                    "The node's agent has registered in the mesh, but the node has not joined the cluster yet. "
                            + "Look at the end of the installer's output and at 'journalctl -u kubelet' on the node."));
        } else if (!view.ready()) {
            problems.add(new NodeDetail.Problem("cluster", ready.map(NodeCondition::getReason).orElse("NotReady"),
                    "Kubernetes reports the node not ready"
                            + ready.map(c -> c.getMessage() == null ? "" : ": " + c.getMessage()).orElse("")
                            + ". Check 'systemctl status kubelet containerd' on the node."));
        }
        if (peer == null) {
            problems.add(new NodeDetail.Problem("mesh", "NoVPNPeer",
                    "The node's agent has not registered in the VPN mesh. Check 'systemctl status edgefed-agent' and "
                            + "'journalctl -u edgefed-agent' on the node."));
        } else if (peer.getStatus() != null && peer.getStatus().getConditions() != null) {
            // The operator's conditions on the VPNPeer say what is wrong and what to do.
            for (Condition condition : peer.getStatus().getConditions()) {
                if ("False".equals(condition.getStatus())) {
                    problems.add(new NodeDetail.Problem("mesh", condition.getReason(),
                            condition.getMessage() == null ? condition.getType() + " is False" : condition.getMessage()));
                }
            }
        }
        return problems;
    }

    private static List<NodeDetail.Path> paths(Testbed testbed, String name, VPNPeer peer) {
        Map<String, PeerPath> mine = peer == null || peer.getStatus() == null || peer.getStatus().getPaths() == null
                ? Map.of()
                : peer.getStatus().getPaths();
        List<NodeDetail.Path> paths = new ArrayList<>();
        for (NodeView other : testbed.nodes()) {
            if (other.name().equals(name) || other.controlPlane() && !mine.containsKey(other.name())) {
                continue;
            }
            PeerPath path = mine.get(other.name());
            VPNPeer otherPeer = testbed.peer(other.name());
            PeerPath back = otherPeer == null || otherPeer.getStatus() == null || otherPeer.getStatus().getPaths() == null
                    ? null
                    : otherPeer.getStatus().getPaths().get(name);
            paths.add(new NodeDetail.Path(other.name(), modeOf(path),
                    path == null || path.getMode() != PeerPath.Mode.RELAY ? null : path.getVia(),
                    path == null ? null : path.getEndpoint(), path == null ? null : path.getLastHandshake(),
                    modeOf(back)));
        }
        return paths;
    }

    private static String modeOf(PeerPath path) {
        return path == null || path.getMode() == null ? "unknown" : MeshLinks.mode(path.getMode());
    }
}
