package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;

class PeerLivenessTest {

    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void recentlySeenPeerIsActiveUntilExactlyTwoMinutesAfterItsLastReport() {
        VPNPeer peer = Peers.seenAt(Peers.peer("a", "k", null, null), "2026-11-27T09:59:30Z");

        PeerLiveness.Verdict verdict = PeerLiveness.judge(peer, NOW, TWO_MINUTES);

        assertThat(verdict.active()).isTrue();
        assertThat(verdict.inactiveSince()).isNull();
        assertThat(verdict.staleAt()).isEqualTo(Instant.parse("2026-11-27T10:01:30Z"));
        assertThat(verdict.reason()).isEqualTo("Seen");
    }

    @Test
    void peerSilentForLongerThanTheLimitIsInactiveSinceTheMomentItTurnedStale() {
        VPNPeer peer = Peers.seenAt(Peers.peer("a", "k", null, null), "2026-11-27T09:50:00+00:00");

        PeerLiveness.Verdict verdict = PeerLiveness.judge(peer, NOW, TWO_MINUTES);

        assertThat(verdict.active()).isFalse();
        assertThat(verdict.inactiveSince()).isEqualTo(Instant.parse("2026-11-27T09:52:00Z"));
        assertThat(verdict.staleAt()).isNull();
        assertThat(verdict.reason()).isEqualTo("NotSeen");
        assertThat(verdict.message()).contains("2026-11-27T09:50:00Z").contains("2m");
    }

    @Test
    void theVerdictTurnsAtTheExactInstant() {
        VPNPeer peer = Peers.seenAt(Peers.peer("a", "k", null, null), "2026-11-27T09:58:00Z");

        assertThat(PeerLiveness.judge(peer, NOW.minusMillis(1), TWO_MINUTES).active()).isTrue();
        assertThat(PeerLiveness.judge(peer, NOW, TWO_MINUTES).active()).isFalse();
    }

    @Test
    void anEarlierInactiveSinceIsKeptWhileThePeerStaysSilent() {
        VPNPeer peer = Peers.seenAt(Peers.peer("a", "k", null, null), "2026-11-27T09:50:00Z");
        peer.getStatus().setInactiveSince("2026-11-27T09:52:00Z");

        assertThat(PeerLiveness.judge(peer, NOW.plusSeconds(3600), TWO_MINUTES).inactiveSince())
                .isEqualTo(Instant.parse("2026-11-27T09:52:00Z"));
    }

    @Test
    void messageStaysTheSameAcrossHeartbeatsSoTheyCauseNoStatusWrites() {
        VPNPeer first = Peers.seenAt(Peers.peer("a", "k", null, null), "2026-11-27T09:59:50Z");
        VPNPeer second = Peers.seenAt(Peers.peer("a", "k", null, null), "2026-11-27T09:59:59Z");

        assertThat(PeerLiveness.judge(first, NOW, TWO_MINUTES).message())
                .isEqualTo(PeerLiveness.judge(second, NOW, TWO_MINUTES).message());
    }

    @Test
    void peerThatNeverReportedGetsTheGracePeriodFromItsCreation() {
        VPNPeer peer = Peers.peer("a", "k", null, null);
        peer.getMetadata().setCreationTimestamp("2026-11-27T09:59:00Z");

        assertThat(PeerLiveness.judge(peer, NOW, TWO_MINUTES).staleAt()).isEqualTo(Instant.parse("2026-11-27T10:01:00Z"));
        PeerLiveness.Verdict later = PeerLiveness.judge(peer, NOW.plusSeconds(60), TWO_MINUTES);
        assertThat(later.active()).isFalse();
        assertThat(later.reason()).isEqualTo("NeverSeen");
    }

    @Test
    void unreadableLastSeenCountsAsNeverSeen() {
        VPNPeer peer = Peers.seenAt(Peers.peer("a", "k", null, null), "yesterday");
        peer.getMetadata().setCreationTimestamp("2026-11-27T09:00:00Z");

        assertThat(PeerLiveness.judge(peer, NOW, TWO_MINUTES).reason()).isEqualTo("NeverSeen");
    }
}
