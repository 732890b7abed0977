package io.edgefed.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prints benchmark figures and keeps them in {@code target/bench/<name>.txt}. */
public final class BenchReport {

    private final String name;
    private final List<String> lines = new ArrayList<>();

    public BenchReport(String name) {
        this.name = name;
    }

    public void line(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println("[bench " + name + "] " + line);
        lines.add(line);
    }

    public void write() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Files.write(dir.resolve(name + ".txt"), lines);
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    public static double max(List<Double> values) {
        return Collections.max(values);
    }
}
