package io.edgefed.operator.mesh;

import java.net.InetAddress;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VPNPeerStatus;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.VpnAddressClaimSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Test fixtures: VPNPeers and claims as agents would write them. */
final class Peers {

    private Peers() {
    }

    static VPNPeer peer(String name, String key, String v4, String v6) {
        VPNPeer peer = new VPNPeer();
        peer.setMetadata(new ObjectMetaBuilder().withName(name).build());
        VPNPeerSpec spec = new VPNPeerSpec();
        spec.setPublicKey(key);
        spec.setAddressV4(v4);
        spec.setAddressV6(v6);
        spec.setListenPort(51820);
        peer.setSpec(spec);
        return peer;
    }

    static VPNPeer seenAt(VPNPeer peer, String lastSeen) {
        VPNPeerStatus status = new VPNPeerStatus();
        status.setLastSeen(lastSeen);
        peer.setStatus(status);
        return peer;
    }

    static VpnAddressClaim claim(String address, String node) throws Exception {
        VpnAddressClaim claim = new VpnAddressClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName(VpnAddressClaim.nameFor(InetAddress.getByName(address)))
                .build());
        claim.setSpec(new VpnAddressClaimSpec(address, node));
        return claim;
    }
}
