package io.edgefed.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HandshakeTest {

    static final Instant NOW = Instant.parse("2026-12-03T21:00:00Z");

    @Test
    void aSessionIsFreshForUnderWireGuardsRejectAfterTime() {
        assertThat(Handshake.isFresh(NOW, NOW)).isTrue();
        assertThat(Handshake.isFresh(NOW.minusSeconds(179), NOW)).isTrue();
        assertThat(Handshake.isFresh(NOW.minusSeconds(180), NOW)).as("180 s: rejected").isFalse();
        assertThat(Handshake.isFresh(NOW.minusSeconds(3600), NOW)).isFalse();
    }

    @Test
    void noHandshakeIsNeverFresh() {
        assertThat(Handshake.isFresh(null, NOW)).isFalse();
    }
}
