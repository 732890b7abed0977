package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgefed.containers.ContainerEngine;
import io.edgefed.containers.testing.OpenSsh;

/**
 * The embedded testbed started in this JVM with real containers, for the login tests and the login benchmark (one
 * per test class): the printed omni commands sent as omni sends them, the login ports of Describe's manifest, and the
 * containers it runs. Skips the calling tests where the applications are not built, no engine runs or the OpenSSH
 * client is missing.
 */
final class ContainerTestbed implements AutoCloseable {

    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    /** Indexes into {@link #commands}: the banner's omni commands in booking order. */
    static final int ALLOCATE = 2;
    static final int PROVISION = 3;
    static final int STATUS = 4;
    static final int DESCRIBE = 5;
    static final int DELETE = 6;
    private static final Pattern LOGIN = Pattern.compile(
            "client_id=\"(\\w+)\".*?<login authentication=\"ssh-keys\" hostname=\"127.0.0.1\" port=\"(\\d+)\" username=\"alice\"",
            Pattern.DOTALL);

    final Path dir;
    final EmbeddedSettings settings;
    final EmbeddedTestbed.Started started;
    final ContainerEngine engine;
    final OmniClient omni;
    final List<String> commands;
    private final List<AutoCloseable> running;

    private ContainerTestbed(Path dir, EmbeddedSettings settings, EmbeddedTestbed.Started started, ContainerEngine engine,
            List<AutoCloseable> running) {
        this.dir = dir;
        this.settings = settings;
        this.started = started;
        this.engine = engine;
        this.running = running;
        this.omni = new OmniClient(started.booking().caCertificate());
        this.commands = Instructions.omniCommands(settings, started.booking());
    }

    static ContainerTestbed start(Path dir) throws Exception {
        for (String app : List.of("operator", "am", "console")) {
            assumeTrue(Files.isRegularFile(HOME.resolve(app + "/target/quarkus-app/quarkus-run.jar")),
                    app + " is not built; run ./mvnw -B install -DskipTests (or the whole build) first");
        }
        assumeTrue(ContainerEngine.find(ContainerEngine.Choice.AUTO).isPresent(),
                "no container engine answers here (bash .ci/install-test-packages installs podman)");
        assumeTrue(OpenSsh.installed(), "the OpenSSH client is not installed (apt-get install openssh-client)");
        EmbeddedSettings settings = EmbeddedSettings.onLoopback(HOME, dir, freePort(), freePort(), freePort(), freePort(), freePort(),
                Duration.ofMinutes(2));
        SliverContainers containers = SliverContainers.prepare(ContainerEngine.Choice.AUTO, HOME);
        List<AutoCloseable> running = new ArrayList<>();
        EmbeddedTestbed.Started started = EmbeddedTestbed.start(settings, containers, running);
        assertThat(containers.image().orElseThrow().problem()).as("the sliver image").isEmpty();
        return new ContainerTestbed(dir, settings, started, containers.engine().orElseThrow(), running);
    }

    /** Sends the banner's omni command number {@code index} and asserts it succeeded. */
    Map<String, Object> omniOk(int index) throws Exception {
        Map<String, Object> reply = omni.replay(commands.get(index));
        assertThat(OmniClient.code(reply)).as("%s: %s", commands.get(index), reply.get("output")).isZero();
        return reply;
    }

    /** Allocate and Provision as printed, then waits until Status says both slivers are geni_ready. */
    void bookAndAwaitReady() throws Exception {
        omniOk(ALLOCATE);
        omniOk(PROVISION);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(OmniClient.slivers(omni.replay(commands.get(STATUS)))).hasSize(2)
                        .allSatisfy(s -> assertThat(s.get("geni_operational_status")).isEqualTo("geni_ready")));
    }

    /** The port of each node's login (by client_id) in the manifest that describe prints. */
    Map<String, Integer> loginPorts() throws Exception {
        String manifest = OmniClient.inflate((String) OmniClient.value(omni.replay(commands.get(DESCRIBE))).get("geni_rspec"));
        Map<String, Integer> ports = new TreeMap<>();
        Matcher login = LOGIN.matcher(manifest);
        while (login.find()) {
            ports.put(login.group(1), Integer.parseInt(login.group(2)));
        }
        return ports;
    }

    List<String> containers() throws IOException {
        return containersOf(engine, dir);
    }

    /** The names of the containers, running or not, that the testbed with directory {@code dir} started. */
    static List<String> containersOf(ContainerEngine engine, Path dir) throws IOException {
        ContainerEngine.Result listed = engine.run(List.of("ps", "--all", "--filter", "label=" + PodContainers.DIR_LABEL
                + "=" + dir, "--format", "{{.Names}}"), Duration.ofSeconds(30));
        assertThat(listed.succeeded()).as(listed.stderr()).isTrue();
        return listed.stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        EmbeddedTestbed.closeAll(running);
    }
}
