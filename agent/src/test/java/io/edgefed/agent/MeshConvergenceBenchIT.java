package io.edgefed.agent;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.testing.VPNPeerFixture;

/**
 * Convergence: the time from a new VPNPeer's creation until every agent of the network topology (public relay, two
 * NATted homes, each agent in its own namespace) has it on its WireGuard interface.
 */
@Tag("bench")
class MeshConvergenceBenchIT {

    @Test
    void newPeerReachesEveryAgent() throws Exception {
        String missing = MeshLab.missingPrerequisite();
        Assumptions.assumeTrue(missing == null, () -> "benchmark skipped: " + missing);
        try (MeshLab lab = new MeshLab(Path.of("target", "bench-lab").toAbsolutePath())) {
            lab.env("EDGEFED_RESYNC_PERIOD", "10s");
            lab.internet();
            MeshLab.Node pub = lab.publicNode("pub", MeshLab.INTERNET + "10");
            MeshLab.Node home1 = lab.homeNode("home-1", 1, MeshLab.INTERNET + "21", false);
            MeshLab.Node home2 = lab.homeNode("home-2", 2, MeshLab.INTERNET + "22", false);
            lab.startAgent(pub, Map.of("EDGEFED_RELAY", "true", "EDGEFED_ENDPOINT", MeshLab.INTERNET + "10:51820"));
            lab.startAgent(home1, Map.of());
            lab.startAgent(home2, Map.of());
            MeshLab.await("the mesh", Duration.ofSeconds(90), 200, () -> home1.stateDir().resolve("vpn-ipv4").toFile().exists()
                    && home2.stateDir().resolve("vpn-ipv4").toFile().exists() && pub.stateDir().resolve("vpn-ipv4").toFile().exists()
                    && lab.ping(home1, pub.ipv4()) && lab.ping(home2, pub.ipv4()) && lab.ping(home1, home2.ipv4()));
            Thread.sleep(3000); // let start-up work (status writes, JIT) settle
            BenchReport report = new BenchReport("convergence");
            List<Double> millis = new ArrayList<>();
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 10; i++) {
                WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(random));
                VPNPeer peer = VPNPeerFixture.peer("bench-" + i).publicKey(key.base64())
                        .addresses("10.183.251." + (i + 1), "fd65:6466:6564::fb:" + (i + 1))
                        .endpoint("203.0.113." + (100 + i) + ":51820").build();
                long start = System.nanoTime();
                lab.addPeer(peer);
                MeshLab.await("bench-" + i + " everywhere", Duration.ofSeconds(30), 5, () -> {
                    for (MeshLab.Node node : lab.nodes().values()) {
                        if (!lab.wireGuard(node).peers().containsKey(key)) {
                            return false;
                        }
                    }
                    return true;
                });
                millis.add((System.nanoTime() - start) / 1e6);
                Thread.sleep(500);
            }
            report.line("new VPNPeer -> on all 3 agents' interfaces, 10 peers: median %.0f ms, max %.0f ms, all %s (target < 2000 ms)",
                    BenchReport.median(millis), BenchReport.max(millis), millis.stream().map(m -> String.format("%.0f", m)).toList());
            report.write();
        }
    }
}
