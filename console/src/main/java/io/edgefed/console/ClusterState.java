package io.edgefed.console;

import java.util.List;

import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Node;

/** The objects the console draws from, as the caches held them at one moment. */
record ClusterState(List<Node> nodes, List<VPNPeer> peers, List<Sliver> slivers) {
}
