package io.edgefed.agent.wireguard;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * The changes that turn an interface's state into the desired configuration: only what differs, one entry per
 * peer that must be added, updated or removed. Null fields mean "leave as it is".
 */
public record DeviceChange(WireGuardKey privateKey, Integer listenPort, List<PeerChange> peers) {

    public DeviceChange {
        peers = List.copyOf(peers);
    }

    public boolean isEmpty() {
        return privateKey == null && listenPort == null && peers.isEmpty();
    }

    /** A change to one peer. */
    public sealed interface PeerChange permits AddPeer, UpdatePeer, RemovePeer {
        WireGuardKey publicKey();
    }

    /** A peer the interface does not have yet. */
    public record AddPeer(PeerConfig peer) implements PeerChange {
        @Override
        public WireGuardKey publicKey() {
            return peer.publicKey();
        }
    }

    /**
     * New values for an existing peer; null fields stay as they are. {@code kick} asks for an immediate keepalive
     * (and so a handshake) after a new endpoint, instead of waiting for the next keepalive interval.
     */
    public record UpdatePeer(WireGuardKey publicKey, InetSocketAddress endpoint, Integer keepalive, Set<Cidr> allowedIps,
            boolean kick) implements PeerChange {
    }

    /** A peer to remove. */
    public record RemovePeer(WireGuardKey publicKey) implements PeerChange {
    }
}
