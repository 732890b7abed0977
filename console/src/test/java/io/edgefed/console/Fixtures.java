package io.edgefed.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgefed.model.AllocationState;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.NodeLocation;
import io.edgefed.model.OperationalState;
import io.edgefed.model.PeerPath;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverLogin;
import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverStatus;
import io.edgefed.model.SliverUser;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.testing.VPNPeerFixture;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Nodes, VPNPeers and Slivers as the other parts of edgefed write them. */
final class Fixtures {

    static final String SECRET_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyThatMustNeverBeShown alice@laptop";
    static final String OWNER_URN = "urn:publicid:IDN+example.org+user+alice";
    static final String SLICE_URN = "urn:publicid:IDN+example.org:project+slice+secret-experiment";

    private Fixtures() {
    }

    static Node node(String name, boolean ready, Double latitude, Double longitude, Map<String, String> labels) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).addToLabels(labels).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                .withMessage(ready ? "kubelet is posting ready status" : "container runtime network not ready")
                .endCondition().endStatus();
        Node node = builder.build();
        if (latitude != null) {
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(NodeLocation.LATITUDE_KEY, String.valueOf(latitude));
            annotations.put(NodeLocation.LONGITUDE_KEY, String.valueOf(longitude));
            node.getMetadata().setAnnotations(annotations);
        }
        return node;
    }

    static VPNPeer peer(String name, boolean behindNat, boolean relay, Map<String, PeerPath> paths, Instant lastSeen) {
        int hash = Math.abs(name.hashCode());
        return VPNPeerFixture.peer(name).publicKey("cHVibGljLWtleS1vZi0" + name.length() + "AAAAAAAAAAAAAAAAAAAAAA=")
                .addresses("10.183.0." + (hash % 250 + 1), "fd00:edfe::" + Integer.toHexString(hash % 65000 + 1))
                .endpoint(behindNat ? null : "203.0.113." + (hash % 250 + 1) + ":51820").behindNat(behindNat).relay(relay)
                .paths(paths).lastSeen(lastSeen.toString()).build();
    }

    static PeerPath direct(Instant handshake) {
        return new PeerPath(PeerPath.Mode.DIRECT, null, "198.51.100.7:51820", handshake.toString());
    }

    static PeerPath relay(String via, Instant handshake) {
        return new PeerPath(PeerPath.Mode.RELAY, via, null, handshake.toString());
    }

    static PeerPath down() {
        return new PeerPath(PeerPath.Mode.DOWN, null, null, null);
    }

    /** Marks the peer inactive as the operator does. */
    static void inactive(VPNPeer peer, Instant since) {
        peer.getStatus().setInactiveSince(since.toString());
        peer.getStatus().setConditions(List.of(new ConditionBuilder().withType("Active").withStatus("False")
                .withReason("NotSeen").withLastTransitionTime(since.toString())
                .withMessage("no report from the node's agent since " + since + " (more than 2m); check the node and its agent")
                .build()));
    }

    static Sliver sliver(String name, String clientId, String node, Instant expires, OperationalState state) {
        Sliver sliver = new Sliver();
        sliver.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("edgefed")
                .addToLabels(EdgefedKeys.SLICE_LABEL, "0123456789abcdef0123456789abcdef").build());
        Expiry.write(sliver, expires);
        SliverSpec spec = new SliverSpec();
        spec.setSliceUrn(SLICE_URN);
        spec.setSliverUrn("urn:publicid:IDN+edgefed:local+sliver+" + name);
        spec.setClientId(clientId);
        spec.setOwnerUrn(OWNER_URN);
        spec.setImage("ghcr.io/edgefed/sliver-ubuntu:24.04");
        spec.setNode(node);
        SliverUser user = new SliverUser();
        user.setUrn(OWNER_URN);
        user.setKeys(List.of(SECRET_KEY));
        spec.setUsers(List.of(user));
        spec.setProvisioned(true);
        sliver.setSpec(spec);
        SliverStatus status = new SliverStatus();
        status.setAllocationState(AllocationState.PROVISIONED);
        status.setOperationalState(state);
        status.setNode(node);
        status.setLogin(new SliverLogin("203.0.113.10", 30022, "alice"));
        sliver.setStatus(status);
        return sliver;
    }

    /** Creates the resource with its status, as the API server's status subresource needs two writes. */
    static void create(KubernetesClient client, HasMetadata resource) {
        HasMetadata created = client.resource(resource).create();
        if (resource instanceof VPNPeer peer) {
            ((VPNPeer) created).setStatus(peer.getStatus());
            client.resource(created).updateStatus();
        } else if (resource instanceof Sliver sliver) {
            ((Sliver) created).setStatus(sliver.getStatus());
            client.resource(created).updateStatus();
        } else if (resource instanceof Node node && ((Node) created).getStatus() == null) {
            ((Node) created).setStatus(node.getStatus());
            client.resource(created).updateStatus();
        }
    }
}
