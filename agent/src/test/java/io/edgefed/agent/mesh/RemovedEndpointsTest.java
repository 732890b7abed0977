package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.PeerConfig;
import io.edgefed.agent.wireguard.TestPeers;

class RemovedEndpointsTest {

    final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    final RemovedEndpoints memory = new RemovedEndpoints();

    @Test
    void aPeerAddedAgainSoonAfterItsRemovalGetsTheEndpointItWasReachedAt() {
        PeerConfig roamed = TestPeers.peer(TestPeers.key(), "198.51.100.7:40000", 0, "10.183.0.5/32");
        DeviceState actual = new DeviceState(null, 51820, Map.of(roamed.publicKey(), new DeviceState.Peer(roamed, t0, 10, 10)));
        memory.apply(new DeviceChange(null, null, List.of(new DeviceChange.RemovePeer(roamed.publicKey()))), actual, t0);
        PeerConfig again = TestPeers.peer(roamed.publicKey(), null, 0, "10.183.0.5/32");
        DeviceChange add = memory.apply(new DeviceChange(null, null, List.of(new DeviceChange.AddPeer(again))),
                new DeviceState(null, 51820, Map.of()), t0.plusSeconds(5));
        assertThat(((DeviceChange.AddPeer) add.peers().get(0)).peer().endpoint()).isEqualTo(roamed.endpoint());
    }

    @Test
    void theMemoryFadesAndNeverOverridesAnEndpointThePlanKnows() {
        PeerConfig roamed = TestPeers.peer(TestPeers.key(), "198.51.100.7:40000", 0, "10.183.0.5/32");
        DeviceState actual = new DeviceState(null, 51820, Map.of(roamed.publicKey(), new DeviceState.Peer(roamed, t0, 10, 10)));
        memory.apply(new DeviceChange(null, null, List.of(new DeviceChange.RemovePeer(roamed.publicKey()))), actual, t0);
        PeerConfig announced = TestPeers.peer(roamed.publicKey(), "203.0.113.5:51820", 0, "10.183.0.5/32");
        DeviceChange withEndpoint = memory.apply(new DeviceChange(null, null, List.of(new DeviceChange.AddPeer(announced))),
                new DeviceState(null, 51820, Map.of()), t0.plusSeconds(5));
        assertThat(((DeviceChange.AddPeer) withEndpoint.peers().get(0)).peer().endpoint()).isEqualTo(announced.endpoint());
        PeerConfig late = TestPeers.peer(roamed.publicKey(), null, 0, "10.183.0.5/32");
        DeviceChange afterLong = memory.apply(new DeviceChange(null, null, List.of(new DeviceChange.AddPeer(late))),
                new DeviceState(null, 51820, Map.of()), t0.plus(RemovedEndpoints.KEPT).plusSeconds(1));
        assertThat(((DeviceChange.AddPeer) afterLong.peers().get(0)).peer().endpoint()).isNull();
    }
}
