package io.edgefed.embedded;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What {@code kubectl kustomize <folder>} renders, parsed into Fabric8 objects: the manifests as an operator applies
 * them, components and generated names included.
 */
record RenderedManifests(List<HasMetadata> objects) {

    /** The repository's root (the release module's parent, as Maven tells the tests). */
    static Path root() {
        return Path.of(System.getProperty("edgefed.root", "..")).toAbsolutePath().normalize();
    }

    static Path kubernetes() {
        return root().resolve("src/main/kubernetes");
    }

    static RenderedManifests of(Path kustomization, KubernetesClient parser) throws IOException, InterruptedException {
        assumeTrue(Kubectl.onPath().isPresent(), "kubectl is not on PATH; .ci/install-test-packages installs it");
        Process kubectl = new ProcessBuilder(Kubectl.onPath().get().toString(), "kustomize", kustomization.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new IOException("kubectl kustomize " + kustomization + " failed: " + err);
        }
        return new RenderedManifests(parser.load(new ByteArrayInputStream(out)).items());
    }

    /**
     * A kustomization in {@code dir} over the repository's default install, adding {@code roots} (files in dir) to
     * the AM's trusted roots and merging {@code settings} (NAME=value) into the AM's settings, as an operator's
     * overlay does.
     */
    static Path overlay(Path dir, List<String> roots, List<String> settings) throws IOException {
        return overlay(dir, kubernetes(), roots, settings);
    }

    /** The same over another copy of the install. */
    static Path overlay(Path dir, Path install, List<String> roots, List<String> settings) throws IOException {
        String base = dir.toAbsolutePath().relativize(install.toAbsolutePath()).toString();
        StringBuilder yaml = new StringBuilder("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                configMapGenerator:
                  - name: edgefed-am-trust-roots
                    namespace: edgefed
                    behavior: merge
                    files:
                """.formatted(base));
        roots.forEach(root -> yaml.append("      - ").append(root).append('\n'));
        yaml.append("""
                  - name: edgefed-am-settings
                    namespace: edgefed
                    behavior: merge
                    literals:
                """);
        settings.forEach(setting -> yaml.append("      - ").append(setting).append('\n'));
        Files.writeString(dir.resolve("kustomization.yaml"), yaml);
        return dir;
    }

    /** A copy of the repository's install in {@code to}, for an operator's edits (the components it picks). */
    static Path copyOfTheInstall(Path to) throws IOException {
        Path from = kubernetes();
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    Deployment deployment(String name) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the manifests have no Deployment " + name));
    }

    <T extends HasMetadata> List<T> of(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
