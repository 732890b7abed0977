package io.edgefed.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerEngineTest {

    @Test
    void runsStayWithinTheHardLimitsOfThisHost() {
        HostLimits limits = HostLimits.parse(List.of(
                "Limit                     Soft Limit           Hard Limit           Units",
                "Max processes             96369                96369                processes",
                "Max open files            1024                 20000                files"));

        assertThat(limits.ulimitOptions())
                .containsExactly("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768");
    }

    @Test
    void aHostWithFewerProcessesGetsItsOwnLimit() {
        HostLimits limits = HostLimits.parse(List.of("Max processes             4096                 4096                 processes"));

        assertThat(limits.ulimitOptions()).containsExactly("--ulimit", "nproc=4096:4096");
    }

    @Test
    void aProcessLimitReadAsAHandfulStillLetsAJvmStart() {
        HostLimits limits = HostLimits.parse(List.of("Max processes             3                    3                    processes"));

        assertThat(limits.ulimitOptions()).containsExactly("--ulimit", "nproc=1024:1024");
    }

    @Test
    void processesStayWithinTheKernelsPidMax() {
        HostLimits limits = HostLimits.parse(List.of(
                "Max processes             96369                96369                processes",
                "Max open files            20000                20000                files"))
                .withProcessesAtMost(java.util.OptionalLong.of(32768));

        assertThat(limits.ulimitOptions())
                .containsExactly("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768");
    }

    @Test
    void anUnlimitedHostAsksForNoMoreThanAClusterGives() {
        HostLimits limits = HostLimits.parse(List.of(
                "Max processes             unlimited            unlimited            processes",
                "Max open files            1073741816           1073741816           files"));

        assertThat(limits.ulimitOptions()).containsExactly("--ulimit", "nofile=1048576:1048576");
    }

    @Test
    void anUnknownChoiceNamesTheValuesItTakes() {
        assertThatThrownBy(() -> ContainerEngine.Choice.parse("kata"))
                .hasMessageContaining("'kata'").hasMessageContaining("auto, podman, docker or none");
        assertThat(ContainerEngine.Choice.parse(" Podman ")).isEqualTo(ContainerEngine.Choice.PODMAN);
        assertThat(ContainerEngine.find(ContainerEngine.Choice.NONE)).isEmpty();
    }

    @Test
    void anEngineThatAnswersRunsCommandsAndReportsFailuresWithTheirReason() throws Exception {
        Optional<ContainerEngine> found = ContainerEngine.find(ContainerEngine.Choice.AUTO);
        assumeTrue(found.isPresent(), "no container engine answers here (install podman to run this test)");
        ContainerEngine engine = found.get();

        assertThat(engine.run(List.of("version"), Duration.ofSeconds(30)).succeeded()).isTrue();
        ContainerEngine.Result missing = engine.run(List.of("image", "inspect", "localhost/edgefed-no-such-image:0"),
                Duration.ofSeconds(30));
        assertThat(missing.succeeded()).isFalse();
        assertThat(missing.reason()).contains("localhost/edgefed-no-such-image:0");
    }
}
