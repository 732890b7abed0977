package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The component (operator, AM, console) an earlier run of the embedded default left behind. A testbed killed with -9
 * runs no shutdown hook, so its child JVMs live on and hold their ports, and the next start would fail on them. Each
 * child's pid is kept in a file beside its log; a start stops the process that file names, but only while its command
 * line still runs this checkout's build of that component (a pid the system has since given to another program is
 * left alone).
 */
final class LeftoverComponent {

    private static final long STOP_SECONDS = 10;

    private LeftoverComponent() {
    }

    /** Where the pid of a component's process is kept. */
    static Path pidFile(Path logDirectory, String name) {
        return logDirectory.resolve(name + ".pid");
    }

    /**
     * Stops the process {@code pidFile} names when it still runs {@code runner}.
     *
     * @return whether one was stopped
     */
    static boolean stop(Path pidFile, Path runner) throws InterruptedException {
        Optional<ProcessHandle> leftover = recorded(pidFile)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(runner.toString())).orElse(false));
        if (leftover.isEmpty()) {
            return false;
        }
        ProcessHandle process = leftover.get();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException stillThere) {
            process.destroyForcibly();
        }
        return true;
    }

    /** Notes the pid of a component just started. */
    static void record(Path pidFile, Process process) throws IOException {
        Files.writeString(pidFile, Long.toString(process.pid()));
    }

    private static Optional<ProcessHandle> recorded(Path pidFile) {
        try {
            String text = Files.readString(pidFile).strip();
            return text.matches("\\d{1,10}") ? ProcessHandle.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException absent) {
            return Optional.empty();
        }
    }
}
