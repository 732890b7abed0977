package io.edgefed.embedded;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.edgefed.containers.ContainerEngine;
import io.edgefed.containers.LocalImage;

/**
 * Whether the slivers of the embedded testbed run as real containers, and the sliver image they run: chosen by
 * {@code edgefed.local.containers} ({@code auto}, the default: podman, else docker, else none; or {@code podman},
 * {@code docker}, {@code none}). The image is the AM's default, {@value #SLIVER_IMAGE}, built here from
 * {@code images/sliver-ubuntu} when it is missing or older than that folder (in the background while the rest starts).
 */
final class SliverContainers {

    static final String SETTING = "edgefed.local.containers";
    /** The AM's default image (edgefed.am.images), so that the slivers omni books run it unchanged. */
    static final String SLIVER_IMAGE = "ghcr.io/edgefed/sliver-ubuntu:24.04";

    private final ContainerEngine.Choice choice;
    private final Optional<ContainerEngine> engine;
    private final CompletableFuture<LocalImage.Outcome> image;

    private SliverContainers(ContainerEngine.Choice choice, Optional<ContainerEngine> engine,
            CompletableFuture<LocalImage.Outcome> image) {
        this.choice = choice;
        this.engine = engine;
        this.image = image;
    }

    /** The choice the system properties make ({@value #SETTING}, default auto). */
    static ContainerEngine.Choice choice(Properties properties) {
        return ContainerEngine.Choice.parse(properties.getProperty(SETTING, "auto"));
    }

    /**
     * Finds the engine and starts making sure the sliver image is there.
     *
     * @throws IllegalStateException when an engine was named and does not answer
     */
    static SliverContainers prepare(ContainerEngine.Choice choice, Path home) {
        Optional<ContainerEngine> engine = ContainerEngine.find(choice);
        if (engine.isEmpty() && (choice == ContainerEngine.Choice.PODMAN || choice == ContainerEngine.Choice.DOCKER)) {
            String name = choice.name().toLowerCase(java.util.Locale.ROOT);
            throw new IllegalStateException(SETTING + "=" + name + ", but " + name + " is not installed or does not"
                    + " answer '" + name + " info'; install it, or start with -D" + SETTING + "=auto or none");
        }
        CompletableFuture<LocalImage.Outcome> image = engine.map(found -> CompletableFuture.supplyAsync(
                () -> LocalImage.ensure(found, SLIVER_IMAGE, LocalImage.Recipe.sliver(home),
                        // A first build can take minutes before the banner: say why the wait.
                        note -> System.err.println("edgefed-embedded: " + note))))
                .orElse(CompletableFuture.completedFuture(null));
        return new SliverContainers(choice, engine, image);
    }

    /** No engine: pods are simulated (the tests of the simulated cluster). */
    static SliverContainers none() {
        return new SliverContainers(ContainerEngine.Choice.NONE, Optional.empty(),
                CompletableFuture.completedFuture(null));
    }

    Optional<ContainerEngine> engine() {
        return engine;
    }

    /** The sliver image's outcome, once it is known (waits for a build). Empty without an engine. */
    Optional<LocalImage.Outcome> image() {
        return Optional.ofNullable(image.join());
    }

    /** The banner's paragraph on logging in, saying what runs here. */
    String loginParagraph(Path sshKey, String user) {
        String command = "ssh -i " + sshKey + " -p P " + user + "@localhost";
        if (engine.isEmpty()) {
            return """
                    No container runs here (%s): a simulated kubelet reports the pods Running, so
                    slivers reach geni_ready, but nothing answers ssh. For real logins install podman (apt-get install
                    podman runc, as root) and start again; on a real cluster the manifest that describe prints has
                    <login hostname=H port=P username=U/> for each node, then
                      ssh -i %s -p P U@H""".formatted(choice == ContainerEngine.Choice.NONE
                    ? "-D" + SETTING + "=none" : "no container engine, podman or docker, was found", sshKey);
        }
        ContainerEngine found = engine.get();
        LocalImage.Outcome outcome = image().orElseThrow();
        String imageLine = outcome.problem().map(problem -> "The sliver image " + SLIVER_IMAGE
                + " could not be built, so slivers fail with ErrImageNeverPull: " + problem)
                .orElseGet(() -> outcome.built()
                        ? "The sliver image " + SLIVER_IMAGE + " was built from images/sliver-ubuntu on "
                                + outcome.base().orElse("its base") + " in " + outcome.took().toSeconds() + " s (once)."
                        : "The sliver image " + SLIVER_IMAGE + " is present (built from images/sliver-ubuntu).");
        return """
                Each sliver runs here as a %s container with its pod's settings (on this machine's CPU, whatever
                node it was placed on), its SSH port published on 127.0.0.1 at its NodePort.
                %s
                Log in: P is the port of <login hostname="127.0.0.1" port=P username="%s"/> in describe's manifest,
                  %s""".formatted(found.name(), imageLine, user, command);
    }
}
