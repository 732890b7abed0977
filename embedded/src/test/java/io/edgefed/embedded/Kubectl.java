package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl (the one on PATH, e.g. /usr/bin/kubectl or Debian's kubernetes-client), run against a
 * kubeconfig with a discovery cache of its own. Tests using it are skipped, saying why, where there is none.
 */
final class Kubectl {

    private final Path binary;
    private final Path kubeconfig;
    private final Path cache;

    private Kubectl(Path binary, Path kubeconfig, Path cache) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.cache = cache;
    }

    static Kubectl forKubeconfig(Path kubeconfig) throws IOException {
        Optional<Path> binary = onPath();
        assumeTrue(binary.isPresent(), "kubectl is not on PATH; .ci/install-test-packages installs kubernetes-client");
        return new Kubectl(binary.get(), kubeconfig, Files.createTempDirectory("kubectl-cache"));
    }

    static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs kubectl with the arguments and returns its output; fails the test when kubectl fails. */
    String run(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s timed out", String.join(" ", args)).isTrue();
        assertThat(process.exitValue()).as("kubectl %s said:\n%s", String.join(" ", args), output).isZero();
        return output;
    }

    /** Starts kubectl, for a watch that the caller reads and stops. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cache.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * The rows of a table printout as column name to cell, cut at the columns' places in the header line: an empty
     * cell stays an empty string (splitting at blanks would lose it).
     */
    static List<Map<String, String>> table(String printout) {
        List<String> lines = printout.lines().filter(line -> !line.isBlank()).toList();
        String header = lines.get(0);
        List<Integer> starts = new ArrayList<>();
        java.util.regex.Matcher column = java.util.regex.Pattern.compile("\\S+(?: \\S+)*").matcher(header);
        List<String> names = new ArrayList<>();
        while (column.find()) {
            starts.add(column.start());
            names.add(column.group());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                int from = Math.min(starts.get(i), line.length());
                int to = i + 1 < names.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
                row.put(names.get(i), line.substring(from, to).strip());
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows of a table printout, each split into its cells at runs of two or more spaces. */
    static List<List<String>> rows(String table) {
        return table.lines().filter(line -> !line.isBlank())
                .map(line -> List.of(line.strip().split("\\s{2,}"))).toList();
    }
}
