package io.edgefed.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prints benchmark figures and keeps them in {@code target/bench/<name>.txt}. */
final class BenchReport {

    private final String name;
    private final List<String> lines = new ArrayList<>();

    BenchReport(String name) {
        this.name = name;
    }

    void line(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println("[bench " + name + "] " + line);
        lines.add(line);
    }

    void write() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Files.write(dir.resolve(name + ".txt"), lines);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static double max(List<Double> values) {
        return Collections.max(values);
    }
}
