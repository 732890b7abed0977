package io.edgefed.operator.mesh;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VpnAddressClaim;

/**
 * Checks that every VPN address a peer announces is held by a claim of that same node: the claim named after the
 * address exists, names the same address, and its {@code spec.node} is the peer's name.
 */
final class ClaimConsistency {

    /** Condition type the operator owns on a VPNPeer. */
    static final String CONDITION = "AddressesClaimed";

    private ClaimConsistency() {
    }

    /**
     * @param claimByName looks a claim up by its object name
     * @return what is wrong, one sentence each; empty when every address is properly claimed
     */
    static List<String> problems(VPNPeer peer, Function<String, Optional<VpnAddressClaim>> claimByName) {
        List<String> problems = new ArrayList<>();
        VPNPeerSpec spec = peer.getSpec();
        if (spec == null) {
            return problems;
        }
        String node = peer.getMetadata().getName();
        if (spec.getAddressV4() != null) {
            AddressLiteral.v4(spec.getAddressV4()).<InetAddress>map(a -> a).ifPresentOrElse(
                    address -> check("addressV4", address, node, claimByName, problems),
                    () -> problems.add("addressV4 '" + spec.getAddressV4() + "' is not an IPv4 address"));
        }
        if (spec.getAddressV6() != null) {
            AddressLiteral.v6(spec.getAddressV6()).<InetAddress>map(a -> a).ifPresentOrElse(
                    address -> check("addressV6", address, node, claimByName, problems),
                    () -> problems.add("addressV6 '" + spec.getAddressV6() + "' is not an IPv6 address"));
        }
        return problems;
    }

    private static void check(String field, InetAddress address, String node,
            Function<String, Optional<VpnAddressClaim>> claimByName, List<String> problems) {
        String claimName = VpnAddressClaim.nameFor(address);
        Optional<VpnAddressClaim> claim = claimByName.apply(claimName);
        if (claim.isEmpty() || claim.get().getSpec() == null) {
            problems.add(field + " " + address.getHostAddress() + " has no VpnAddressClaim " + claimName
                    + "; the node's agent must claim the address before using it");
            return;
        }
        String holder = claim.get().getSpec().getNode();
        if (!node.equals(holder)) {
            problems.add(field + " " + address.getHostAddress() + " is claimed by node " + holder + " (VpnAddressClaim "
                    + claimName + "), not by " + node + "; the agent must pick another address");
            return;
        }
        Optional<InetAddress> claimed = AddressLiteral.any(claim.get().getSpec().getAddress());
        if (claimed.isEmpty() || !claimed.get().equals(address)) {
            problems.add("VpnAddressClaim " + claimName + " names address '" + claim.get().getSpec().getAddress()
                    + "', not " + address.getHostAddress() + " as its name says; delete the claim and let the agent claim again");
        }
    }
}
