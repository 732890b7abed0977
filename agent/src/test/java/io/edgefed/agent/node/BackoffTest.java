package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromOneSecondUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30));
        long[] waits = new long[7];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = backoff.next().toSeconds();
        }
        assertThat(waits).containsExactly(1, 2, 4, 8, 16, 30, 30);
    }

    @Test
    void aSuccessStartsOverAtOneSecond() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30));
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }
}
