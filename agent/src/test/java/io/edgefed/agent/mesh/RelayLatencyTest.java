package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.wireguard.Addresses;

class RelayLatencyTest {

    static final InetAddress A = Addresses.parseLiteral("10.183.0.10");
    static final InetAddress B = Addresses.parseLiteral("10.183.0.11");
    static final InetAddress C = Addresses.parseLiteral("fd65:6466:6564::12");
    static final InetAddress D = Addresses.parseLiteral("10.183.0.13");

    @Test
    void keepsTheFiguresOfRelaysThatAnsweredAndOnlyOfCurrentCandidates() {
        RelayLatency.Probe probe = (address, timeout) -> {
            if (address.equals(A)) {
                return Duration.ofMillis(12);
            }
            if (address.equals(B)) {
                return null; // no answer within the timeout
            }
            if (address.equals(C)) {
                throw new IOException("network unreachable");
            }
            throw new IllegalStateException("a bug in the probe");
        };
        try (RelayLatency latency = new RelayLatency(Duration.ofHours(1), Duration.ofSeconds(1), probe)) {
            latency.measure(Map.of("a", A, "b", B, "c", C, "d", D));
            latency.measureAll();
            assertThat(latency.latest()).containsExactly(Map.entry("a", Duration.ofMillis(12)));
            latency.measure(Map.of("b", B));
            latency.measureAll();
            assertThat(latency.latest()).isEmpty();
        }
    }

    @Test
    void newCandidatesAreMeasuredOnItsOwnThreadWithoutWaitingForThem() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        RelayLatency.Probe slow = (address, timeout) -> {
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Duration.ofMillis(7);
        };
        try (RelayLatency latency = new RelayLatency(Duration.ofHours(1), Duration.ofSeconds(1), slow)) {
            long start = System.nanoTime();
            latency.measure(Map.of("a", A));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(latency.latest()).isEmpty();
            answer.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (latency.latest().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(latency.latest()).containsEntry("a", Duration.ofMillis(7));
        }
    }
}
