package io.edgefed.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the node installer's checks, which live in shell scripts under {@code ansible/tests/} so that a
 * person can run them directly too. A script exits 77 when a tool it needs is missing or it is not
 * run as root; the test is then skipped with the script's reason, never passed.
 */
class NodeInstallerTest {

    /** Exit code by which a test script says it could not run here (automake's convention). */
    private static final int SKIPPED = 77;

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    @Test
    void everyShellScriptPassesShellcheck() throws Exception {
        runScript(Duration.ofMinutes(3), "tests/run-lint.sh", "shellcheck");
    }

    @Test
    void playbooksPassAnsibleLintProductionProfile() throws Exception {
        runScript(Duration.ofMinutes(5), "tests/run-lint.sh", "ansible-lint");
    }

    @Test
    void playbooksPassSyntaxCheck() throws Exception {
        runScript(Duration.ofMinutes(3), "tests/run-lint.sh", "syntax");
    }

    @Test
    void bootstrapContinuesOnSupportedSystemsAndStopsWithItsExitCodesOnOthers() throws Exception {
        List<String> output = runScript(Duration.ofMinutes(3), "tests/test-bootstrap-os-detection.sh");
        assertTrue(output.stream().anyMatch(line -> line.matches("bootstrap: \\d+ passed, 0 failed")),
                "the script reports its count of passed checks");
    }

    @Test
    void nodePlaybookConvergesInDebootstrapRootAndSecondRunChangesNothing() throws Exception {
        List<String> output = runScript(Duration.ofMinutes(20), "tests/test-chroot-playbook.sh");
        assertTrue(output.stream().anyMatch(line -> line.contains("the second run changes nothing: changed=0")),
                "the second run reports changed=0");
    }

    /** Runs a script with sh in the module directory, echoing its output; skips on exit 77. */
    private static List<String> runScript(Duration timeout, String script, String... args)
            throws IOException, InterruptedException {
        Path shell = Path.of("/bin/sh");
        if (!Files.isExecutable(shell)) {
            abort("no /bin/sh on this machine: the node installer's checks are shell scripts");
        }
        List<String> command = new ArrayList<>(List.of(shell.toString(), script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(MODULE_DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().put("EDGEFED_TEST_TARGET_DIR", MODULE_DIR.resolve("target").toString());
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[" + script + "] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                System.out.println("[" + script + "] output lost: " + e);
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new AssertionError(script + " did not finish within " + timeout);
        }
        reader.join();
        int exit = process.exitValue();
        synchronized (output) {
            if (exit == SKIPPED) {
                String reason = output.stream().filter(line -> line.startsWith("SKIPPED:")).reduce((a, b) -> b)
                        .orElse("SKIPPED: " + script + " could not run here");
                abort(reason);
            }
            assertEquals(0, exit, () -> script + " " + String.join(" ", args) + " failed; its last lines:\n"
                    + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
            return List.copyOf(output);
        }
    }
}
