package io.edgefed.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process limits this host lets a container have. podman asks the runtime for far more open files and processes
 * than some hosts allow (a sandbox, a CI runner), and then every container fails to start with "error setting
 * rlimit ... operation not permitted"; so each run asks for no more than this process's own hard limits.
 *
 * @param openFiles hard limit of open files, or empty when unlimited or unknown
 * @param processes hard limit of processes, or empty when unlimited or unknown
 */
public record HostLimits(OptionalLong openFiles, OptionalLong processes) {

    /** No more open files than this, whatever the host allows: what a cluster's container runtime gives. */
    static final long OPEN_FILES_CEILING = 1_048_576;

    /**
     * No more processes than this, whatever the host allows: podman 4.3's own default, and on the CI machines
     * (hard limit 96369) anything above it fails with "error setting rlimit type 6: operation not permitted".
     */
    static final long PROCESSES_CEILING = 32_768;

    /** No fewer processes than this, whatever is read: no JVM in a container survives a handful. */
    static final long PROCESSES_FLOOR = 1_024;

    /**
     * The limits of the running process, from {@code /proc/self/limits}, with processes at most the kernel's
     * {@code pid_max}; none where that file does not exist.
     */
    public static HostLimits ofThisProcess() {
        Path limits = Path.of("/proc/self/limits");
        try {
            HostLimits own = Files.isReadable(limits) ? parse(Files.readAllLines(limits)) : none();
            return own.withProcessesAtMost(pidMax());
        } catch (IOException unreadable) {
            return none();
        }
    }

    /**
     * No more processes than {@code ceiling}. Some sandboxes refuse an nproc limit above {@code pid_max} even where
     * the hard limit is higher (here: hard 96369, pid_max 32768, and 32769 fails with "error setting rlimit type 6").
     */
    HostLimits withProcessesAtMost(OptionalLong ceiling) {
        if (ceiling.isEmpty() || processes.isEmpty() || processes.getAsLong() <= ceiling.getAsLong()) {
            return this;
        }
        return new HostLimits(openFiles, ceiling);
    }

    /**
     * The kernel's {@code pid_max}. Read in one {@code read()}: a sysctl file answers end-of-file to any read at a
     * non-zero position, and {@code Files.readString} reads a file that reports size 0 one byte first, so it got "3"
     * out of "32768" (which is what the last stops saw as a process limit of 3).
     */
    static OptionalLong pidMax() {
        return firstNumber(Path.of("/proc/sys/kernel/pid_max"));
    }

    /** The number on the first line of a proc or sysctl file, read through one buffered read. */
    static OptionalLong firstNumber(Path file) {
        try (java.io.BufferedReader in = Files.newBufferedReader(file)) {
            String value = java.util.Objects.requireNonNullElse(in.readLine(), "").strip();
            return value.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(value)) : OptionalLong.empty();
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
    }

    static HostLimits none() {
        return new HostLimits(OptionalLong.empty(), OptionalLong.empty());
    }

    /** Reads the hard-limit column of the "Max open files" and "Max processes" rows. */
    static HostLimits parse(List<String> lines) {
        return new HostLimits(hardLimit(lines, "Max open files"), hardLimit(lines, "Max processes"));
    }

    private static OptionalLong hardLimit(List<String> lines, String row) {
        for (String line : lines) {
            if (line.startsWith(row)) {
                String[] columns = line.substring(row.length()).trim().split("\\s+");
                if (columns.length >= 2 && columns[1].matches("\\d+")) {
                    return OptionalLong.of(Long.parseLong(columns[1]));
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The {@code --ulimit} options for {@code podman run} and {@code buildah bud} that stay within these limits. */
    public List<String> ulimitOptions() {
        List<String> options = new java.util.ArrayList<>();
        openFiles.ifPresent(n -> {
            long value = Math.min(n, OPEN_FILES_CEILING);
            options.add("--ulimit");
            options.add("nofile=" + value + ":" + value);
        });
        processes.ifPresent(n -> {
            // A JVM in the container cannot start with a handful: a limit read as that low is not the host's word.
            long value = Math.max(Math.min(n, PROCESSES_CEILING), PROCESSES_FLOOR);
            options.add("--ulimit");
            options.add("nproc=" + value + ":" + value);
        });
        return List.copyOf(options);
    }
}
