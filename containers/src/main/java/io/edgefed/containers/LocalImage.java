package io.edgefed.containers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An image built on this machine from a folder of the checkout (a Containerfile with {@code ARG BASE}), once: it is
 * labelled with a digest of the folder, so it is reused while the folder is unchanged and built anew when it changes.
 * The build tries the Containerfile's public base first; where no registry can be reached it builds on a base made
 * from Debian packages by {@code images/base/make-base.sh}. Concurrent builds of one image on a machine wait for each
 * other.
 */
public final class LocalImage {

    static final String SOURCE_LABEL = "io.edgefed.image.source";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration INSPECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "edgefed-images");

    /**
     * How to build an image.
     *
     * @param context      the folder with the Containerfile
     * @param makeBase     the script that makes a base from Debian packages
     * @param baseName     the name that script gives the base ({@code localhost/edgefed-base-NAME:bookworm})
     * @param basePackages the Debian packages the base must hold so that the Containerfile needs no network
     */
    public record Recipe(Path context, Path makeBase, String baseName, List<String> basePackages) {

        /** The default sliver image, {@code images/sliver-ubuntu} of the checkout. */
        public static Recipe sliver(Path checkout) {
            Path images = checkout.resolve("images");
            return new Recipe(images.resolve("sliver-ubuntu"), images.resolve("base").resolve("make-base.sh"), "sliver",
                    List.of("openssh-server", "sudo"));
        }
    }

    /**
     * What {@link #ensure} found or did.
     *
     * @param image   the image's name
     * @param built   whether it was built now (false: it was present and current)
     * @param base    the base it was built on, when built
     * @param took    how long finding or building it took
     * @param problem why it could not be built, when it could not
     */
    public record Outcome(String image, boolean built, Optional<String> base, Duration took, Optional<String> problem) {

        public boolean ready() {
            return problem.isEmpty();
        }
    }

    private LocalImage() {
    }

    /**
     * Makes sure {@code image} exists and is built from the recipe's folder as it is now. Synchronized because a file
     * lock, which keeps other processes out, cannot be taken twice within one.
     */
    public static Outcome ensure(ContainerEngine engine, String image, Recipe recipe) {
        return ensure(engine, image, recipe, note -> { });
    }

    /** As {@link #ensure(ContainerEngine, String, Recipe)}, telling {@code progress} before each slow step. */
    public static synchronized Outcome ensure(ContainerEngine engine, String image, Recipe recipe,
            java.util.function.Consumer<String> progress) {
        Instant started = Instant.now();
        try {
            String digest = digest(recipe.context());
            Files.createDirectories(LOCKS);
            try (FileChannel lockFile = FileChannel.open(LOCKS.resolve(image.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (digest.equals(label(engine, image))) {
                    return new Outcome(image, false, Optional.empty(), Duration.between(started, Instant.now()),
                            Optional.empty());
                }
                progress.accept("building " + image + " from " + recipe.context() + " (once)");
                ContainerEngine.Result publicBase = build(engine, image, recipe, digest, Optional.empty());
                if (publicBase.succeeded()) {
                    return new Outcome(image, true, Optional.of("the Containerfile's default base"),
                            Duration.between(started, Instant.now()), Optional.empty());
                }
                progress.accept("no registry answers (" + publicBase.reason() + "); making its base from Debian packages"
                        + " with " + recipe.makeBase().getFileName() + " (about 2 minutes, once)");
                ContainerEngine.Result made = makeBase(engine, recipe);
                if (!made.succeeded()) {
                    return failed(image, started, "the public base could not be had (" + publicBase.reason()
                            + ") and no base could be made from Debian packages: " + made.reason());
                }
                String base = made.stdout().strip();
                ContainerEngine.Result local = build(engine, image, recipe, digest, Optional.of(base));
                if (!local.succeeded()) {
                    return failed(image, started, "building " + recipe.context() + " on " + base + " failed: "
                            + local.reason());
                }
                return new Outcome(image, true, Optional.of(base), Duration.between(started, Instant.now()),
                        Optional.empty());
            }
        } catch (IOException e) {
            return failed(image, started, e.getMessage());
        }
    }

    private static Outcome failed(String image, Instant started, String problem) {
        return new Outcome(image, false, Optional.empty(), Duration.between(started, Instant.now()), Optional.of(problem));
    }

    /** The image's source label, or empty when the image is missing. */
    private static String label(ContainerEngine engine, String image) throws IOException {
        ContainerEngine.Result inspect = engine.run(List.of("image", "inspect", "--format",
                "{{ index .Config.Labels \"" + SOURCE_LABEL + "\" }}", image), INSPECT_TIMEOUT);
        return inspect.succeeded() ? inspect.stdout().strip() : "";
    }

    private static ContainerEngine.Result build(ContainerEngine engine, String image, Recipe recipe, String digest,
            Optional<String> base) throws IOException {
        List<String> args = new ArrayList<>(List.of("build", "--tag", image, "--label", SOURCE_LABEL + "=" + digest));
        args.addAll(engine.runLimitOptions());
        base.ifPresent(name -> args.addAll(List.of("--build-arg", "BASE=" + name)));
        args.add(recipe.context().toString());
        return engine.run(args, BUILD_TIMEOUT);
    }

    private static ContainerEngine.Result makeBase(ContainerEngine engine, Recipe recipe) throws IOException {
        if (!Files.isRegularFile(recipe.makeBase())) {
            return new ContainerEngine.Result(1, "", recipe.makeBase() + " does not exist");
        }
        List<String> command = new ArrayList<>(List.of("sh", recipe.makeBase().toString(), recipe.baseName()));
        command.addAll(recipe.basePackages());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("EDGEFED_PODMAN", engine.executable().toString());
        return ContainerEngine.runProcess(builder, BUILD_TIMEOUT, "make-base.sh");
    }

    /** SHA-256 over the folder's files, names and contents, in name order. */
    static String digest(Path context) throws IOException {
        if (!Files.isDirectory(context)) {
            throw new IOException(context + " does not exist: the image's Containerfile is not where it was expected");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(context)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                sha.update(context.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
