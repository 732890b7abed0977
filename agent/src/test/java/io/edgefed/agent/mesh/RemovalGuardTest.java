package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.TestPeers;

class RemovalGuardTest {

    final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    final RemovalGuard guard = new RemovalGuard(0.5, Duration.ofMinutes(5));

    @Test
    void aFewPeersLeavingAreRemovedOnceNoMoreRemovalsCameWithThem() {
        DeviceChange change = change(3, 1);
        assertThat(guard.filter(change, 10, true, t0).peers()).hasSize(1);
        assertThat(guard.settlesAfter(t0)).isEqualTo(t0.plus(RemovalGuard.SETTLE));
        assertThat(guard.settlesAfter(t0.plus(RemovalGuard.SETTLE))).isNull();
        assertThat(guard.filter(change, 10, true, t0.plus(RemovalGuard.SETTLE))).isEqualTo(change);
        assertThat(guard.holding()).isFalse();
    }

    @Test
    void deletionsArrivingOneByOneAreJudgedTogether() {
        DeviceChange.PeerChange first = new DeviceChange.RemovePeer(TestPeers.key());
        DeviceChange.PeerChange second = new DeviceChange.RemovePeer(TestPeers.key());
        assertThat(guard.filter(new DeviceChange(null, null, List.of(first)), 3, true, t0).peers()).isEmpty();
        DeviceChange both = new DeviceChange(null, null, List.of(first, second));
        assertThat(guard.filter(both, 3, true, t0.plusMillis(20)).peers()).isEmpty();
        assertThat(guard.filter(both, 3, true, t0.plusSeconds(10)).peers()).isEmpty();
        assertThat(guard.holding()).isTrue();
    }

    @Test
    void whenTheApiSuddenlyListsNothingThePeersStayUntilTheGraceTimeHasPassed() {
        DeviceChange wipe = change(10, 0);
        assertThat(guard.filter(wipe, 10, true, t0).peers()).isEmpty();
        assertThat(guard.holding()).isTrue();
        assertThat(guard.filter(wipe, 10, true, t0.plusSeconds(299)).peers()).isEmpty();
        assertThat(guard.filter(wipe, 10, true, t0.plusSeconds(300))).isEqualTo(wipe);
    }

    @Test
    void additionsGoThroughWhileRemovalsAreHeldAndTheHoldEndsWhenThePeersComeBack() {
        DeviceChange mixed = change(6, 2);
        DeviceChange allowed = guard.filter(mixed, 8, true, t0);
        assertThat(allowed.peers()).hasSize(2).allMatch(p -> p instanceof DeviceChange.AddPeer);
        assertThat(guard.filter(change(1, 0), 8, true, t0.plusSeconds(10)).peers()).isEmpty();
        assertThat(guard.holding()).isFalse();
        // A new wipe starts a new grace period.
        assertThat(guard.filter(change(8, 0), 8, true, t0.plusSeconds(400)).peers()).isEmpty();
    }

    @Test
    void withoutTheOwnRecordNoPeerIsRemovedEvenAfterTheGraceTime() {
        DeviceChange one = change(1, 0);
        assertThat(guard.filter(one, 10, false, t0).peers()).isEmpty();
        assertThat(guard.filter(one, 10, false, t0.plusSeconds(3600)).peers()).isEmpty();
        assertThat(guard.filter(one, 10, true, t0.plusSeconds(3601))).isEqualTo(one);
        assertThat(guard.holding()).isFalse();
    }

    @Test
    void aPeerStillMissingAfterTheOthersCameBackStaysUntilTheGraceTimeHasPassed() {
        DeviceChange.PeerChange slow = new DeviceChange.RemovePeer(TestPeers.key());
        DeviceChange.PeerChange quick = new DeviceChange.RemovePeer(TestPeers.key());
        DeviceChange wipe = new DeviceChange(null, null, List.of(slow, quick));
        assertThat(guard.filter(wipe, 2, false, t0).peers()).isEmpty();
        // The own record and one peer's record are back; the other peer's agent has not noticed the loss yet.
        DeviceChange oneLeft = new DeviceChange(null, null, List.of(slow));
        assertThat(guard.filter(oneLeft, 2, true, t0.plusSeconds(5)).peers()).isEmpty();
        assertThat(guard.filter(oneLeft, 2, true, t0.plusSeconds(60)).peers()).isEmpty();
        assertThat(guard.holding()).isTrue();
        assertThat(guard.filter(oneLeft, 2, true, t0.plusSeconds(300))).isEqualTo(oneLeft);
        assertThat(guard.holding()).isFalse();
    }

    @Test
    void theShareMustBeAFraction() {
        assertThatThrownBy(() -> new RemovalGuard(1.5, Duration.ofMinutes(5))).hasMessageContaining("EDGEFED_MASS_REMOVAL_SHARE");
    }

    private static DeviceChange change(int removals, int additions) {
        List<DeviceChange.PeerChange> peers = new ArrayList<>();
        for (int i = 0; i < removals; i++) {
            peers.add(new DeviceChange.RemovePeer(TestPeers.key()));
        }
        for (int i = 0; i < additions; i++) {
            peers.add(new DeviceChange.AddPeer(TestPeers.peer(TestPeers.key(), null, 0, "10.183.0." + (i + 1) + "/32")));
        }
        return new DeviceChange(null, null, peers);
    }
}
