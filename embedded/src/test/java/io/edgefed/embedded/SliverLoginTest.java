package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgefed.containers.ContainerEngine;
import io.edgefed.containers.testing.OpenSsh;
import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverUser;

/**
 * The embedded default with real containers, booked as omni books and logged in to as the banner says: each sliver
 * runs as a container of the sliver image, alice's key logs in with the OpenSSH client at the port Describe's
 * manifest names, and the slice's Delete or the sliver's expiry removes the container. A container that cannot start
 * or keeps exiting makes the AM answer geni_failed with the kubelet's reason.
 */
class SliverLoginTest {

    private static final Path DIR = Path.of("target", "sliver-login").toAbsolutePath();
    private static ContainerTestbed testbed;

    @BeforeAll
    static void startTestbed() throws Exception {
        testbed = ContainerTestbed.start(DIR);
    }

    @AfterAll
    static void stopTestbed() throws Exception {
        if (testbed != null) {
            testbed.close();
            assertThat(testbed.containers()).as("containers left after the testbed stopped").isEmpty();
        }
    }

    @AfterEach
    void deleteTheSlice() throws Exception {
        if (testbed == null) {
            return;
        }
        testbed.omni.replay(testbed.commands.get(ContainerTestbed.DELETE));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(testbed.containers()).isEmpty());
    }

    @Test
    void theBannersSshCommandLogsInToEachSliverAndDeleteRemovesTheContainers() throws Exception {
        String banner = Instructions.text(testbed.settings, testbed.started, DIR.resolve("logs"));
        Path key = testbed.started.booking().sshKey();
        assertThat(banner).contains("ssh -i " + key + " -p P alice@localhost")
                .contains("runs here as a " + testbed.engine.name() + " container");

        testbed.bookAndAwaitReady();
        Map<String, Integer> ports = testbed.loginPorts();
        assertThat(ports).containsOnlyKeys("node0", "pi0");
        for (int port : ports.values()) {
            // The printed command, with P from the manifest, plus what keeps ssh from asking questions in a test.
            OpenSsh.Result login = OpenSsh.login(key, port, "alice", "localhost", List.of(), "id; uname -m");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            assertThat(login.stdout()).startsWith("uid=1000(alice) gid=1000(alice)")
                    .containsPattern("\n(x86_64|aarch64)\n");
        }

        // Each container carries its sliver's name and uid.
        List<Sliver> slivers = testbed.started.api().client().resources(Sliver.class)
                .inNamespace(EmbeddedSettings.NAMESPACE).list().getItems();
        List<String> labels = new ArrayList<>();
        for (Sliver sliver : slivers) {
            ContainerEngine.Result listed = testbed.engine.run(List.of("ps", "--filter", "label="
                    + PodContainers.SLIVER_UID_LABEL + "=" + sliver.getMetadata().getUid(), "--format",
                    "{{ index .Labels \"" + PodContainers.SLIVER_LABEL + "\" }}"), Duration.ofSeconds(30));
            labels.add(listed.stdout().strip());
        }
        assertThat(labels).containsExactlyInAnyOrderElementsOf(slivers.stream().map(s -> s.getMetadata().getName()).toList());

        testbed.omniOk(ContainerTestbed.DELETE);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(testbed.containers()).isEmpty());
    }

    /**
     * omni performoperationalaction: geni_update_users changes who logs in while the containers keep running (sshd
     * reads the keys from the ConfigMap volume, which changes in place); geni_restart gives each sliver a new container.
     */
    @Test
    void updateUsersChangesTheKeysOfTheRunningSliversAndRestartGivesFreshContainers() throws Exception {
        testbed.bookAndAwaitReady();
        Map<String, Integer> ports = testbed.loginPorts();
        Path oldKey = testbed.started.booking().sshKey();
        List<String> before = containerIds();

        // omni with a configuration that gives alice a new key, as she would after editing omni_config.
        Path newKey = OpenSsh.keyPair(DIR.resolve("update-users"), "alice_new");
        String delete = testbed.commands.get(ContainerTestbed.DELETE);
        Matcher config = Pattern.compile(" -c (\\S+) ").matcher(delete);
        assertThat(config.find()).as(delete).isTrue();
        Path newConfig = DIR.resolve("update-users").resolve("omni_config");
        Files.writeString(newConfig, Files.readString(Path.of(config.group(1)))
                .replaceAll("(?m)^keys = .*$", "keys = " + newKey + ".pub"));
        String action = delete.replace(" -c " + config.group(1) + " ", " -c " + newConfig + " ")
                .replace(" delete ", " performoperationalaction ");
        Map<String, Object> updated = testbed.omni.replay(action + " geni_update_users");
        assertThat(OmniClient.code(updated)).as("geni_update_users: %s", updated.get("output")).isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (int port : ports.values()) {
                assertThat(OpenSsh.login(newKey, port, "alice", "localhost", List.of(), "true").exitCode()).as("new key").isZero();
                assertThat(OpenSsh.login(oldKey, port, "alice", "localhost", List.of(), "true").exitCode()).as("old key").isNotZero();
            }
        });
        assertThat(containerIds()).as("no restart for new keys").isEqualTo(before);

        Map<String, Object> restarted = testbed.omni.replay(action + " geni_restart");
        assertThat(OmniClient.code(restarted)).as("geni_restart: %s", restarted.get("output")).isZero();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(containerIds()).hasSize(2).doesNotContainAnyElementsOf(before);
            assertThat(OmniClient.slivers(testbed.omni.replay(testbed.commands.get(ContainerTestbed.STATUS)))).hasSize(2)
                    .allSatisfy(s -> assertThat(s.get("geni_operational_status")).isEqualTo("geni_ready"));
        });
        for (int port : testbed.loginPorts().values()) {
            OpenSsh.Result login = OpenSsh.login(newKey, port, "alice", "localhost", List.of(), "true");
            assertThat(login.exitCode()).as(login.toString()).isZero();
        }
    }

    /** The ids of the testbed's running containers. */
    private static List<String> containerIds() throws Exception {
        ContainerEngine.Result listed = testbed.engine.run(List.of("ps", "--filter", "label=" + PodContainers.DIR_LABEL + "=" + DIR,
                "--format", "{{.ID}}"), Duration.ofSeconds(30));
        assertThat(listed.succeeded()).as(listed.stderr()).isTrue();
        return listed.stdout().lines().filter(line -> !line.isBlank()).sorted().toList();
    }

    /** omni shutdown, the operators' emergency stop: the containers stop, nobody logs in, the slice takes no new work. */
    @Test
    void shutdownStopsEveryContainerOfTheSliceAndNobodyLogsInAnyMore() throws Exception {
        testbed.bookAndAwaitReady();
        Map<String, Integer> ports = testbed.loginPorts();
        Path key = testbed.started.booking().sshKey();
        String shutdown = testbed.commands.get(ContainerTestbed.DELETE).replace(" delete ", " shutdown ");
        try {
            Map<String, Object> reply = testbed.omni.replay(shutdown);
            assertThat(OmniClient.code(reply)).as("%s: %s", shutdown, reply.get("output")).isZero();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(testbed.containers()).isEmpty();
                assertThat(OmniClient.slivers(testbed.omni.replay(testbed.commands.get(ContainerTestbed.STATUS)))).hasSize(2)
                        .allSatisfy(s -> assertThat(s.get("geni_operational_status")).isNotEqualTo("geni_ready"));
            });
            for (int port : ports.values()) {
                OpenSsh.Result login = OpenSsh.login(key, port, "alice", "localhost", List.of(), "true");
                assertThat(login.exitCode()).as(login.toString()).isNotZero();
            }
            Map<String, Object> allocate = testbed.omni.replay(testbed.commands.get(ContainerTestbed.ALLOCATE));
            assertThat(OmniClient.code(allocate)).as("Allocate on a shut-down slice: %s", allocate.get("output")).isNotZero();
        } finally {
            // An administrator lifts the stop, so that the other tests can book the same slice.
            testbed.started.api().client().configMaps().inNamespace(EmbeddedSettings.NAMESPACE).withLabel("edgefed.io/shutdown")
                    .delete();
        }
    }

    @Test
    void anExpiredSliverLeavesNoContainer() throws Exception {
        testbed.bookAndAwaitReady();
        assertThat(testbed.containers()).hasSize(2);
        var slivers = testbed.started.api().client().resources(Sliver.class).inNamespace(EmbeddedSettings.NAMESPACE);
        Instant soon = Instant.now().plusSeconds(2);
        for (Sliver sliver : slivers.list().getItems()) {
            edit(sliver, current -> Expiry.write(current, soon));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(slivers.list().getItems()).isEmpty();
            assertThat(testbed.containers()).isEmpty();
        });
    }

    @Test
    void aMissingImageOrAContainerThatExitsIsFailedWithTheKubeletsReason() throws Exception {
        testbed.omniOk(ContainerTestbed.ALLOCATE);
        testbed.omniOk(ContainerTestbed.PROVISION);
        var slivers = testbed.started.api().client().resources(Sliver.class).inNamespace(EmbeddedSettings.NAMESPACE);
        for (Sliver sliver : slivers.list().getItems()) {
            edit(sliver, current -> {
                if ("node0".equals(current.getSpec().getClientId())) {
                    current.getSpec().setImage("localhost/edgefed-no-such-image:1");
                } else {
                    // The image refuses to let anyone in as root, and exits saying so.
                    current.getSpec().setUsers(new ArrayList<>(List.of(new SliverUser(
                            "urn:publicid:IDN+" + EmbeddedSettings.AUTHORITY + "+user+root",
                            current.getSpec().getUsers().get(0).getKeys()))));
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Object> status = testbed.omni.replay(testbed.commands.get(ContainerTestbed.STATUS));
            assertThat(OmniClient.slivers(status)).hasSize(2).allSatisfy(sliver ->
                    assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_failed"));
            assertThat(OmniClient.slivers(status)).extracting(sliver -> (String) sliver.get("geni_error"))
                    .anySatisfy(error -> assertThat(error).contains("ErrImageNeverPull", "localhost/edgefed-no-such-image:1"))
                    .anySatisfy(error -> assertThat(error).contains("CrashLoopBackOff", "refusing to log in as root"));
        });
    }

    /** Changes a Sliver as another client would, reading it again when the operator's write came first (409). */
    private static void edit(Sliver sliver, java.util.function.Consumer<Sliver> change) {
        var slivers = testbed.started.api().client().resources(Sliver.class).inNamespace(EmbeddedSettings.NAMESPACE);
        await().atMost(Duration.ofSeconds(10)).ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .until(() -> slivers.withName(sliver.getMetadata().getName()).edit(current -> {
                    change.accept(current);
                    return current;
                }) != null);
    }
}
