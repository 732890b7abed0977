package io.edgefed.agent.mesh;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.Handshake;
import io.edgefed.model.PeerPath;

/**
 * Decides, per NATted peer, whether traffic goes directly or through a relay. A peer goes to the relay when its direct
 * path is found dead from the traffic ({@link TrafficWatch}), or when no direct session came up within
 * {@code relayAfter} of the peer appearing. While relayed, the direct peer stays configured with endpoint and keepalive
 * but no allowed IPs, so the direct path keeps being tried; the peer comes back as soon as the direct path shows life
 * (bytes received on it, or a handshake, after the switch). A path that dies within {@code directHold} of coming back,
 * twice in a row, flaps: its next return waits until a direct handshake has held for {@code directHold}. A new
 * endpoint for the peer is a new path and is not held back by the old one's flapping.
 */
public final class PathSelector {

    /** What the interface tells about the direct peer: its latest handshake (null: none) and its received bytes. */
    public record Direct(Instant lastHandshake, long rxBytes) {
    }

    private static final class Track {
        PeerPath.Mode mode = PeerPath.Mode.DIRECT;
        Instant since;
        Instant lastReturn;
        int quickDeaths;
        boolean flapping;
        long rxAtSwitch = -1;
        Instant freshSince;

        Track(Instant since) {
            this.since = since;
        }
    }

    private final Duration relayAfter;
    private final Duration directHold;
    private final Map<String, Track> tracks = new HashMap<>();

    public PathSelector(Duration relayAfter, Duration directHold) {
        this.relayAfter = relayAfter;
        this.directHold = directHold;
    }

    /**
     * Updates the decisions. {@code relayable} are the peers for which a relay is possible; {@code direct} what the
     * interface reports of each one's direct peer; {@code dead} the peers whose direct path the traffic showed dead.
     * Returns true when a decision changed.
     */
    public boolean observe(Set<String> relayable, Map<String, Direct> direct, Set<String> dead, Instant now) {
        boolean changed = tracks.keySet().retainAll(relayable);
        for (String name : relayable) {
            Track track = tracks.computeIfAbsent(name, n -> new Track(now));
            Direct state = direct.getOrDefault(name, new Direct(null, -1));
            changed |= track.mode == PeerPath.Mode.DIRECT ? maybeLeave(track, state, dead.contains(name), now) : maybeReturn(track, state, now);
        }
        return changed;
    }

    private boolean maybeLeave(Track track, Direct state, boolean dead, Instant now) {
        boolean neverCameUp = !Handshake.isFresh(state.lastHandshake(), now) && !now.isBefore(track.since.plus(relayAfter));
        if (!dead && !neverCameUp) {
            return false;
        }
        boolean quick = track.lastReturn != null && now.isBefore(track.lastReturn.plus(directHold));
        track.quickDeaths = quick ? track.quickDeaths + 1 : 0;
        track.flapping = track.quickDeaths >= 2;
        track.mode = PeerPath.Mode.RELAY;
        track.since = now;
        track.rxAtSwitch = state.rxBytes();
        track.freshSince = null;
        return true;
    }

    private boolean maybeReturn(Track track, Direct state, Instant now) {
        if (track.rxAtSwitch < 0) {
            track.rxAtSwitch = state.rxBytes();
        }
        boolean handshakeSince = state.lastHandshake() != null && state.lastHandshake().isAfter(track.since)
                && Handshake.isFresh(state.lastHandshake(), now);
        boolean bytesSince = track.rxAtSwitch >= 0 && state.rxBytes() > track.rxAtSwitch;
        if (!track.flapping) {
            if (handshakeSince || bytesSince) {
                goDirect(track, now);
                return true;
            }
            return false;
        }
        if (!handshakeSince) {
            track.freshSince = null;
            return false;
        }
        if (track.freshSince == null) {
            track.freshSince = now;
        }
        if (!now.isBefore(track.freshSince.plus(directHold))) {
            goDirect(track, now);
            return true;
        }
        return false;
    }

    /** The peer is being tried at a new endpoint: whatever flapped before was another path. */
    public void newEndpoint(String name) {
        Track track = tracks.get(name);
        if (track != null) {
            track.quickDeaths = 0;
            track.flapping = false;
            track.freshSince = null;
        }
    }

    private static void goDirect(Track track, Instant now) {
        track.mode = PeerPath.Mode.DIRECT;
        track.since = now;
        track.lastReturn = now;
        track.rxAtSwitch = -1;
    }

    /** What the interface {@code actual} tells of the direct peer of each of the plan's relayable peers. */
    public static Map<String, Direct> directPaths(MeshPlan.Result plan, DeviceState actual) {
        Map<String, Direct> out = new HashMap<>();
        for (String name : plan.relayable()) {
            DeviceState.Peer state = actual.peers().get(plan.peers().get(name).publicKey());
            if (state != null) {
                out.put(name, new Direct(state.lastHandshake(), state.rxBytes()));
            }
        }
        return out;
    }

    /** The peers currently sent through a relay. */
    public Set<String> relayed() {
        Set<String> out = new TreeSet<>();
        tracks.forEach((name, track) -> {
            if (track.mode == PeerPath.Mode.RELAY) {
                out.add(name);
            }
        });
        return out;
    }
}
