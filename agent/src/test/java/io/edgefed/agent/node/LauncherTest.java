package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release's launcher (src/main/bin/edgefed-agent): which JVM flags and which class-data archive it hands to java.
 * The java it runs is a stand-in that records the final command line, except for the launcher's archive check
 * ({@code -version}), which the real java answers, so archives are judged by the JVM itself.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("src", "main", "bin", "edgefed-agent").toAbsolutePath();

    @TempDir
    Path dir;
    private Path jar;
    private Path archive;
    private Path recorded;
    private Path stubJava;

    @BeforeEach
    void releaseAndStandInJava() throws Exception {
        jar = dir.resolve("quarkus-run.jar");
        writeJar(jar, "first");
        archive = dir.resolve("state").resolve("agent-classes.jsa");
        recorded = dir.resolve("java-args");
        stubJava = dir.resolve("java");
        Files.writeString(stubJava, """
                #!/bin/sh
                for a in "$@"; do [ "$a" = -version ] && exec java "$@"; done
                printf '%s\\n' "$@" > "$RECORDED"
                """);
        Files.setPosixFilePermissions(stubJava, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aFirstStartRecordsTheArchiveInThePrivateStateDirectory() throws Exception {
        List<String> args = launch(Map.of());

        assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString());
        assertThat(args).anyMatch(arg -> arg.startsWith("-Xmx"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aValidArchiveIsMappedAndAnUpgradedReleaseRecordsItAnew() throws Exception {
        recordArchiveWithRealJava();
        assertThat(launch(Map.of())).contains("-XX:SharedArchiveFile=" + archive).noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));

        writeJar(jar, "second release");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(launch(Map.of())).contains("-XX:ArchiveClassesAtExit=" + archive).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        assertThat(archive).doesNotExist();
    }

    @Test
    void aDamagedArchiveIsDeletedAndRecordedAgain() throws Exception {
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "not an archive");

        assertThat(launch(Map.of())).contains("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archive).doesNotExist();
    }

    @Test
    void theOperatorsFlagsReplaceTheDefaultsAndTheArchiveCanBeSwitchedOff() throws Exception {
        List<String> args = launch(Map.of("EDGEFED_JAVA_OPTS", "-Xmx200m -Dmine=yes", "EDGEFED_CDS_ARCHIVE", "off"));

        assertThat(args).containsExactly("-Xmx200m", "-Dmine=yes", "-jar", jar.toString());
    }

    /** Runs the launcher from the release layout and returns the arguments it started java with. */
    private List<String> launch(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", LAUNCHER.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("JAVA", stubJava.toString(), "RECORDED", recorded.toString(),
                "EDGEFED_AGENT_JAR", jar.toString(), "EDGEFED_STATE_DIR", archive.getParent().toString()));
        builder.environment().putAll(env);
        Files.deleteIfExists(recorded);
        Process launcher = builder.start();
        String output = new String(launcher.getInputStream().readAllBytes());
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(output).isZero();
        return Files.readAllLines(recorded);
    }

    /** What a first run leaves behind: an archive the real JVM recorded with this jar on the class path. */
    private void recordArchiveWithRealJava() throws Exception {
        Files.createDirectories(archive.getParent());
        Process java = new ProcessBuilder("java", "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString())
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(archive).as(output).exists();
    }

    /** A runnable jar whose main class prints {@code text}: compiled here so the archive holds a class from the jar. */
    private void writeJar(Path target, String text) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src-" + text.hashCode()));
        Path source = sources.resolve("Hello.java");
        Files.writeString(source, "public class Hello { public static void main(String[] a) { System.out.println(\"" + text + "\"); } }");
        List<String> options = new ArrayList<>(List.of("-d", sources.toString(), source.toString()));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, options.toArray(String[]::new))).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(sources.resolve("Hello.class")));
            out.closeEntry();
        }
    }
}
