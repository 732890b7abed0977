package io.edgefed.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A container engine's command line (podman or docker), run one command at a time.
 *
 * @param name       {@code podman} or {@code docker}
 * @param executable the engine's binary
 * @param limits     the limits every {@code run} stays within (see {@link HostLimits})
 */
public record ContainerEngine(String name, Path executable, HostLimits limits) {

    /** What {@code edgefed.local.containers} may say. */
    public enum Choice {
        /** The first engine found that answers: podman, then docker. */
        AUTO,
        PODMAN,
        DOCKER,
        /** No containers: pods are only simulated. */
        NONE;

        /** Parses a setting's value, refusing anything else with the values it takes. */
        public static Choice parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("edgefed.local.containers is '" + value
                        + "'; it takes auto, podman, docker or none");
            }
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    /**
     * The engine to use, or empty with none. An engine counts only when it answers {@code info}: docker's client
     * without a daemon does not.
     */
    public static Optional<ContainerEngine> find(Choice choice) {
        List<String> candidates = switch (choice) {
            case AUTO -> List.of("podman", "docker");
            case PODMAN -> List.of("podman");
            case DOCKER -> List.of("docker");
            case NONE -> List.of();
        };
        for (String candidate : candidates) {
            Optional<Path> binary = onPath(candidate);
            if (binary.isPresent()) {
                ContainerEngine engine = new ContainerEngine(candidate, binary.get(), HostLimits.ofThisProcess());
                if (engine.answers()) {
                    return Optional.of(engine);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean answers() {
        try {
            return run(List.of("info"), PROBE_TIMEOUT).succeeded();
        } catch (IOException notRunnable) {
            return false;
        }
    }

    /** {@code <engine> run} options that keep a container within what this host allows. */
    public List<String> runLimitOptions() {
        return limits.ulimitOptions();
    }

    /**
     * Runs {@code <engine> args...} and waits for it, at most {@code timeout} (then it is killed and the result says
     * so).
     *
     * @throws IOException when the engine cannot be started at all
     */
    public Result run(List<String> args, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        return runProcess(new ProcessBuilder(command), timeout, name + " " + String.join(" ", args));
    }

    /**
     * Runs a command that is not the engine's (a script that uses it), with no input, and waits at most
     * {@code timeout}.
     */
    static Result runProcess(ProcessBuilder builder, Duration timeout, String what) throws IOException {
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        CompletableFuture<String> out = readAll(process.getInputStream());
        CompletableFuture<String> err = readAll(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return new Result(-1, out.join(), err.join() + "\n" + what + " did not finish within " + timeout);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", interrupted);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Drains a stream on a thread of its own, so that neither of the engine's outputs can fill up and stall it. */
    private static CompletableFuture<String> readAll(java.io.InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException closed) {
                text.complete("");
            }
        }, "container-engine-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /**
     * What one engine command did.
     *
     * @param exitCode the engine's exit code, -1 when it was killed for taking too long
     * @param stdout   what it printed
     * @param stderr   what it complained of
     */
    public record Result(int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last line of complaint, for a message a user reads. */
        public String reason() {
            String[] lines = stderr.strip().split("\n");
            return lines.length == 0 || lines[lines.length - 1].isBlank() ? "exit code " + exitCode
                    : lines[lines.length - 1].strip();
        }
    }
}
