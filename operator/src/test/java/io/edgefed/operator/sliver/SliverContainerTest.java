package io.edgefed.operator.sliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgefed.containers.ConfigMapVolume;
import io.edgefed.containers.ContainerEngine;
import io.edgefed.containers.LocalImage;
import io.edgefed.containers.PodRunOptions;
import io.edgefed.containers.testing.OpenSsh;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverUser;
import io.edgefed.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The default sliver image ({@code images/sliver-ubuntu}, built here) run exactly as the operator's Deployment runs
 * it: the pod template and the {@code authorized_keys} ConfigMap are what {@link SliverDeployment} and
 * {@link SliverAuthorizedKeys} build for a sliver with the operator's default settings (and once more with
 * {@code allow-privilege-escalation=true}), turned into engine options by the one translation the embedded default's
 * kubelet stand-in uses ({@link PodRunOptions}). Logins use the OpenSSH client.
 * <p>
 * What this host cannot apply of the pod is asserted and printed: the resource requests (nothing to reserve on one
 * host); the node affinity is the scheduler's, not the container's.
 */
class SliverContainerTest {

    /** The AM's default image name: the embedded default builds and runs the same one, so one build serves both. */
    static final String IMAGE = "ghcr.io/edgefed/sliver-ubuntu:24.04";
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "sliver-container").toAbsolutePath();

    private static ContainerEngine engine;
    private static Path aliceKey;
    private static Path bobKey;
    private static final List<String> STARTED = new ArrayList<>();
    private static Running confined;
    private static Running escalating;

    /** A sliver's container: the pod it came from and where its sshd is published. */
    record Running(String name, PodSpec pod, PodRunOptions options, int port, Path keys) {
    }

    @BeforeAll
    static void buildAndStart() throws Exception {
        Optional<ContainerEngine> found = ContainerEngine.find(ContainerEngine.Choice.AUTO);
        assumeThat(found).as("no container engine answers here (bash .ci/install-test-packages installs podman)")
                .isPresent();
        assumeThat(OpenSsh.installed()).as("the OpenSSH client is not installed (apt-get install openssh-client)").isTrue();
        engine = found.get();
        LocalImage.Outcome image = LocalImage.ensure(engine, IMAGE, LocalImage.Recipe.sliver(CHECKOUT));
        assertThat(image.problem()).as("building %s", IMAGE).isEmpty();
        System.out.printf("sliver image %s: %s in %d s%n", IMAGE, image.built() ? "built on " + image.base().orElse("?")
                : "present", image.took().toSeconds());
        aliceKey = OpenSsh.keyPair(WORK, "alice");
        bobKey = OpenSsh.keyPair(WORK, "bob");
        confined = start("confined", settings(Map.of()));
        escalating = start("escalating", settings(Map.of("edgefed.operator.container.allow-privilege-escalation", "true")));
        for (Running running : List.of(confined, escalating)) {
            OpenSsh.awaitGreeting("127.0.0.1", running.port(), Duration.ofSeconds(60));
        }
    }

    @AfterAll
    static void removeContainers() throws IOException {
        if (engine != null && !STARTED.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "--force", "--time", "0"));
            rm.addAll(STARTED);
            engine.run(rm, Duration.ofSeconds(60));
        }
    }

    @Test
    void theOperatorsPodSettingsReachTheEngineAndOnlyRequestsAreLeftOut() {
        List<String> args = confined.options().arguments();
        assertThat(String.join(" ", args))
                .contains("--cap-drop ALL")
                .contains("--cap-add NET_BIND_SERVICE", "--cap-add SETUID", "--cap-add SETGID", "--cap-add SYS_CHROOT")
                .contains("--security-opt no-new-privileges")
                .contains("--cpus 1", "--memory 536870912")
                .contains("--env EDGEFED_LOGIN_USER=alice")
                .contains(":/etc/edgefed/ssh:ro")
                .doesNotContain("--privileged", "seccomp=unconfined");
        assertThat(args).endsWith(IMAGE);
        assertThat(escalating.options().arguments()).doesNotContain("no-new-privileges");
        System.out.println("Not applied on this host: " + confined.options().notApplied());
        assertThat(confined.options().notApplied()).singleElement().asString().startsWith("requests [cpu, memory]");
    }

    @Test
    void aliceLogsInWithHerKeyAsTheLoginTheManifestNames() throws Exception {
        String login = LoginAddress.username(List.of(new SliverUser(Fixtures.ALICE, List.of()))).orElseThrow();
        assertThat(login).isEqualTo("alice");
        OpenSsh.Result id = OpenSsh.login(aliceKey, confined.port(), login, "127.0.0.1", List.of(), "id -un; uname -m");
        assertThat(id.exitCode()).as(id.toString()).isZero();
        assertThat(id.stdout()).startsWith("alice\n");
    }

    @Test
    void anotherKeyRootAndPasswordsAreRefused() throws Exception {
        OpenSsh.Result bob = OpenSsh.login(bobKey, confined.port(), "alice", "127.0.0.1", List.of(), "true");
        assertThat(bob.exitCode()).as(bob.toString()).isEqualTo(255);
        assertThat(bob.stderr()).contains("Permission denied (publickey)");

        OpenSsh.Result root = OpenSsh.login(aliceKey, confined.port(), "root", "127.0.0.1", List.of(), "true");
        assertThat(root.exitCode()).as(root.toString()).isEqualTo(255);
        assertThat(root.stderr()).contains("Permission denied");

        // The server offers nothing but keys: a client that only tries passwords has no method left.
        OpenSsh.Result password = OpenSsh.login(aliceKey, confined.port(), "alice", "127.0.0.1",
                List.of("-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "PubkeyAuthentication=no"),
                "true");
        assertThat(password.exitCode()).as(password.toString()).isEqualTo(255);
        assertThat(password.stderr()).contains("Permission denied (publickey)");
    }

    @Test
    void sudoWorksOnlyWhereTheOperatorAllowsPrivilegeEscalation() throws Exception {
        OpenSsh.Result refused = OpenSsh.login(aliceKey, confined.port(), "alice", "127.0.0.1", List.of(), "sudo -n id -u");
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("no new privileges");

        OpenSsh.Result allowed = OpenSsh.login(aliceKey, escalating.port(), "alice", "127.0.0.1", List.of(),
                "sudo -n id -u");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.stdout().strip()).isEqualTo("0");
    }

    @Test
    void theKeyFileCannotBeChangedFromInsideEvenByRoot() throws Exception {
        String keys = "/etc/edgefed/ssh/authorized_keys";
        OpenSsh.Result asAlice = OpenSsh.login(aliceKey, confined.port(), "alice", "127.0.0.1", List.of(),
                "echo extra >> " + keys);
        assertThat(asAlice.exitCode()).as(asAlice.toString()).isNotZero();
        OpenSsh.Result asRoot = OpenSsh.login(aliceKey, escalating.port(), "alice", "127.0.0.1", List.of(),
                "sudo -n sh -c 'echo extra >> " + keys + "'");
        assertThat(asRoot.exitCode()).as(asRoot.toString()).isNotZero();
        assertThat(asRoot.stderr()).contains("Read-only file system");
        assertThat(Files.readString(escalating.keys().resolve(SliverObjects.AUTHORIZED_KEYS))).doesNotContain("extra");
    }

    private static OperatorConfig.Container settings(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(OperatorConfig.class)
                .withDefaultValues(overrides).build();
        return config.getConfigMapping(OperatorConfig.class).container();
    }

    private static Running start(String which, OperatorConfig.Container settings) throws Exception {
        Sliver sliver = Fixtures.sliver("image-" + which, "node0");
        sliver.getMetadata().setUid(UUID.randomUUID().toString());
        sliver.getSpec().setImage(IMAGE);
        sliver.getSpec().setUsers(new ArrayList<>(List.of(new SliverUser(Fixtures.ALICE,
                List.of(Files.readString(aliceKey.resolveSibling("alice.pub")).strip())))));
        PodSpec pod = new SliverDeployment(settings).desired(sliver, null).getSpec().getTemplate().getSpec();
        ConfigMap keys = new SliverAuthorizedKeys().desired(sliver, null);
        Volume volume = pod.getVolumes().get(0);
        Path folder = WORK.resolve(which).resolve(volume.getName());
        ConfigMapVolume.write(keys, volume.getConfigMap(), folder);

        int sshPort = PodRunOptions.tcpReadinessPort(pod).orElseThrow();
        int hostPort = freePort();
        String name = "edgefed-test-" + which + "-" + ProcessHandle.current().pid();
        engine.run(List.of("rm", "--force", "--time", "0", name), Duration.ofSeconds(30));
        PodRunOptions options = PodRunOptions.of(pod, new PodRunOptions.Host(name, sliver.getMetadata().getName(),
                Map.of("io.edgefed.test", "sliver-container"), Map.of(volume.getName(), folder),
                List.of(new PodRunOptions.PublishedPort("127.0.0.1", hostPort, sshPort))), engine.limits());
        STARTED.add(name);
        ContainerEngine.Result run = engine.run(options.arguments(), Duration.ofSeconds(60));
        assertThat(run.succeeded()).as("%s %s: %s", engine.name(), options.arguments(), run.stderr()).isTrue();
        return new Running(name, pod, options, hostPort, folder);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
