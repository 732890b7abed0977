package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The path counts kubectl prints are the paths' own. */
class VPNPeerStatusTest {

    @Test
    void theCountsAreThePathsByMode() {
        VPNPeerStatus status = new VPNPeerStatus();
        Map<String, PeerPath> paths = new LinkedHashMap<>();
        paths.put("relay", new PeerPath(PeerPath.Mode.DIRECT, null, "203.0.113.1:51820", null));
        paths.put("home-b", new PeerPath(PeerPath.Mode.RELAY, "relay", null, null));
        paths.put("home-c", new PeerPath(PeerPath.Mode.RELAY, "relay", null, null));
        paths.put("gone", new PeerPath(PeerPath.Mode.DOWN, null, null, null));
        paths.put("half-written", new PeerPath());
        status.setPaths(paths);
        status.countPaths();
        assertThat(status.getDirectPaths()).isEqualTo(1);
        assertThat(status.getRelayedPaths()).isEqualTo(2);
        assertThat(status.getDownPaths()).isEqualTo(1);

        status.setPaths(null);
        status.countPaths();
        assertThat(status.getDirectPaths()).isZero();
        assertThat(status.getRelayedPaths()).isZero();
        assertThat(status.getDownPaths()).isZero();
    }
}
