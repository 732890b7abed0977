package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AgentHealthTest {

    @Test
    void theLoopIsAliveWithinThreeResyncPeriodsAndHalfAMinuteOfItsLastRun() {
        AgentHealth health = new AgentHealth();
        health.loopRan();
        Instant ran = health.lastLoop();
        Duration resync = Duration.ofSeconds(10);
        assertThat(health.loopAlive(resync, ran.plusSeconds(59))).isTrue();
        assertThat(health.loopAlive(resync, ran.plusSeconds(60))).as("60 s after: stuck").isFalse();
        assertThat(health.loopAlive(Duration.ofSeconds(20), ran.plusSeconds(89))).isTrue();
    }
}
