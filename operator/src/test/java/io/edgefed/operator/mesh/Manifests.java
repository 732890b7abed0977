package io.edgefed.operator.mesh;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's manifests ({@code src/main/kubernetes/}) from a module's working directory. */
final class Manifests {

    private Manifests() {
    }

    static Path path(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("src/main/kubernetes").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no src/main/kubernetes/" + name + " above " + Path.of("").toAbsolutePath());
    }
}
