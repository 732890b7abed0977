package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PathSelectorTest {

    final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    final PathSelector selector = new PathSelector(Duration.ofSeconds(30), Duration.ofSeconds(60));

    @Test
    void aPeerWithoutDirectHandshakeGoesToTheRelayAfterTheTimeout() {
        assertThat(selector.observe(Set.of("b"), Map.of(), Set.of(), t0)).isFalse();
        assertThat(selector.observe(Set.of("b"), Map.of(), Set.of(), t0.plusSeconds(29))).isFalse();
        assertThat(selector.relayed()).isEmpty();
        assertThat(selector.observe(Set.of("b"), Map.of(), Set.of(), t0.plusSeconds(30))).isTrue();
        assertThat(selector.relayed()).containsExactly("b");
    }

    @Test
    void aFreshDirectSessionKeepsThePeerDirect() {
        selector.observe(Set.of("b"), direct(t0.plusSeconds(3), 100), Set.of(), t0);
        assertThat(selector.observe(Set.of("b"), direct(t0.plusSeconds(120), 900), Set.of(), t0.plusSeconds(200))).isFalse();
        assertThat(selector.relayed()).isEmpty();
    }

    @Test
    void aPathTheTrafficShowsDeadGoesToTheRelayAtOnceThoughItsHandshakeIsFresh() {
        Instant handshake = t0.minusSeconds(10);
        selector.observe(Set.of("b"), direct(handshake, 500), Set.of(), t0);
        assertThat(selector.observe(Set.of("b"), direct(handshake, 500), Set.of("b"), t0.plusSeconds(1))).isTrue();
        assertThat(selector.relayed()).containsExactly("b");
    }

    @Test
    void theRelayedPeerComesBackAsSoonAsTheDirectPathShowsLifeButAFlappingPathMustHold() {
        Instant handshake = t0.minusSeconds(10);
        selector.observe(Set.of("b"), direct(handshake, 500), Set.of("b"), t0);
        assertThat(selector.relayed()).containsExactly("b");
        // Nothing new on the direct peer: stays relayed, whatever the age of the old handshake.
        assertThat(selector.observe(Set.of("b"), direct(handshake, 500), Set.of(), t0.plusSeconds(20))).isFalse();
        // Bytes arrive on the direct peer (its keepalive got through): back at once.
        assertThat(selector.observe(Set.of("b"), direct(handshake, 532), Set.of(), t0.plusSeconds(25))).isTrue();
        assertThat(selector.relayed()).isEmpty();
        // Dead again within the hold time, back, dead again: the path flaps.
        selector.observe(Set.of("b"), direct(handshake, 532), Set.of("b"), t0.plusSeconds(50));
        assertThat(selector.observe(Set.of("b"), direct(handshake, 540), Set.of(), t0.plusSeconds(52))).isTrue();
        selector.observe(Set.of("b"), direct(handshake, 540), Set.of("b"), t0.plusSeconds(70));
        assertThat(selector.relayed()).containsExactly("b");
        assertThat(selector.observe(Set.of("b"), direct(handshake, 600), Set.of(), t0.plusSeconds(75))).isFalse();
        Instant newHandshake = t0.plusSeconds(76);
        assertThat(selector.observe(Set.of("b"), direct(newHandshake, 700), Set.of(), t0.plusSeconds(77))).isFalse();
        assertThat(selector.observe(Set.of("b"), direct(newHandshake, 800), Set.of(), t0.plusSeconds(136))).isFalse();
        assertThat(selector.relayed()).containsExactly("b");
        assertThat(selector.observe(Set.of("b"), direct(newHandshake, 900), Set.of(), t0.plusSeconds(137))).isTrue();
        assertThat(selector.relayed()).isEmpty();
    }

    @Test
    void aNewEndpointIsANewPathThatNeedsNoHoldAfterTheOldOneFlapped() {
        Instant handshake = t0.minusSeconds(10);
        selector.observe(Set.of("b"), direct(handshake, 500), Set.of("b"), t0);
        selector.observe(Set.of("b"), direct(handshake, 510), Set.of(), t0.plusSeconds(5));
        selector.observe(Set.of("b"), direct(handshake, 510), Set.of("b"), t0.plusSeconds(20));
        selector.observe(Set.of("b"), direct(handshake, 520), Set.of(), t0.plusSeconds(25));
        selector.observe(Set.of("b"), direct(handshake, 520), Set.of("b"), t0.plusSeconds(40));
        assertThat(selector.observe(Set.of("b"), direct(handshake, 530), Set.of(), t0.plusSeconds(45))).isFalse();
        selector.newEndpoint("b");
        assertThat(selector.observe(Set.of("b"), direct(handshake, 540), Set.of(), t0.plusSeconds(46))).isTrue();
        assertThat(selector.relayed()).isEmpty();
    }

    @Test
    void aHandshakeFromBeforeTheSwitchDoesNotBringThePeerBack() {
        Instant old = t0.minusSeconds(170);
        selector.observe(Set.of("b"), direct(old, 0), Set.of(), t0);
        selector.observe(Set.of("b"), direct(old, 0), Set.of(), t0.plusSeconds(31)); // 201 s old: dead session
        assertThat(selector.relayed()).containsExactly("b");
        selector.observe(Set.of("b"), direct(old, 0), Set.of(), t0.plusSeconds(200));
        assertThat(selector.relayed()).containsExactly("b");
    }

    @Test
    void peersThatCanNoLongerBeRelayedAreForgotten() {
        selector.observe(Set.of("b"), Map.of(), Set.of(), t0);
        selector.observe(Set.of("b"), Map.of(), Set.of(), t0.plusSeconds(31));
        assertThat(selector.observe(Set.of(), Map.of(), Set.of(), t0.plusSeconds(32))).isTrue();
        assertThat(selector.relayed()).isEmpty();
    }

    private static Map<String, PathSelector.Direct> direct(Instant handshake, long rx) {
        return Map.of("b", new PathSelector.Direct(handshake, rx));
    }
}
