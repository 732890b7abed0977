package io.edgefed.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.agent.node.Commands;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.edgefed.model.testing.VPNPeerFixture;

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
                lab.addPeer(VPNPeerFixture.peer("peer-" + i).publicKey(key.base64())
                        .addresses("10.183." + (100 + i / 250) + "." + (i % 250 + 1), "fd65:6466:6564::f:" + Integer.toHexString(i + 1)).build());
            }
            MeshLab.Node node = lab.publicNode("mem", MeshLab.INTERNET + "10");
            BenchReport report = new BenchReport("agent-rss");
            report.line("JVM flags: %s", System.getenv().getOrDefault("EDGEFED_JAVA_OPTS", jvmFlags()));
            // A node's first boot records the class-data archive when the agent stops; every later start maps it.
            Process first = startAndMeasure(lab, node, report, "first start (records the class archive at exit)");
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
            lab.deleteInterface(node);
            Path archive = node.stateDir().resolve("agent-classes.jsa");
            report.line("class-data archive after the first run: %s", Files.exists(archive)
                    ? String.format("%.1f MiB", Files.size(archive) / 1048576.0) : "none (EDGEFED_CDS_ARCHIVE=off?)");
            Process later = startAndMeasure(lab, node, report, "later starts (map the archive)");
            details(later, report);
            report.write();
        }
    }

    /** Starts the agent, waits until every peer is on its interface and a few resync periods more, reports its RSS. */
    private static Process startAndMeasure(MeshLab lab, MeshLab.Node node, BenchReport report, String which) throws Exception {
        long start = System.nanoTime();
        Process agent = lab.startAgent(node, Map.of("EDGEFED_ENDPOINT", MeshLab.INTERNET + "10:51820"));
        MeshLab.await(PEERS + " peers applied", Duration.ofSeconds(120), 100,
                () -> node.uapiSocket().toFile().exists() && lab.wireGuard(node).peers().size() == PEERS);
        double applied = (System.nanoTime() - start) / 1e9;
        // Scraped as Prometheus would, so that the metrics route's share is in the figure.
        if (!lab.metrics(node).contains("edgefed_agent_peers{path=\"direct\"}")) {
            throw new IllegalStateException("the agent's metrics did not answer");
        }
        Thread.sleep(15_000); // a few resync periods with every peer
        String status = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "status"));
        report.line("%s, %,d peers: VmRSS %s, VmHWM %s (target < 96 MiB with 1,000); start to all peers applied: %.1f s",
                which, PEERS, field(status, "VmRSS"), field(status, "VmHWM"), applied);
        String rollup = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "smaps_rollup"));
        report.line("  resident: anonymous %s, file-backed %s; threads %d", field(rollup, "Anonymous"),
                kib(kibOf(rollup, "Rss") - kibOf(rollup, "Anonymous")), kibOf(status, "Threads"));
        return agent;
    }

    /** Where the memory goes: heap and metaspace, and the native memory summary when the flags switched it on. */
    private static void details(Process agent, BenchReport report) throws IOException {
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

    /** The launcher's default flags: the quoted, backslash-continued value of {@code default_opts=}. */
    private static String jvmFlags() throws IOException {
        String script = Files.readString(Path.of("src", "main", "bin", "edgefed-agent"));
        int start = script.indexOf("default_opts=\"");
        if (start < 0) {
            return "?";
        }
        start += "default_opts=\"".length();
        return script.substring(start, script.indexOf('"', start)).replace("\\\n", "");
    }
}
