package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.testing.VPNPeerFixture;

class AgentHeartbeatsTest {

    @Test
    void aLimitUnderTwoOfTheAgentsHeartbeatsIsRefusedForThatNode() {
        AgentHeartbeats heartbeats = new AgentHeartbeats(Duration.ofSeconds(90));
        assertThat(heartbeats.inactiveAfter(peer(60))).isEqualTo(Duration.ofSeconds(120));
        assertThat(heartbeats.inactiveAfter(peer(30))).isEqualTo(Duration.ofSeconds(90));
        assertThat(heartbeats.inactiveAfter(peer(null))).isEqualTo(Duration.ofSeconds(90));
    }

    private static VPNPeer peer(Integer heartbeatSeconds) {
        return VPNPeerFixture.peer("edge-" + heartbeatSeconds).heartbeatSeconds(heartbeatSeconds).build();
    }
}
