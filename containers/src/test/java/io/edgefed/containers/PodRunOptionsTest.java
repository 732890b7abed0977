package io.edgefed.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** The translation from a pod spec to engine options, and the ConfigMap volume and image digest it relies on. */
class PodRunOptionsTest {

    private static final HostLimits LIMITS = new HostLimits(OptionalLong.of(1024), OptionalLong.of(2048));

    @Test
    void whatThePodAsksForBecomesEngineOptionsAndTheRestIsNamed() {
        PodSpec pod = new PodSpecBuilder()
                .withHostNetwork(true)
                .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(100L)
                    .withNewSeccompProfile().withType("Unconfined").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("main").withImage("example/image:1").withCommand("/bin/tool", "serve")
                    .withArgs("--port", "8080")
                    .addNewEnv().withName("PLAIN").withValue("a b").endEnv()
                    .addNewEnv().withName("SECRET").withNewValueFrom().withNewSecretKeyRef("key", "s", false)
                        .endValueFrom().endEnv()
                    .withNewSecurityContext().withReadOnlyRootFilesystem(true).withPrivileged(false)
                        .withAllowPrivilegeEscalation(true).endSecurityContext()
                    .withNewResources().withLimits(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("1Gi"),
                        "nvidia.com/gpu", new Quantity("1"))).endResources()
                    .addNewVolumeMount().withName("config").withMountPath("/etc/tool").withReadOnly(true).endVolumeMount()
                    .addNewVolumeMount().withName("scratch").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("tool").endConfigMap().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .build();

        PodRunOptions options = PodRunOptions.of(pod, new PodRunOptions.Host("c1", "pod-1", Map.of("k", "v"),
                Map.of("config", Path.of("/var/lib/x/config")), List.of(new PodRunOptions.PublishedPort("127.0.0.1", 30001, 8080))),
                LIMITS);

        assertThat(String.join(" ", options.arguments()))
                .startsWith("run --detach --name c1 --hostname pod-1 --pull never --label k=v")
                .contains("--ulimit nofile=1024:1024 --ulimit nproc=2048:2048", "--network host",
                        "--security-opt seccomp=unconfined", "--user 1000:100", "--read-only", "--cpus 0.25",
                        "--memory 1073741824", "--env PLAIN=a b", "--volume /var/lib/x/config:/etc/tool:ro",
                        "--publish 127.0.0.1:30001:8080", "--entrypoint /bin/tool")
                .endsWith("example/image:1 serve --port 8080")
                .doesNotContain("no-new-privileges", "SECRET", "--privileged");
        assertThat(options.notApplied()).hasSize(3).anySatisfy(n -> assertThat(n).startsWith("limit of nvidia.com/gpu"))
                .anySatisfy(n -> assertThat(n).startsWith("env SECRET"))
                .anySatisfy(n -> assertThat(n).startsWith("volume scratch (emptyDir) at /tmp"));
    }

    @Test
    void aConfigMapVolumeHoldsEachKeyWithTheVolumesModeAndForgetsRemovedKeys(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("keys");
        var source = new ConfigMapVolumeSourceBuilder().withName("keys").withDefaultMode(0640).build();
        ConfigMapVolume.write(new ConfigMapBuilder().withData(Map.of("a", "1\n", "b", "2\n")).build(), source, folder);
        assertThat(Files.readString(folder.resolve("a"))).isEqualTo("1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("b")))).isEqualTo("rw-r-----");

        ConfigMapVolume.write(new ConfigMapBuilder().withData(Map.of("a", "3\n")).build(), source, folder);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a");
        }
        assertThat(Files.readString(folder.resolve("a"))).isEqualTo("3\n");
    }

    @Test
    void anImageIsBuiltAnewWhenItsFolderChanges(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Containerfile"), "FROM scratch\n");
        String before = LocalImage.digest(dir);
        assertThat(LocalImage.digest(dir)).isEqualTo(before);
        Files.writeString(dir.resolve("entrypoint.sh"), "#!/bin/sh\n");
        assertThat(LocalImage.digest(dir)).isNotEqualTo(before);
    }
}
