package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.mesh.PeerActivity.State;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerStatus;
import io.edgefed.model.testing.VPNPeerFixture;

class PeerActivityTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    /** A record without a status when {@code inactiveSince} is null. */
    static VPNPeer peer(String inactiveSince) {
        VPNPeerFixture peer = VPNPeerFixture.peer("edge-1");
        return (inactiveSince == null ? peer : peer.inactiveSince(inactiveSince)).build();
    }

    @Test
    void aPeerWithoutInactiveSinceIsActive() {
        assertThat(PeerActivity.judge(peer(null), NOW, HOUR).state()).isEqualTo(State.ACTIVE);
        VPNPeer withStatus = peer(null);
        withStatus.setStatus(new VPNPeerStatus());
        assertThat(PeerActivity.judge(withStatus, NOW, HOUR).state()).isEqualTo(State.ACTIVE);
    }

    @Test
    void anInactivePeerIsGoneOnlyAfterTheLimit() {
        assertThat(PeerActivity.judge(peer("2026-11-27T09:01:00Z"), NOW, HOUR).state()).isEqualTo(State.INACTIVE);
        assertThat(PeerActivity.judge(peer("2026-11-27T09:00:00Z"), NOW, HOUR).state()).isEqualTo(State.INACTIVE);
        assertThat(PeerActivity.judge(peer("2026-11-27T08:59:59Z"), NOW, HOUR).state()).isEqualTo(State.GONE);
        assertThat(PeerActivity.judge(peer("2026-11-27T10:30:00+02:00"), NOW, HOUR).state()).as("08:30 UTC").isEqualTo(State.GONE);
        assertThat(PeerActivity.judge(peer("2026-11-27T10:05:00Z"), NOW, HOUR).state()).as("the operator's clock is ahead")
                .isEqualTo(State.INACTIVE);
    }

    @Test
    void anUnparsableTimeMeansInactiveButNeverGoneAndSaysWhy() {
        PeerActivity.Verdict verdict = PeerActivity.judge(peer("last tuesday"), NOW, HOUR);
        assertThat(verdict.state()).isEqualTo(State.INACTIVE);
        assertThat(verdict.note()).contains("'last tuesday'");
    }
}
