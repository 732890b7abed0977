package io.edgefed.agent.mesh;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells a dead direct path from the traffic itself, not from the handshake's age (a session stays "fresh" for three
 * minutes after its path broke). Between two NATted nodes both sides send a keepalive at least every keepalive
 * interval, so bytes keep arriving on a live path. When a watched peer has been quiet for {@code quiet}, it is probed:
 * one small packet to its VPN address through the direct path; the peer's kernel answers, and if it does not, its
 * WireGuard sends a keepalive within ten seconds of receiving data (WireGuard's KeepaliveTimeout). No byte received
 * within {@code probeTimeout} of the probe, or none for two keepalive intervals, means the path is dead.
 * <p>
 * Pure bookkeeping: the caller reads the received-byte counters, sends the probes and acts on the verdict.
 */
public final class TrafficWatch {

    /** What to do now: peers to probe, and peers whose direct path is dead. */
    public record Verdict(Set<String> probe, Set<String> dead) {
    }

    private static final class Track {
        long rx;
        Instant rxChangedAt;
        Instant probedAt;

        Track(long rx, Instant now) {
            this.rx = rx;
            this.rxChangedAt = now;
        }
    }

    private final Duration quiet;
    private final Duration probeTimeout;
    private final Duration silenceLimit;
    private final Map<String, Track> tracks = new HashMap<>();

    public TrafficWatch(Duration quiet, Duration probeTimeout, Duration keepalive) {
        this.quiet = quiet;
        this.probeTimeout = probeTimeout;
        this.silenceLimit = keepalive.multipliedBy(2);
    }

    /**
     * The quiet time before a probe, chosen so that quiet time, probe timeout and two checks fit in
     * {@code relayAfter}: a third of it, at least two seconds and at most one keepalive interval.
     */
    public static Duration quietFor(Duration relayAfter, Duration keepalive) {
        Duration third = relayAfter.dividedBy(3);
        Duration atLeast = third.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : third;
        return atLeast.compareTo(keepalive) > 0 ? keepalive : atLeast;
    }

    /**
     * Takes the received-byte counter of each watched peer (name → rx bytes); peers not given are forgotten, so a peer
     * that comes back to the watch starts afresh. Peers returned to probe are counted as probed now.
     */
    public Verdict observe(Map<String, Long> rxBytes, Instant now) {
        tracks.keySet().retainAll(rxBytes.keySet());
        Set<String> probe = new TreeSet<>();
        Set<String> dead = new TreeSet<>();
        rxBytes.forEach((name, rx) -> {
            Track track = tracks.get(name);
            if (track == null) {
                tracks.put(name, new Track(rx, now));
                return;
            }
            if (rx != track.rx) {
                track.rx = rx;
                track.rxChangedAt = now;
                track.probedAt = null;
                return;
            }
            boolean probeUnanswered = track.probedAt != null && !now.isBefore(track.probedAt.plus(probeTimeout));
            boolean silent = !now.isBefore(track.rxChangedAt.plus(silenceLimit));
            if (probeUnanswered || silent) {
                dead.add(name);
            } else if (track.probedAt == null && !now.isBefore(track.rxChangedAt.plus(quiet))) {
                track.probedAt = now;
                probe.add(name);
            }
        });
        return new Verdict(probe, dead);
    }
}
