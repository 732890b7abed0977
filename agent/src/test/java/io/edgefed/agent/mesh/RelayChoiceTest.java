package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RelayChoiceTest {

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void theLowestMeasuredRoundTripTimeWins() {
        assertThat(RelayChoice.choose(List.of("a", "b", "c"), Map.of("a", ms(40), "b", ms(9), "c", ms(15)), null)).isEqualTo("b");
    }

    @Test
    void relaysWithoutAMeasurementComeAfterMeasuredOnesByName() {
        assertThat(RelayChoice.choose(List.of("a", "b", "c"), Map.of("c", ms(300)), null)).isEqualTo("c");
        assertThat(RelayChoice.choose(List.of("c", "b"), Map.of(), null)).isEqualTo("b");
        assertThat(RelayChoice.choose(List.of(), Map.of("a", ms(1)), "a")).isNull();
    }

    @Test
    void theRelayInUseIsReplacedOnlyByOneAtLeastTwentyPercentAndFiveMillisecondsFaster() {
        List<String> both = List.of("a", "b");
        assertThat(RelayChoice.choose(both, Map.of("a", ms(30), "b", ms(26)), "a")).as("13%, 4 ms").isEqualTo("a");
        assertThat(RelayChoice.choose(both, Map.of("a", ms(100), "b", ms(84)), "a")).as("16%, 16 ms").isEqualTo("a");
        assertThat(RelayChoice.choose(both, Map.of("a", ms(6), "b", ms(2)), "a")).as("67%, 4 ms").isEqualTo("a");
        assertThat(RelayChoice.choose(both, Map.of("a", ms(25), "b", ms(20)), "a")).as("20%, 5 ms").isEqualTo("b");
        assertThat(RelayChoice.choose(both, Map.of("a", ms(40), "b", ms(25)), "a")).as("37%, 15 ms").isEqualTo("b");
        assertThat(RelayChoice.choose(both, Map.of("a", ms(25), "b", ms(40)), "b")).isEqualTo("a");
    }

    @Test
    void aRelayInUseThatNoLongerAnswersOrIsNoCandidateIsReplaced() {
        assertThat(RelayChoice.choose(List.of("a", "b"), Map.of("b", ms(60)), "a")).isEqualTo("b");
        assertThat(RelayChoice.choose(List.of("b", "c"), Map.of("a", ms(1), "c", ms(50)), "a")).isEqualTo("c");
    }

    @Test
    void withoutAnyMeasurementTheRelayInUseStays() {
        assertThat(RelayChoice.choose(List.of("a", "b"), Map.of(), "b")).isEqualTo("b");
    }
}
