package io.edgefed.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class HostLimitsTest {

    private static final Path PID_MAX = Path.of("/proc/sys/kernel/pid_max");

    /** A sysctl file ends at the first read's end: read piecemeal, "32768" came out as "3". */
    @Test
    void pidMaxIsReadWholeAsCatReadsIt() throws Exception {
        assumeTrue(Files.exists(PID_MAX), "no " + PID_MAX + " on this system");
        Process cat = new ProcessBuilder("cat", PID_MAX.toString()).start();
        long expected = Long.parseLong(new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        assertThat(cat.waitFor()).isZero();
        assertThat(HostLimits.pidMax()).hasValue(expected);
        assertThat(expected).isGreaterThan(300);
    }

    @Test
    void thisProcessMayHaveAsManyProcessesAsItsHardLimitAndPidMaxAllow() throws Exception {
        assumeTrue(Files.exists(PID_MAX), "no " + PID_MAX + " on this system");
        HostLimits limits = HostLimits.ofThisProcess();
        OptionalLong hard = HostLimits.parse(Files.readAllLines(Path.of("/proc/self/limits"))).processes();
        assumeTrue(hard.isPresent(), "the process limit is unlimited here");
        assertThat(limits.processes()).hasValue(Math.min(hard.getAsLong(), HostLimits.pidMax().orElseThrow()));
    }

    @Test
    void onlyTheFirstLineOfAFileCountsAndItMustBeANumber(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("value");
        Files.write(file, List.of(" 4194304 ", "12"));
        assertThat(HostLimits.firstNumber(file)).hasValue(4194304);
        Files.writeString(file, "max\n");
        assertThat(HostLimits.firstNumber(file)).isEmpty();
        Files.writeString(file, "");
        assertThat(HostLimits.firstNumber(file)).isEmpty();
        assertThat(HostLimits.firstNumber(dir.resolve("missing"))).isEmpty();
    }
}
