package io.edgefed.agent.mesh;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.edgefed.model.VPNPeer;

/**
 * Whether a VPNPeer's node is alive, from the {@code status.inactiveSince} the operator writes when it has not seen the
 * node for a while. An inactive peer stays configured but is no relay; once inactive for longer than
 * {@code removeAfter} it is left out of WireGuard, until the operator clears {@code inactiveSince} again.
 */
final class PeerActivity {

    enum State {
        ACTIVE,
        /** Not seen alive: kept in WireGuard, never a relay. */
        INACTIVE,
        /** Inactive for longer than the removal limit: left out of WireGuard. */
        GONE
    }

    /** The verdict; {@code note} says why an unusable {@code inactiveSince} was read as it was, else null. */
    record Verdict(State state, Instant inactiveSince, String note) {
    }

    private PeerActivity() {
    }

    static Verdict judge(VPNPeer peer, Instant now, Duration removeAfter) {
        String text = peer.getStatus() == null ? null : peer.getStatus().getInactiveSince();
        if (text == null || text.isBlank()) {
            return new Verdict(State.ACTIVE, null, null);
        }
        Instant since;
        try {
            since = OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            // The operator says the node is inactive but not since when: no relay, yet not removed on a guess.
            return new Verdict(State.INACTIVE, null, "unparsable status.inactiveSince '" + text + "'; treated as inactive, kept in WireGuard");
        }
        return new Verdict(Duration.between(since, now).compareTo(removeAfter) > 0 ? State.GONE : State.INACTIVE, since, null);
    }
}
