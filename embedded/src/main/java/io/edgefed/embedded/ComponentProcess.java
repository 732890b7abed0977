package io.edgefed.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One edgefed application (the operator, the AM) started as a child JVM from its Quarkus build, with its output in a
 * log file. Stopped when the embedded testbed stops.
 */
final class ComponentProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ComponentProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -jar <home>/<module>/target/quarkus-app/quarkus-run.jar} with the given system properties.
     *
     * @throws IOException when the application has not been built, naming the file it looked for
     */
    static ComponentProcess start(String name, Path home, String module, Map<String, String> properties,
            Map<String, String> env, Path logDirectory) throws IOException {
        Path runner = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IOException("the " + name + " is not built: " + runner + " does not exist. Build the checkout "
                    + home + " with ./mvnw -B install -DskipTests there, or point -Dedgefed.home=<checkout> at another one");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runner.toString());
        Files.createDirectories(logDirectory);
        Path pidFile = LeftoverComponent.pidFile(logDirectory, name);
        try {
            if (LeftoverComponent.stop(pidFile, runner)) {
                System.err.println("edgefed-embedded: stopped the " + name + " that an earlier run left running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the " + name + " an earlier run left", e);
        }
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        LeftoverComponent.record(pidFile, process);
        return new ComponentProcess(name, process, log);
    }

    /** Waits until the process accepts TCP connections on {@code port}, or fails saying where its log is. */
    void awaitListening(String host, int port, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException(name + " did not listen on " + host + ":" + port + " within " + timeout + "; see " + log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
