package io.edgefed.agent.wireguard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the {@link DeviceChange} from an interface's state to a desired configuration. Peers that already match
 * produce nothing, so applying the result never disturbs working peers.
 */
public final class ConfigDiff {

    private ConfigDiff() {
    }

    public static DeviceChange between(WireGuardConfig desired, DeviceState actual, Instant now) {
        return between(desired, actual, now, Set.of());
    }

    /**
     * As {@link #between(WireGuardConfig, DeviceState, Instant)}, but the peers in {@code kick} get their desired
     * endpoint even over a fresh handshake: a newly observed endpoint is tried at once, as the old one may be dead
     * although its session is not three minutes old yet (a NAT that rebooted and mapped the peer to a new port).
     */
    public static DeviceChange between(WireGuardConfig desired, DeviceState actual, Instant now, Set<WireGuardKey> kick) {
        WireGuardKey privateKey = desired.privateKey() != null && !desired.privateKey().equals(actual.privateKey())
                ? desired.privateKey() : null;
        Integer listenPort = desired.listenPort() != actual.listenPort() ? desired.listenPort() : null;
        List<DeviceChange.PeerChange> removals = new ArrayList<>();
        List<DeviceChange.PeerChange> others = new ArrayList<>();
        for (WireGuardKey key : actual.peers().keySet()) {
            if (!desired.peers().containsKey(key)) {
                removals.add(new DeviceChange.RemovePeer(key));
            }
        }
        for (Map.Entry<WireGuardKey, PeerConfig> entry : desired.peers().entrySet()) {
            PeerConfig want = entry.getValue();
            DeviceState.Peer have = actual.peers().get(entry.getKey());
            if (have == null) {
                others.add(new DeviceChange.AddPeer(want));
                continue;
            }
            DeviceChange.UpdatePeer update = update(want, have, now, kick.contains(entry.getKey()));
            if (update != null) {
                others.add(update);
            }
        }
        removals.addAll(others);
        return new DeviceChange(privateKey, listenPort, removals);
    }

    private static DeviceChange.UpdatePeer update(PeerConfig want, DeviceState.Peer have, Instant now, boolean kick) {
        boolean fresh = !kick && Handshake.isFresh(have.lastHandshake(), now);
        boolean endpointChanged = want.endpoint() != null && !want.endpoint().equals(have.endpoint()) && !fresh;
        boolean keepaliveChanged = want.keepalive() != have.config().keepalive();
        boolean allowedChanged = !want.allowedIps().equals(have.config().allowedIps());
        if (!endpointChanged && !keepaliveChanged && !allowedChanged) {
            return null;
        }
        return new DeviceChange.UpdatePeer(want.publicKey(), endpointChanged ? want.endpoint() : null,
                keepaliveChanged || (endpointChanged && want.keepalive() > 0) ? want.keepalive() : null,
                allowedChanged ? want.allowedIps() : null, endpointChanged && want.keepalive() > 0);
    }
}
