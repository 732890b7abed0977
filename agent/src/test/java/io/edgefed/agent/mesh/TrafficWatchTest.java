package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TrafficWatchTest {

    final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    final TrafficWatch watch = new TrafficWatch(Duration.ofSeconds(10), Duration.ofSeconds(11), Duration.ofSeconds(25));

    @Test
    void aQuietPeerIsProbedOnceAndDeadWhenTheProbeGetsNoByteBack() {
        assertThat(watch.observe(Map.of("b", 100L), t0).probe()).isEmpty();
        assertThat(watch.observe(Map.of("b", 100L), t0.plusSeconds(9)).probe()).isEmpty();
        assertThat(watch.observe(Map.of("b", 100L), t0.plusSeconds(10)).probe()).containsExactly("b");
        TrafficWatch.Verdict waiting = watch.observe(Map.of("b", 100L), t0.plusSeconds(20));
        assertThat(waiting.probe()).isEmpty();
        assertThat(waiting.dead()).isEmpty();
        assertThat(watch.observe(Map.of("b", 100L), t0.plusSeconds(21)).dead()).containsExactly("b");
    }

    @Test
    void anAnsweredProbeKeepsThePathAliveAndTheNextQuietSpellIsProbedAgain() {
        watch.observe(Map.of("b", 100L), t0);
        watch.observe(Map.of("b", 100L), t0.plusSeconds(10));
        TrafficWatch.Verdict answered = watch.observe(Map.of("b", 132L), t0.plusSeconds(12));
        assertThat(answered.dead()).isEmpty();
        assertThat(watch.observe(Map.of("b", 132L), t0.plusSeconds(21)).probe()).isEmpty();
        assertThat(watch.observe(Map.of("b", 132L), t0.plusSeconds(22)).probe()).containsExactly("b");
        assertThat(watch.observe(Map.of("b", 164L), t0.plusSeconds(30)).dead()).isEmpty();
    }

    @Test
    void twoKeepaliveIntervalsOfSilenceAreDeadEvenWithoutAProbe() {
        TrafficWatch slowProbes = new TrafficWatch(Duration.ofSeconds(25), Duration.ofSeconds(60), Duration.ofSeconds(25));
        slowProbes.observe(Map.of("b", 100L), t0);
        slowProbes.observe(Map.of("b", 100L), t0.plusSeconds(25));
        assertThat(slowProbes.observe(Map.of("b", 100L), t0.plusSeconds(49)).dead()).isEmpty();
        assertThat(slowProbes.observe(Map.of("b", 100L), t0.plusSeconds(50)).dead()).containsExactly("b");
    }

    @Test
    void aPeerLeavingTheWatchStartsAfreshWhenItComesBack() {
        watch.observe(Map.of("b", 100L), t0);
        watch.observe(Map.of("b", 100L), t0.plusSeconds(10));
        watch.observe(Map.of(), t0.plusSeconds(11));
        assertThat(watch.observe(Map.of("b", 100L), t0.plusSeconds(30)).dead()).isEmpty();
        assertThat(watch.observe(Map.of("b", 100L), t0.plusSeconds(31)).probe()).isEmpty();
    }

    @Test
    void theQuietTimeFitsTheRelayDeadline() {
        assertThat(TrafficWatch.quietFor(Duration.ofSeconds(30), Duration.ofSeconds(25))).isEqualTo(Duration.ofSeconds(10));
        assertThat(TrafficWatch.quietFor(Duration.ofSeconds(3), Duration.ofSeconds(25))).isEqualTo(Duration.ofSeconds(2));
        assertThat(TrafficWatch.quietFor(Duration.ofMinutes(5), Duration.ofSeconds(25))).isEqualTo(Duration.ofSeconds(25));
    }
}
