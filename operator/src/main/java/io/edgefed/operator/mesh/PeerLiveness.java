package io.edgefed.operator.mesh;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerStatus;

/**
 * Decides whether a node counts as alive from the last time its agent reported ({@code status.lastSeen}), and when
 * that verdict will next change, so that the controller wakes up exactly then instead of polling.
 */
final class PeerLiveness {

    /** Condition type the operator owns on a VPNPeer. */
    static final String CONDITION = "Active";

    /**
     * The verdict for one peer.
     *
     * @param active        whether the node was seen recently enough
     * @param inactiveSince when the node became inactive (null while active)
     * @param staleAt       when an active node will become inactive unless it reports again (null when inactive)
     * @param reason        condition reason
     * @param message       condition message; stable while the verdict holds, so heartbeats cause no writes
     */
    record Verdict(boolean active, Instant inactiveSince, Instant staleAt, String reason, String message) {
    }

    private PeerLiveness() {
    }

    static Verdict judge(VPNPeer peer, Instant now, Duration inactiveAfter) {
        VPNPeerStatus status = peer.getStatus();
        Optional<Instant> lastSeen = parse(status == null ? null : status.getLastSeen());
        // An agent that never reported gets the same grace period, counted from the record's creation.
        Instant since = lastSeen.orElseGet(() -> created(peer, now));
        Instant staleAt = since.plus(inactiveAfter);
        if (now.isBefore(staleAt)) {
            return new Verdict(true, null, staleAt, "Seen",
                    "the node's agent reported within the last " + human(inactiveAfter));
        }
        Instant inactiveSince = parse(status == null ? null : status.getInactiveSince())
                .filter(previous -> !previous.isBefore(since))
                .orElse(staleAt);
        if (lastSeen.isEmpty()) {
            return new Verdict(false, inactiveSince, null, "NeverSeen",
                    "the node's agent has not reported since the record was made at " + since
                            + "; check that the agent runs on the node and can reach the API server");
        }
        return new Verdict(false, inactiveSince, null, "NotSeen",
                "no report from the node's agent since " + since + " (more than " + human(inactiveAfter)
                        + "); check the node and its agent");
    }

    private static Instant created(VPNPeer peer, Instant now) {
        return parse(peer.getMetadata().getCreationTimestamp()).orElse(now);
    }

    static Optional<Instant> parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
