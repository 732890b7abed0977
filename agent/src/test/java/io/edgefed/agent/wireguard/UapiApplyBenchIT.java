package io.edgefed.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.agent.BenchReport;
import io.edgefed.agent.MeshLab;

/**
 * Applying 1,000 peers to a fresh wireguard-go interface, and one changed peer to a 1,000-peer interface, the way the
 * agent does it: read the interface, diff, send only the differences. The interface lives in a namespace of its own
 * with no route anywhere and stays down, so no packet is sent.
 */
@Tag("bench")
class UapiApplyBenchIT {

    static final int PEERS = 1000;

    @Test
    void apply1000PeersThenOneChangedPeer() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespace)");
        Assumptions.assumeTrue(MeshLab.onPath("wireguard-go"), "wireguard-go is not installed");
        try (WireGuardGoNamespace lab = WireGuardGoNamespace.start("bench")) {
            UapiWireGuard wireGuard = new UapiWireGuard(lab.socket);
            SecureRandom random = new SecureRandom();
            Map<WireGuardKey, PeerConfig> peers = new LinkedHashMap<>();
            for (int i = 0; i < PEERS; i++) {
                WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(random));
                String v4 = "10.183." + (i / 250) + "." + (i % 250 + 1);
                String v6 = "fd65:6466:6564::" + Integer.toHexString(i + 1);
                peers.put(key, new PeerConfig(key, new InetSocketAddress(Addresses.parseLiteral("198.51.100." + (i % 250 + 1)), 51820 + i),
                        0, Set.of(Cidr.parse(v4 + "/32"), Cidr.parse(v6 + "/128"))));
            }
            WireGuardConfig desired = new WireGuardConfig(WireGuardKeys.generatePrivate(random), 51820, peers);
            BenchReport report = new BenchReport("uapi-apply");

            long start = System.nanoTime();
            DeviceChange fresh = ConfigDiff.between(desired, wireGuard.read(), Instant.now());
            wireGuard.apply(fresh);
            double freshMillis = (System.nanoTime() - start) / 1e6;
            assertThat(wireGuard.read().peers()).hasSize(PEERS);
            report.line("1,000 peers onto a fresh wireguard-go interface (read + diff + one UAPI set): %.1f ms, cold JVM (target < 1000 ms)",
                    freshMillis);
            // Again on the emptied interface, with the code paths warm.
            wireGuard.apply(ConfigDiff.between(new WireGuardConfig(desired.privateKey(), 51820, Map.of()), wireGuard.read(), Instant.now()));
            assertThat(wireGuard.read().peers()).isEmpty();
            long again = System.nanoTime();
            wireGuard.apply(ConfigDiff.between(desired, wireGuard.read(), Instant.now()));
            double warmMillis = (System.nanoTime() - again) / 1e6;
            assertThat(wireGuard.read().peers()).hasSize(PEERS);
            report.line("1,000 peers onto the emptied interface again, warm: %.1f ms", warmMillis);

            List<Double> oneChange = new ArrayList<>();
            List<Double> reads = new ArrayList<>();
            List<Double> applies = new ArrayList<>();
            List<WireGuardKey> keys = new ArrayList<>(peers.keySet());
            for (int round = 0; round < 30; round++) {
                WireGuardKey key = keys.get(round * 31 % PEERS);
                PeerConfig before = peers.get(key);
                peers.put(key, before.withAllowedIps(Set.of(Cidr.parse("10.183.200." + (round + 1) + "/32"))));
                WireGuardConfig changed = new WireGuardConfig(desired.privateKey(), 51820, peers);
                long t = System.nanoTime();
                DeviceState state = wireGuard.read();
                long read = System.nanoTime();
                DeviceChange change = ConfigDiff.between(changed, state, Instant.now());
                long diffed = System.nanoTime();
                wireGuard.apply(change);
                long done = System.nanoTime();
                oneChange.add((done - t) / 1e6);
                reads.add((read - t) / 1e6);
                applies.add((done - diffed) / 1e6);
                assertThat(change.peers()).hasSize(1);
            }
            assertThat(ConfigDiff.between(new WireGuardConfig(desired.privateKey(), 51820, peers), wireGuard.read(), Instant.now())
                    .isEmpty()).isTrue();
            report.line("1 changed peer on a 1,000-peer interface (read + diff + set), 30 rounds: median %.1f ms, max %.1f ms, "
                    + "first %.1f ms (target < 50 ms)", BenchReport.median(oneChange), BenchReport.max(oneChange), oneChange.get(0));
            report.line("  of which reading the 1,000-peer interface (UAPI get + parse): median %.1f ms; sending the one-peer set: "
                    + "median %.2f ms", BenchReport.median(reads), BenchReport.median(applies));
            report.write();
            assertThat(freshMillis).isLessThan(1000);
            assertThat(BenchReport.median(oneChange)).isLessThan(50);
        }
    }
}
