package io.edgefed.containers.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSH client, as an experimenter runs it: {@code ssh -i KEY -p PORT USER@HOST COMMAND}, never asking
 * anything (BatchMode) and trusting whatever host key the container made at its start. For the tests of the sliver
 * image and of the embedded default's logins.
 */
public final class OpenSsh {

    /** What every login adds to the experimenter's command: no questions, no known_hosts of the machine. */
    public static final List<String> UNATTENDED = List.of("-o", "StrictHostKeyChecking=no", "-o",
            "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR");

    private OpenSsh() {
    }

    /** Whether {@code ssh} and {@code ssh-keygen} are installed (Debian's openssh-client). */
    public static boolean installed() {
        return onPath("ssh") && onPath("ssh-keygen");
    }

    /** A new ed25519 key pair without a passphrase: {@code dir/name} and {@code dir/name.pub}. */
    public static Path keyPair(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name);
        Files.deleteIfExists(key);
        Files.deleteIfExists(dir.resolve(name + ".pub"));
        Result made = run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()));
        if (made.exitCode() != 0) {
            throw new IOException("ssh-keygen failed: " + made.stderr());
        }
        return key;
    }

    /** {@code ssh -i key -p port user@host command...} with {@link #UNATTENDED} and any extra options. */
    public static Result login(Path key, int port, String user, String host, List<String> extraOptions,
            String... command) throws IOException, InterruptedException {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-i", key.toString(), "-p", String.valueOf(port)));
        ssh.addAll(UNATTENDED);
        ssh.addAll(extraOptions);
        ssh.add(user + "@" + host);
        ssh.addAll(List.of(command));
        return run(ssh);
    }

    /** Waits until an SSH server greets on {@code host:port} ("SSH-2.0-..."), or fails after {@code timeout}. */
    public static String awaitGreeting(String host, int port, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                socket.setSoTimeout(2000);
                InputStream in = socket.getInputStream();
                byte[] greeting = in.readNBytes(4);
                if (new String(greeting, StandardCharsets.US_ASCII).equals("SSH-")) {
                    return "SSH-";
                }
            } catch (IOException notYet) {
                last = notYet;
            }
            Thread.sleep(250);
        }
        throw new IOException("no SSH server greeted on " + host + ":" + port + " within " + timeout, last);
    }

    /** What one command did. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout: " + stdout.strip() + ", stderr: " + stderr.strip();
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
