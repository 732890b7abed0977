package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.testing.VPNPeerFixture;

class SharedPublicKeysTest {

    private final List<VPNPeer> peers = List.of(VPNPeerFixture.peer("c").publicKey("K1").build(), VPNPeerFixture.peer("a").publicKey("K1").build(),
            VPNPeerFixture.peer("b").publicKey("K2").build(), VPNPeerFixture.peer("d").publicKey("K1").build());

    @Test
    void theOtherHoldersOfAKeyAreNamedInOrder() {
        assertThat(SharedPublicKeys.holdersOf("K1", "a", peers)).containsExactly("c", "d");
    }

    @Test
    void aUniqueOrMissingKeyIsSharedWithNobody() {
        assertThat(SharedPublicKeys.holdersOf("K2", "b", peers)).isEmpty();
        assertThat(SharedPublicKeys.holdersOf(null, "x", peers)).isEmpty();
    }
}
