package io.edgefed.agent.mesh;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.PeerConfig;
import io.edgefed.agent.wireguard.WireGuardKey;

/**
 * Remembers, for a while, where removed peers were reached. A record deleted by hand (or lost by the API) comes back
 * within seconds when its agent recreates it; the peer is then added again with the endpoint WireGuard had roamed to,
 * instead of none, so this side can reach it at once rather than wait for the peer to make a new session.
 */
public final class RemovedEndpoints {

    static final Duration KEPT = Duration.ofMinutes(10);

    private record Seen(InetSocketAddress endpoint, Instant removedAt) {
    }

    private final Map<WireGuardKey, Seen> removed = new HashMap<>();

    /** Notes the endpoints of the peers {@code change} removes, and gives the ones it adds without endpoint theirs. */
    public DeviceChange apply(DeviceChange change, DeviceState actual, Instant now) {
        removed.values().removeIf(seen -> now.isAfter(seen.removedAt().plus(KEPT)));
        List<DeviceChange.PeerChange> out = new ArrayList<>();
        for (DeviceChange.PeerChange peer : change.peers()) {
            if (peer instanceof DeviceChange.RemovePeer) {
                DeviceState.Peer state = actual.peers().get(peer.publicKey());
                if (state != null && state.endpoint() != null) {
                    removed.put(peer.publicKey(), new Seen(state.endpoint(), now));
                }
                out.add(peer);
            } else if (peer instanceof DeviceChange.AddPeer add && add.peer().endpoint() == null && removed.containsKey(add.publicKey())) {
                PeerConfig config = add.peer();
                out.add(new DeviceChange.AddPeer(new PeerConfig(config.publicKey(), removed.remove(add.publicKey()).endpoint(),
                        config.keepalive(), config.allowedIps())));
            } else {
                out.add(peer);
            }
        }
        return new DeviceChange(change.privateKey(), change.listenPort(), out);
    }
}
