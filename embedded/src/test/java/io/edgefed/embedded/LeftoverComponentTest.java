package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverComponentTest {

    @TempDir
    Path logs;

    @Test
    void aComponentAnEarlierRunLeftIsStoppedSoTheNextStartGetsItsPorts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path runner = logs.resolve("operator/target/quarkus-app/quarkus-run.jar");
        Process leftover = new ProcessBuilder("/bin/sh", "-c", "sleep 300; :", runner.toString()).start();
        Path pidFile = LeftoverComponent.pidFile(logs, "operator");
        LeftoverComponent.record(pidFile, leftover);

        assertThat(LeftoverComponent.stop(pidFile, runner)).isTrue();
        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("the leftover has stopped").isTrue();
    }

    @Test
    void aRecordedPidNowRunningAnotherProgramIsLeftAlone() throws Exception {
        Process other = new ProcessBuilder("/bin/sh", "-c", "sleep 300; :", "not-edgefed").start();
        try {
            Path pidFile = LeftoverComponent.pidFile(logs, "am");
            LeftoverComponent.record(pidFile, other);

            assertThat(LeftoverComponent.stop(pidFile, logs.resolve("am/target/quarkus-app/quarkus-run.jar"))).isFalse();
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void noPidFileOrAGarbledOneStopsNothing() throws Exception {
        Path runner = logs.resolve("console/target/quarkus-app/quarkus-run.jar");
        assertThat(LeftoverComponent.stop(LeftoverComponent.pidFile(logs, "console"), runner)).isFalse();
        Files.writeString(LeftoverComponent.pidFile(logs, "console"), "1; rm -rf /");
        assertThat(LeftoverComponent.stop(LeftoverComponent.pidFile(logs, "console"), runner)).isFalse();
    }
}
