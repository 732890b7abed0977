package io.edgefed.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints a benchmark's figures and keeps them under {@code target/bench/}. */
final class BenchReport {

    private BenchReport() {
    }

    static void write(String name, List<String> lines) {
        String text = String.join("\n", lines) + "\n";
        System.out.println("\n=== " + name + " ===\n" + text);
        try {
            Path dir = Path.of("target", "bench");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM's resident set (heap, metaspace, threads, code), from /proc/self/status, in MiB. */
    static long residentMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(-1) / 1024;
        } catch (IOException e) {
            return -1;
        }
    }

    static long heapUsedMiB() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
