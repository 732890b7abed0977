package io.edgefed.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, per NATted peer, whether traffic goes directly or through a relay, from the handshakes WireGuard reports.
 * A peer goes to the relay when no direct session is alive and none appeared within {@code relayAfter}; it comes
 * back when a direct handshake made after the switch has held for {@code directHold} (the direct peer stays
 * configured, with endpoint and keepalive but no allowed IPs, so the direct path keeps being probed).
 */
public final class PathSelector {

    private enum Mode { DIRECT, RELAY }

    private static final class Track {
        Mode mode = Mode.DIRECT;
        Instant since;
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
     * Updates the decisions. {@code relayable} are the peers for which a relay is possible; {@code lastHandshakes}
     * the latest direct handshake per peer name (absent: none). Returns true when a decision changed.
     */
    public boolean observe(Set<String> relayable, Map<String, Instant> lastHandshakes, Instant now) {
        boolean changed = tracks.keySet().retainAll(relayable);
        for (String name : relayable) {
            Track track = tracks.computeIfAbsent(name, n -> new Track(now));
            Instant handshake = lastHandshakes.get(name);
            boolean fresh = handshake != null && Duration.between(handshake, now).compareTo(ConfigDiff.FRESH_HANDSHAKE) < 0;
            if (track.mode == Mode.DIRECT) {
                if (!fresh && Duration.between(track.since, now).compareTo(relayAfter) >= 0) {
                    track.mode = Mode.RELAY;
                    track.since = now;
                    track.freshSince = null;
                    changed = true;
                }
            } else if (fresh && handshake.isAfter(track.since)) {
                if (track.freshSince == null) {
                    track.freshSince = now;
                }
                if (Duration.between(track.freshSince, now).compareTo(directHold) >= 0) {
                    track.mode = Mode.DIRECT;
                    track.since = now;
                    changed = true;
                }
            } else {
                track.freshSince = null;
            }
        }
        return changed;
    }

    /** The peers currently sent through a relay. */
    public Set<String> relayed() {
        Set<String> out = new TreeSet<>();
        tracks.forEach((name, track) -> {
            if (track.mode == Mode.RELAY) {
                out.add(name);
            }
        });
        return out;
    }
}
