package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;

class SharedPublicKeysTest {

    private final List<VPNPeer> peers = List.of(Peers.peer("c", "K1", null, null), Peers.peer("a", "K1", null, null),
            Peers.peer("b", "K2", null, null), Peers.peer("d", "K1", null, null));

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
