package io.edgefed.agent.wireguard;

import java.time.Duration;
import java.time.Instant;

/** Whether a WireGuard session is alive, judged by the age of its latest handshake. */
public final class Handshake {

    /**
     * A session older than this is dead (WireGuard's RejectAfterTime). Younger, the endpoint WireGuard roamed to is
     * proven to work and is never overwritten.
     */
    public static final Duration FRESH_FOR = Duration.ofSeconds(180);

    private Handshake() {
    }

    /** True when {@code lastHandshake} (null: none yet) is younger than {@link #FRESH_FOR} at {@code now}. */
    public static boolean isFresh(Instant lastHandshake, Instant now) {
        return lastHandshake != null && Duration.between(lastHandshake, now).compareTo(FRESH_FOR) < 0;
    }
}
