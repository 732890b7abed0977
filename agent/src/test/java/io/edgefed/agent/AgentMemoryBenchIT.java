package io.edgefed.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.model.VPNPeer;

/**
 * The agent's resident memory on the JVM (launcher flags from src/main/bin/edgefed-agent) after it has applied 1,000
 * peers: the agent runs in a namespace of its own against the mock API server holding 1,000 VPNPeers.
 */
@Tag("bench")
class AgentMemoryBenchIT {

    static final int PEERS = Integer.getInteger("bench.peers", 1000);

    @Test
    void rssAfterApplying1000Peers() throws Exception {
        String missing = MeshLab.missingPrerequisite();
        Assumptions.assumeTrue(missing == null, () -> "benchmark skipped: " + missing);
        try (MeshLab lab = new MeshLab(Path.of("target", "bench-lab").toAbsolutePath())) {
            lab.internet();
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < PEERS; i++) {
                WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(random));
                lab.addPeer(MeshNetworkIT.newPeer("peer-" + i, key.base64(),
                        "10.183." + (100 + i / 250) + "." + (i % 250 + 1), "fd65:6466:6564::f:" + Integer.toHexString(i + 1),
                        null));
            }
            MeshLab.Node node = lab.publicNode("mem", "203.0.113.10");
            long start = System.nanoTime();
            Process agent = lab.startAgent(node, Map.of());
            MeshLab.await("1,000 peers applied", Duration.ofSeconds(120), 100,
                    () -> node.uapiSocket().toFile().exists() && lab.wireGuard(node).peers().size() == PEERS);
            double applied = (System.nanoTime() - start) / 1e9;
            Thread.sleep(15_000); // a few resync periods with 1,000 peers
            BenchReport report = new BenchReport("agent-rss");
            String status = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "status"));
            report.line("agent JVM with %,d peers: VmRSS %s, VmHWM %s (target < 96 MiB with 1,000); start to all peers applied: %.1f s", PEERS,
                    field(status, "VmRSS"), field(status, "VmHWM"), applied);
            report.line("JVM flags: %s", System.getenv().getOrDefault("EDGEFED_JAVA_OPTS", jvmFlags()));
            String rollup = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "smaps_rollup"));
            report.line("  resident: anonymous %s, file-backed %s; threads %d", field(rollup, "Anonymous"),
                    kib(kibOf(rollup, "Rss") - kibOf(rollup, "Anonymous")), kibOf(status, "Threads"));
            Commands.Result heap = new Commands().run(java.util.List.of("jcmd", Long.toString(agent.pid()), "GC.heap_info"));
            for (String line : heap.output().split("\n")) {
                if (line.contains("total") || line.contains("Metaspace") || line.contains("class space")) {
                    report.line("  heap %s", line.trim());
                }
            }
            Commands.Result nmt = new Commands().run(java.util.List.of("jcmd", Long.toString(agent.pid()), "VM.native_memory", "summary"));
            if (nmt.ok() && nmt.output().contains("Total")) {
                for (String line : nmt.output().split("\n")) {
                    if (line.contains("committed=") && line.startsWith("-") || line.startsWith("Total")) {
                        report.line("  NMT %s", line.trim());
                    }
                }
            }
            report.write();
        }
    }

    private static String field(String procFile, String name) {
        long kib = kibOf(procFile, name);
        return kib < 0 ? "?" : kib(kib);
    }

    private static String kib(long kib) {
        return String.format("%.1f MiB", kib / 1024.0);
    }

    /** A "Name: value [kB]" line of a /proc file, as a number (kB for sizes), or -1 when absent. */
    private static long kibOf(String procFile, String name) {
        for (String line : procFile.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static String jvmFlags() throws IOException {
        for (String line : Files.readAllLines(Path.of("src", "main", "bin", "edgefed-agent"))) {
            if (line.startsWith("DEFAULT_OPTS=")) {
                return line.substring("DEFAULT_OPTS=".length()).replace("\"", "");
            }
        }
        return "?";
    }
}
