package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;
import io.edgefed.model.testing.VPNPeerFixture;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

class DepartedNodeTest {

    private static Node node(String uid) {
        return new NodeBuilder().withNewMetadata().withName("n").withUid(uid).endMetadata().build();
    }

    private static VPNPeer ownedBy(String uid) {
        VPNPeer peer = VPNPeerFixture.peer("n").publicKey("k").build();
        peer.getMetadata().getOwnerReferences().add(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                .withName("n").withUid(uid).build());
        return peer;
    }

    @Test
    void aPeerWhoseNodeHasNotJoinedYetHasNotDeparted() {
        assertThat(DepartedNode.departed(VPNPeerFixture.peer("n").publicKey("k").build(), Optional.empty())).isFalse();
    }

    @Test
    void aPeerOwnedByTheNodeThatExistsHasNotDeparted() {
        assertThat(DepartedNode.departed(ownedBy("uid-1"), Optional.of(node("uid-1")))).isFalse();
    }

    @Test
    void aPeerWhoseOwningNodeIsGoneHasDeparted() {
        assertThat(DepartedNode.departed(ownedBy("uid-1"), Optional.empty())).isTrue();
    }

    @Test
    void aNodeRegisteredAgainUnderTheSameNameIsAnotherOwnerAsForTheGarbageCollector() {
        assertThat(DepartedNode.departed(ownedBy("uid-1"), Optional.of(node("uid-2")))).isTrue();
    }
}
