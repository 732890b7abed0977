package io.edgefed.operator.mesh;

import java.net.InetAddress;

import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.VpnAddressClaimSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Test fixtures: address claims as agents would write them (VPNPeers come from the model's VPNPeerFixture). */
final class Claims {

    private Claims() {
    }

    static VpnAddressClaim claim(String address, String node) throws Exception {
        VpnAddressClaim claim = new VpnAddressClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName(VpnAddressClaim.nameFor(InetAddress.getByName(address)))
                .build());
        claim.setSpec(new VpnAddressClaimSpec(address, node));
        return claim;
    }
}
