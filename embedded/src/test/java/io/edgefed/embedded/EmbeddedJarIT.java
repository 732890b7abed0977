package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgefed.containers.ContainerEngine;

/**
 * {@code java -jar embedded/target/edgefed-embedded.jar} as a user starts it: what it prints before the banner, and
 * that no container outlives it, whether it is stopped with Ctrl-C or killed with -9 in the middle of a booking (the
 * next start removes what the killed run left).
 */
class EmbeddedJarIT {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "edgefed-embedded.jar").toAbsolutePath();
    private static final Path DIR = Path.of("target", "jar-run").toAbsolutePath();
    private static final String BANNER_FIRST_LINE = "edgefed embedded testbed is up";
    private static final Duration START = Duration.ofSeconds(180);

    private static ContainerEngine engine;
    private final List<Process> started = new ArrayList<>();

    /** A started jar: its process, everything it printed up to and including the banner, and what follows. */
    record Run(Process process, List<String> beforeBanner, List<String> banner, BlockingQueue<String> rest) {

        List<String> omniCommands() {
            return banner.stream().map(String::strip).filter(line -> line.startsWith("omni -c ")).toList();
        }
    }

    @BeforeAll
    static void requireTheBuild() {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not built (this test runs in the integration-test phase)");
        for (String app : List.of("operator", "am", "console")) {
            assumeTrue(Files.isRegularFile(HOME.resolve(app + "/target/quarkus-app/quarkus-run.jar")),
                    app + " is not built; run ./mvnw -B install -DskipTests (or the whole build) first");
        }
        engine = ContainerEngine.find(ContainerEngine.Choice.AUTO).orElse(null);
    }

    @AfterEach
    void stopWhatStarted() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One test, as each start of the jar costs about half a minute here: what comes before the banner, then (with an
     * engine) a booking killed with -9, the next start, and Ctrl-C.
     */
    @Test
    void nothingButTheBannerComesFirstAndNoContainerOutlivesTheTestbedKilledOrStopped() throws Exception {
        List<String> ports = ports();
        Run first = start(ports);
        // Blank lines only, or the note that the sliver image is being built (on a machine where it was not yet).
        assertThat(first.beforeBanner()).as("printed before the banner").allSatisfy(line -> assertThat(line)
                .matches("\\s*|edgefed-embedded: (building|no registry answers) .*"));
        assertThat(String.join("\n", first.banner())).doesNotContain("SLF4J", "Logmanager", "Exception")
                .contains("ssh -i " + DIR.resolve("authority").resolve("alice_ed25519"));
        assumeTrue(engine != null, "no container engine answers here (bash .ci/install-test-packages installs podman):"
                + " the banner was checked, the containers cannot be");
        book(first);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(containers()).hasSize(2));

        // kill -9 of the testbed's own process only, as an out-of-memory killer does it: no shutdown hook runs, and its
        // children (the operator, the AM, the console) keep running on their ports.
        List<ProcessHandle> children = first.process().descendants().filter(ProcessHandle::isAlive).toList();
        assertThat(children).as("the component JVMs").hasSizeGreaterThanOrEqualTo(3);
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(children).as("left running by the kill").allMatch(ProcessHandle::isAlive);
        assertThat(containers()).as("what the killed run left").hasSize(2);

        // The next start on the same ports stops the leftover components and removes the orphaned containers.
        Run second = start(ports);
        assertThat(children).as("leftover components after the next start").noneMatch(ProcessHandle::isAlive);
        assertThat(containers()).as("orphans after the next start").isEmpty();
        book(second);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(containers()).hasSize(2));

        // Ctrl-C: SIGINT runs the shutdown hook, which removes the containers.
        Process interrupt = new ProcessBuilder("kill", "-INT", String.valueOf(second.process().pid())).start();
        assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process().waitFor(90, TimeUnit.SECONDS)).as("the testbed stops on Ctrl-C").isTrue();
        assertThat(containers()).as("containers after Ctrl-C").isEmpty();
    }

    /** A setting it cannot use stops it at once, naming the setting, before anything is started. */
    @Test
    void aBadSettingStopsItWithOneLineNamingTheSetting() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dedgefed.local.dir=" + DIR.resolveSibling("embedded-jar-bad-setting"), "-Dedgefed.local.node-inactive-after=soon",
                "-jar", JAR.toString()).directory(HOME.toFile()).redirectErrorStream(true).start();
        started.add(process);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("it stops").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.strip()).isEqualTo("edgefed-embedded: edgefed.local.node-inactive-after=soon is not a positive "
                + "duration such as 20s, 2m or 1h");
        assertThat(DIR.resolveSibling("embedded-jar-bad-setting")).doesNotExist();
    }

    private Run start(List<String> properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dedgefed.local.dir=" + DIR));
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
        started.add(process);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "embedded-jar-output");
        reader.setDaemon(true);
        reader.start();
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("the banner within %s; printed so far: %s", START, before).isNotNull();
            if (line.contains(BANNER_FIRST_LINE)) {
                break;
            }
            before.add(line);
        }
        List<String> banner = new ArrayList<>();
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null || line.startsWith("Stop with Ctrl-C")) {
                break;
            }
            banner.add(line);
        }
        return new Run(process, before, banner, lines);
    }

    private static void book(Run run) throws Exception {
        List<String> omni = run.omniCommands();
        assertThat(omni).hasSize(7);
        OmniClient client = new OmniClient(DIR.resolve("authority").resolve("ca-cert.pem"));
        assertThat(OmniClient.code(client.replay(omni.get(2)))).isZero();
        assertThat(OmniClient.code(client.replay(omni.get(3)))).isZero();
    }

    private static List<String> containers() throws IOException {
        return ContainerTestbed.containersOf(engine, DIR);
    }

    private static List<String> ports() throws IOException {
        return List.of("-Dedgefed.local.api-port=" + ContainerTestbed.freePort(), "-Dedgefed.local.am-port=" + ContainerTestbed.freePort(),
                "-Dedgefed.local.operator-port=" + ContainerTestbed.freePort(), "-Dedgefed.local.am-management-port=" + ContainerTestbed.freePort(),
                "-Dedgefed.local.console-port=" + ContainerTestbed.freePort(),
                "-Dedgefed.local.console-management-port=" + ContainerTestbed.freePort());
    }
}
