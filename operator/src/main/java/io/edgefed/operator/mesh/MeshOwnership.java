package io.edgefed.operator.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Links the mesh's records into Kubernetes' garbage collection: the Node owns its VPNPeer and the node's address
 * claims. Deleting a Node then removes its VPNPeer and frees its addresses. The claims are not owned by the VPNPeer:
 * a VPNPeer deleted by hand (or lost) is recreated by its agent with the same addresses, which the garbage collector
 * must not free in between; a claim that names the VPNPeer as owner (as earlier versions set) is moved to the Node.
 */
final class MeshOwnership {

    static final String NODE_KIND = "Node";
    static final String NODE_API_VERSION = "v1";
    static final String PEER_KIND = "VPNPeer";

    private MeshOwnership() {
    }

    /** The peer's owner reference to its Node, if it has one. */
    static Optional<OwnerReference> nodeOwner(VPNPeer peer) {
        return peer.getMetadata().getOwnerReferences().stream()
                .filter(r -> NODE_KIND.equals(r.getKind()) && NODE_API_VERSION.equals(r.getApiVersion()))
                .findFirst();
    }

    /**
     * Makes {@code node} the owner of {@code peer} (replacing a reference to an earlier Node of the same name).
     *
     * @return the peer as stored after the change, or {@code peer} itself when nothing had to change
     */
    static VPNPeer ownPeerByNode(KubernetesClient client, VPNPeer peer, Node node) {
        OwnerReference wanted = reference(NODE_API_VERSION, NODE_KIND, node);
        if (nodeOwner(peer).filter(r -> Objects.equals(r.getUid(), wanted.getUid())).isPresent()) {
            return peer;
        }
        return client.resources(VPNPeer.class).withName(peer.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), ownerPatch(peer, wanted, null));
    }

    /**
     * Makes {@code node} the owner of each of its claims that does not name it yet, and takes away any VPNPeer owner
     * reference; without a Node, only the latter.
     */
    static void ownClaimsByNode(KubernetesClient client, Optional<Node> node, Collection<VpnAddressClaim> claims) {
        OwnerReference wanted = node.map(n -> reference(NODE_API_VERSION, NODE_KIND, n)).orElse(null);
        for (VpnAddressClaim claim : claims) {
            List<OwnerReference> owners = claim.getMetadata().getOwnerReferences();
            boolean peerOwned = owners.stream().anyMatch(r -> PEER_KIND.equals(r.getKind()));
            boolean nodeOwned = wanted == null
                    || owners.stream().anyMatch(r -> NODE_KIND.equals(r.getKind()) && Objects.equals(r.getUid(), wanted.getUid()));
            if (peerOwned || !nodeOwned) {
                client.resources(VpnAddressClaim.class).withName(claim.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON), ownerPatch(claim, wanted, PEER_KIND));
            }
        }
    }

    private static OwnerReference reference(String apiVersion, String kind, HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build();
    }

    /**
     * The list is replaced whole, so the patch carries the other owners along and is conditional on the
     * resourceVersion it was computed from (a concurrent writer makes it fail instead of being overwritten).
     */
    private static String ownerPatch(HasMetadata object, OwnerReference wanted, String droppedKind) {
        List<OwnerReference> owners = new ArrayList<>();
        for (OwnerReference existing : object.getMetadata().getOwnerReferences()) {
            // A reference to an earlier object of the same kind (same name, old uid) is dropped.
            boolean sameKind = wanted != null && Objects.equals(existing.getKind(), wanted.getKind());
            if (!sameKind && !Objects.equals(existing.getKind(), droppedKind)) {
                owners.add(existing);
            }
        }
        if (wanted != null) {
            owners.add(wanted);
        }
        JsonPatchDocument patch = new JsonPatchDocument()
                .onlyIfUnchangedSince(object.getMetadata().getResourceVersion())
                .set("/metadata/ownerReferences", owners);
        return patch.toString();
    }
}
