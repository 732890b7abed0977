package io.edgefed.model.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;

/** The other modules' tests rely on these rules: a record has a spec or a status only when given one. */
class VPNPeerFixtureTest {

    @Test
    void aBareRecordHasANameAndNeitherSpecNorStatus() {
        VPNPeer peer = VPNPeerFixture.peer("edge-1").build();
        assertThat(peer.getMetadata().getName()).isEqualTo("edge-1");
        assertThat(peer.getSpec()).isNull();
        assertThat(peer.getStatus()).isNull();
    }

    @Test
    void aSpecListensOn51820UnlessToldAndAStatusCarriesWhatWasGiven() {
        VPNPeer peer = VPNPeerFixture.peer("edge-2").created("2026-01-01T00:00:00Z").publicKey("k=")
                .addresses("10.183.0.2", null).behindNat(true)
                .paths(Map.of("pub", new PeerPath(PeerPath.Mode.DIRECT, null, null, null))).build();
        assertThat(peer.getMetadata().getCreationTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(peer.getSpec().getListenPort()).isEqualTo(51820);
        assertThat(peer.getSpec().getAddressV4()).isEqualTo("10.183.0.2");
        assertThat(peer.getSpec().getAddressV6()).isNull();
        assertThat(peer.getSpec().isBehindNat()).isTrue();
        assertThat(peer.getSpec().isRelay()).isFalse();
        assertThat(peer.getStatus().getPaths()).containsOnlyKeys("pub");
        assertThat(peer.getStatus().getLastSeen()).isNull();

        assertThat(VPNPeerFixture.peer("edge-3").listenPort(4242).build().getSpec().getListenPort()).isEqualTo(4242);
        assertThat(VPNPeerFixture.peer("edge-4").heartbeatSeconds(30).build().getSpec()).isNull();
    }
}
