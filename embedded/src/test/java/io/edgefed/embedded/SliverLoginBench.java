package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.containers.testing.OpenSsh;

/**
 * The figure experimenters feel: from sending Allocate to the first successful SSH login to the booked sliver, with
 * the sliver image present, on the embedded default with real containers. Omni's calls as omni sends them, then
 * Describe and {@code ssh -i <key> -p P alice@localhost true} tried every 100 ms until it succeeds. Five rounds, each
 * deleting the slice afterwards; prints every round and the median, and writes them to target/bench/.
 */
@Tag("bench")
class SliverLoginBench {

    private static final Path DIR = Path.of("target", "sliver-login-bench").toAbsolutePath();
    private static final int ROUNDS = 5;
    private static ContainerTestbed testbed;

    @BeforeAll
    static void startTestbed() throws Exception {
        testbed = ContainerTestbed.start(DIR);
    }

    @AfterAll
    static void stopTestbed() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void allocateAndProvisionToTheFirstLogin() throws Exception {
        List<Long> millis = new ArrayList<>();
        Path key = testbed.started.booking().sshKey();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            testbed.omniOk(ContainerTestbed.ALLOCATE);
            testbed.omniOk(ContainerTestbed.PROVISION);
            int port = awaitLoginPort();
            while (OpenSsh.login(key, port, "alice", "localhost", List.of(), "true").exitCode() != 0) {
                assertThat(System.nanoTime() - start).as("first login within 2 minutes")
                        .isLessThan(Duration.ofMinutes(2).toNanos());
                Thread.sleep(100);
            }
            millis.add((System.nanoTime() - start) / 1_000_000);
            testbed.omniOk(ContainerTestbed.DELETE);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(testbed.containers()).isEmpty());
        }
        List<Long> sorted = millis.stream().sorted().toList();
        String report = "Allocate + Provision to the first SSH login (embedded default, " + testbed.engine.name()
                + ", image present, two slivers, login to node0): rounds " + millis + " ms, median "
                + sorted.get(sorted.size() / 2) + " ms\n";
        System.out.print(report);
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "sliver-login.txt"), report);
    }

    private static int awaitLoginPort() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Integer> ports = testbed.loginPorts();
            if (ports.containsKey("node0")) {
                return ports.get("node0");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Describe named no login for node0 within 60 s");
    }
}
