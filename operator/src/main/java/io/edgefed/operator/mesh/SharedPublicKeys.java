package io.edgefed.operator.mesh;

import java.util.Collection;
import java.util.List;

import io.edgefed.model.VPNPeer;

/**
 * Finds the other peers that announce the same WireGuard public key: WireGuard identifies peers by key, so two
 * records with one key make every interface route both nodes' traffic to whichever it saw last.
 */
final class SharedPublicKeys {

    /** Condition type the operator owns on a VPNPeer. */
    static final String CONDITION = "PublicKeyUnique";

    private SharedPublicKeys() {
    }

    /** @return the names of the other peers with {@code key}, sorted; empty when the key is unique or absent */
    static List<String> holdersOf(String key, String except, Collection<VPNPeer> peers) {
        if (key == null || key.isBlank()) {
            return List.of();
        }
        return peers.stream()
                .filter(p -> p.getSpec() != null && key.equals(p.getSpec().getPublicKey()))
                .map(p -> p.getMetadata().getName())
                .filter(name -> !name.equals(except))
                .sorted()
                .toList();
    }

    static String message(List<String> others) {
        return "public key also announced by VPNPeer " + String.join(", ", others)
                + "; each node needs its own key pair (remove the agent's private key file on the copied node and restart the agent)";
    }
}
