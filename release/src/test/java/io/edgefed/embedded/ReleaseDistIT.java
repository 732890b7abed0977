package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgefed.containers.ContainerEngine;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The release as {@code ./mvnw -B -Prelease package} writes it (its last step, release/src/main/sh/make-dist.sh, run
 * here into a folder of the test's own, on the images the package phase built): four OCI archives whose digests pin
 * the manifests, the agent and playbook tarballs, bootstrap.sh, and SHA256SUMS over all of it, the POM's version
 * wherever a user looks for it.
 */
class ReleaseDistIT {

    private static final String VERSION = System.getProperty("edgefed.version", "0.1.0-SNAPSHOT");
    private static final List<String> IMAGES = List.of("edgefed-operator", "edgefed-am", "edgefed-console", "sliver-ubuntu");

    @TempDir
    static Path dir;
    private static Path dist;

    @BeforeAll
    static void makeTheRelease() throws Exception {
        ContainerEngine engine = ContainerEngine.find(ContainerEngine.Choice.PODMAN).orElse(null);
        assumeTrue(engine != null, "podman is not installed or does not answer (images/ci-packages.txt)");
        for (String name : IMAGES.subList(0, 3)) {
            assumeTrue(engine.run(List.of("image", "exists", "localhost/" + name + ":" + VERSION), Duration.ofSeconds(30))
                    .succeeded(), "localhost/" + name + ":" + VERSION + " was not built (see the package phase's output)");
        }
        String sliverBase = System.getProperty("edgefed.sliver.base", "");
        assumeTrue(engine.run(List.of("image", "exists", sliverBase), Duration.ofSeconds(30)).succeeded(),
                "the sliver base " + sliverBase + " is not in local storage (give -Dedgefed.sliver.base=localhost/"
                        + "edgefed-base-sliver:bookworm, made by images/base/make-base.sh sliver openssh-server sudo)");
        dist = dir.resolve("dist");
        run(List.of("bash", RenderedManifests.root().resolve("release/src/main/sh/make-dist.sh").toString(),
                "--root", RenderedManifests.root().toString(), "--version", VERSION, "--sliver-base", sliverBase,
                "--output", dist.toString()), Duration.ofMinutes(10));
    }

    @Test
    void sha256sumsCoversEveryFileAndChecks() throws Exception {
        List<String> listed = Files.readAllLines(dist.resolve("SHA256SUMS")).stream().map(l -> l.substring(66)).sorted().toList();
        List<String> files;
        try (var walk = Files.walk(dist)) {
            files = walk.filter(Files::isRegularFile).map(f -> dist.relativize(f).toString())
                    .filter(f -> !f.equals("SHA256SUMS")).sorted().toList();
        }
        assertThat(listed).isEqualTo(files).contains("bootstrap.sh", "edgefed.yaml", "edgefed-agent-" + VERSION + ".tar.gz",
                "edgefed-ansible-" + VERSION + ".tar.gz", "kubernetes/kustomization.yaml");
        assertThat(IMAGES).allSatisfy(name -> assertThat(listed).contains("images/" + name + "-" + VERSION + ".oci.tar"));
        assertThat(run(List.of("sha256sum", "--check", "--strict", "SHA256SUMS"), dist, Duration.ofMinutes(2)))
                .doesNotContain("FAILED");
    }

    @Test
    void theManifestsPinEachImageByTheDigestOfItsArchiveWhichCarriesTheVersion() throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (String name : IMAGES) {
            String archive = "oci-archive:" + dist.resolve("images/" + name + "-" + VERSION + ".oci.tar");
            digests.put(name, run(List.of("skopeo", "inspect", "--format", "{{.Digest}}", archive), Duration.ofMinutes(1)).strip());
            assertThat(run(List.of("skopeo", "inspect", "--format",
                    "{{index .Labels \"org.opencontainers.image.version\"}}", archive), Duration.ofMinutes(1)).strip())
                    .as(name).isEqualTo(VERSION);
        }
        try (var parser = new KubernetesClientBuilder().build()) {
            for (Path rendered : List.of(dist.resolve("edgefed.yaml"))) {
                var objects = parser.load(Files.newInputStream(rendered)).items();
                List<String> images = new ArrayList<>();
                for (var object : objects) {
                    if (object instanceof Deployment deployment) {
                        var pod = deployment.getSpec().getTemplate().getSpec();
                        for (Container container : pod.getContainers()) {
                            images.add(container.getImage());
                        }
                        for (Container container : pod.getInitContainers()) {
                            images.add(container.getImage());
                        }
                    }
                }
                assertThat(images).hasSize(4).allSatisfy(image -> {
                    String name = image.substring(image.lastIndexOf('/') + 1, image.indexOf('@'));
                    assertThat(image).isEqualTo("ghcr.io/edgefed/" + name + "@" + digests.get(name));
                });
                ConfigMap settings = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                        .filter(c -> c.getMetadata().getName().startsWith("edgefed-am-settings-")).findFirst().orElseThrow();
                assertThat(settings.getData()).containsEntry("EDGEFED_AM_IMAGES",
                        "ubuntu2404=ghcr.io/edgefed/sliver-ubuntu@" + digests.get("sliver-ubuntu"));
            }
        }
        // What README.md tells operators to run keeps the digest (a registry is out of reach here: an OCI layout).
        run(List.of("skopeo", "copy", "--quiet", "--preserve-digests",
                "oci-archive:" + dist.resolve("images/edgefed-console-" + VERSION + ".oci.tar"),
                "oci:" + dir.resolve("registry") + ":edgefed-console"), Duration.ofMinutes(2));
        assertThat(run(List.of("skopeo", "inspect", "--format", "{{.Digest}}", "oci:" + dir.resolve("registry") + ":edgefed-console"),
                Duration.ofMinutes(1)).strip()).isEqualTo(digests.get("edgefed-console"));
    }

    @Test
    void theAgentSaysItsVersionAndThePlaybookTarballHoldsTheNodePlaybook() throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("agent"));
        run(List.of("tar", "-xzf", dist.resolve("edgefed-agent-" + VERSION + ".tar.gz").toString(), "-C", unpacked.toString()),
                Duration.ofMinutes(1));
        assertThat(run(List.of("sh", unpacked.resolve("quarkus-app/bin/edgefed-agent").toString(), "--version"),
                Duration.ofSeconds(30)).strip()).isEqualTo("edgefed-agent " + VERSION);
        assertThat(run(List.of("tar", "-tzf", dist.resolve("edgefed-ansible-" + VERSION + ".tar.gz").toString()),
                Duration.ofMinutes(1)).lines()).contains("ansible/node.yml", "ansible/bootstrap.sh").noneMatch(f -> f.contains("/target/"));
        assertThat(Files.readString(dist.resolve("bootstrap.sh")))
                .isEqualTo(Files.readString(RenderedManifests.root().resolve("ansible/bootstrap.sh")));
    }

    private static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, null, timeout);
    }

    private static String run(List<String> command, Path workDir, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("%s timed out", command).isTrue();
        assertThat(process.exitValue()).as("%s said:\n%s", command, output).isZero();
        return output;
    }
}
