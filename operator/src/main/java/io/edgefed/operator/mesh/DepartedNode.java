package io.edgefed.operator.mesh;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Removes the records of a node that left the cluster: its VPNPeer and its address claims.
 * <p>
 * In a real cluster the garbage collector does this through the owner references {@link MeshOwnership} sets; doing it
 * here as well covers API servers without garbage collection (the test server) and is harmless where the collector
 * acts first. The rule is the collector's: a peer whose owning Node (by uid) is gone. A peer that was never owned,
 * because its node has not joined yet, is left alone.
 */
final class DepartedNode {

    private static final Logger LOG = Logger.getLogger(DepartedNode.class);

    private DepartedNode() {
    }

    static boolean departed(VPNPeer peer, Optional<Node> node) {
        return MeshOwnership.nodeOwner(peer)
                .filter(owner -> node.isEmpty() || !Objects.equals(owner.getUid(), node.get().getMetadata().getUid()))
                .isPresent();
    }

    static void removeRecords(KubernetesClient client, VPNPeer peer, Collection<VpnAddressClaim> claims) {
        String name = peer.getMetadata().getName();
        LOG.infof("Node %s is gone: deleting its VPNPeer and %d address claim(s)", name, claims.size());
        for (VpnAddressClaim claim : claims) {
            client.resources(VpnAddressClaim.class).withName(claim.getMetadata().getName()).delete();
        }
        client.resources(VPNPeer.class).withName(name).delete();
    }
}
