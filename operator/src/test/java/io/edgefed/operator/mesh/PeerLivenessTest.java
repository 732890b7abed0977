package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.testing.VPNPeerFixture;

class PeerLivenessTest {

    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void recentlySeenPeerIsActiveUntilExactlyTwoMinutesAfterItsLastReport() {
        VPNPeer peer = VPNPeerFixture.peer("a").publicKey("k").lastSeen("2026-11-27T09:59:30Z").build();

        PeerLiveness.Verdict verdict = PeerLiveness.judge(peer, NOW, TWO_MINUTES);

        assertThat(verdict.active()).isTrue();
        assertThat(verdict.inactiveSince()).isNull();
        assertThat(verdict.staleAt()).isEqualTo(Instant.parse("2026-11-27T10:01:30Z"));
        assertThat(verdict.reason()).isEqualTo("Seen");
    }

    @Test
    void peerSilentForLongerThanTheLimitIsInactiveSinceTheMomentItTurnedStale() {
        VPNPeer peer = VPNPeerFixture.peer("a").publicKey("k").lastSeen("2026-11-27T09:50:00+00:00").build();

        PeerLiveness.Verdict verdict = PeerLiveness.judge(peer, NOW, TWO_MINUTES);

        assertThat(verdict.active()).isFalse();
        assertThat(verdict.inactiveSince()).isEqualTo(Instant.parse("2026-11-27T09:52:00Z"));
        assertThat(verdict.staleAt()).isNull();
        assertThat(verdict.reason()).isEqualTo("NotSeen");
        assertThat(verdict.message()).contains("2026-11-27T09:50:00Z").contains("2m");
    }

    @Test
    void theVerdictTurnsAtTheExactInstant() {
        VPNPeer peer = VPNPeerFixture.peer("a").publicKey("k").lastSeen("2026-11-27T09:58:00Z").build();

        assertThat(PeerLiveness.judge(peer, NOW.minusMillis(1), TWO_MINUTES).active()).isTrue();
        assertThat(PeerLiveness.judge(peer, NOW, TWO_MINUTES).active()).isFalse();
    }

    @Test
    void anEarlierInactiveSinceIsKeptWhileThePeerStaysSilent() {
        VPNPeer peer = VPNPeerFixture.peer("a").publicKey("k").lastSeen("2026-11-27T09:50:00Z").build();
        peer.getStatus().setInactiveSince("2026-11-27T09:52:00Z");

        assertThat(PeerLiveness.judge(peer, NOW.plusSeconds(3600), TWO_MINUTES).inactiveSince())
                .isEqualTo(Instant.parse("2026-11-27T09:52:00Z"));
    }

    @Test
    void messageStaysTheSameAcrossHeartbeatsSoTheyCauseNoStatusWrites() {
        VPNPeer first = VPNPeerFixture.peer("a").publicKey("k").lastSeen("2026-11-27T09:59:50Z").build();
        VPNPeer second = VPNPeerFixture.peer("a").publicKey("k").lastSeen("2026-11-27T09:59:59Z").build();

        assertThat(PeerLiveness.judge(first, NOW, TWO_MINUTES).message())
                .isEqualTo(PeerLiveness.judge(second, NOW, TWO_MINUTES).message());
    }

    @Test
    void peerThatNeverReportedGetsTheGracePeriodFromItsCreation() {
        VPNPeer peer = VPNPeerFixture.peer("a").publicKey("k").build();
        peer.getMetadata().setCreationTimestamp("2026-11-27T09:59:00Z");

        assertThat(PeerLiveness.judge(peer, NOW, TWO_MINUTES).staleAt()).isEqualTo(Instant.parse("2026-11-27T10:01:00Z"));
        PeerLiveness.Verdict later = PeerLiveness.judge(peer, NOW.plusSeconds(60), TWO_MINUTES);
        assertThat(later.active()).isFalse();
        assertThat(later.reason()).isEqualTo("NeverSeen");
    }

    @Test
    void unreadableLastSeenCountsAsNeverSeen() {
        VPNPeer peer = VPNPeerFixture.peer("a").publicKey("k").lastSeen("yesterday").build();
        peer.getMetadata().setCreationTimestamp("2026-11-27T09:00:00Z");

        assertThat(PeerLiveness.judge(peer, NOW, TWO_MINUTES).reason()).isEqualTo("NeverSeen");
    }
}
