package io.edgefed.agent;

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
        assertThat(selector.observe(Set.of("b"), Map.of(), t0)).isFalse();
        assertThat(selector.observe(Set.of("b"), Map.of(), t0.plusSeconds(29))).isFalse();
        assertThat(selector.relayed()).isEmpty();
        assertThat(selector.observe(Set.of("b"), Map.of(), t0.plusSeconds(30))).isTrue();
        assertThat(selector.relayed()).containsExactly("b");
    }

    @Test
    void aFreshDirectSessionKeepsThePeerDirect() {
        selector.observe(Set.of("b"), Map.of("b", t0.plusSeconds(3)), t0);
        assertThat(selector.observe(Set.of("b"), Map.of("b", t0.plusSeconds(120)), t0.plusSeconds(200))).isFalse();
        assertThat(selector.relayed()).isEmpty();
    }

    @Test
    void theRelayedPeerComesBackOnlyAfterADirectHandshakeHeldForTheHoldTime() {
        selector.observe(Set.of("b"), Map.of(), t0);
        selector.observe(Set.of("b"), Map.of(), t0.plusSeconds(30));
        Instant handshake = t0.plusSeconds(40);
        assertThat(selector.observe(Set.of("b"), Map.of("b", handshake), t0.plusSeconds(41))).isFalse();
        assertThat(selector.observe(Set.of("b"), Map.of("b", handshake), t0.plusSeconds(100))).isFalse();
        assertThat(selector.relayed()).containsExactly("b");
        assertThat(selector.observe(Set.of("b"), Map.of("b", handshake), t0.plusSeconds(101))).isTrue();
        assertThat(selector.relayed()).isEmpty();
    }

    @Test
    void aHandshakeFromBeforeTheSwitchDoesNotBringThePeerBack() {
        Instant old = t0.minusSeconds(170);
        selector.observe(Set.of("b"), Map.of("b", old), t0);
        selector.observe(Set.of("b"), Map.of("b", old), t0.plusSeconds(31)); // 201 s old: dead session
        assertThat(selector.relayed()).containsExactly("b");
        selector.observe(Set.of("b"), Map.of("b", old), t0.plusSeconds(200));
        assertThat(selector.relayed()).containsExactly("b");
    }

    @Test
    void peersThatCanNoLongerBeRelayedAreForgotten() {
        selector.observe(Set.of("b"), Map.of(), t0);
        selector.observe(Set.of("b"), Map.of(), t0.plusSeconds(31));
        assertThat(selector.observe(Set.of(), Map.of(), t0.plusSeconds(32))).isTrue();
        assertThat(selector.relayed()).isEmpty();
    }
}
