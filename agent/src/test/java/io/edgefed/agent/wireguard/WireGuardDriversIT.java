package io.edgefed.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgefed.agent.MeshLab;
import io.edgefed.agent.node.Commands;

/**
 * Both WireGuard drivers against a real wireguard-go interface (in a namespace of its own, down, with no routes): the
 * UAPI socket driver, and the {@code wg} tool driver that serves the kernel module (wg talks to wireguard-go through
 * the same socket, so its command lines are checked here too). Whatever is applied reads back as the desired config.
 */
@Tag("network")
class WireGuardDriversIT {

    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void uapiDriverAppliesAddsUpdatesAndRemovals() throws Exception {
        exercise(false);
    }

    @Test
    void wgCommandDriverAppliesAddsUpdatesAndRemovals() throws Exception {
        exercise(true);
    }

    private void exercise(boolean viaWgCommand) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespace)");
        Assumptions.assumeTrue(MeshLab.onPath("wireguard-go") && MeshLab.onPath("wg"), "wireguard-go/wg missing");
        try (WireGuardGoNamespace lab = WireGuardGoNamespace.start("drv")) {
            WireGuardKey privateKey = WireGuardKeys.generatePrivate(RANDOM);
            Path keyFile = Files.createFile(dir.resolve("privatekey"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, privateKey.base64() + "\n");
            WireGuard wireGuard = viaWgCommand ? new WgCommandWireGuard(lab.iface, keyFile, new NamespacedCommands(lab.namespace))
                    : new UapiWireGuard(lab.socket);

            Map<WireGuardKey, PeerConfig> peers = new LinkedHashMap<>();
            PeerConfig a = TestPeers.peer(TestPeers.key(), "198.51.100.1:51820", 25, "10.183.0.1/32", "fd65:6466:6564::1/128");
            PeerConfig b = TestPeers.peer(TestPeers.key(), null, 0, "10.183.0.2/32");
            PeerConfig c = TestPeers.peer(TestPeers.key(), "[2001:db8::3]:4000", 25);
            for (PeerConfig p : List.of(a, b, c)) {
                peers.put(p.publicKey(), p);
            }
            convergeAndCheck(wireGuard, new WireGuardConfig(privateKey, 51820, peers));

            peers.remove(b.publicKey());
            peers.put(c.publicKey(), c.withAllowedIps(Set.of(Cidr.parse("10.183.0.2/32"), Cidr.parse("10.183.0.3/32"))));
            peers.put(a.publicKey(), new PeerConfig(a.publicKey(), Addresses.parseEndpoint("198.51.100.9:51821"), 25, a.allowedIps()));
            convergeAndCheck(wireGuard, new WireGuardConfig(privateKey, 51821, peers));
        }
    }

    private static void convergeAndCheck(WireGuard wireGuard, WireGuardConfig desired) throws Exception {
        DeviceChange change = ConfigDiff.between(desired, wireGuard.read(), Instant.now());
        assertThat(change.isEmpty()).isFalse();
        wireGuard.apply(change);
        DeviceState state = wireGuard.read();
        assertThat(state.privateKey()).isEqualTo(desired.privateKey());
        assertThat(state.listenPort()).isEqualTo(desired.listenPort());
        assertThat(state.peers().keySet()).containsExactlyInAnyOrderElementsOf(desired.peers().keySet());
        for (PeerConfig want : desired.peers().values()) {
            PeerConfig have = state.peers().get(want.publicKey()).config();
            assertThat(have.allowedIps()).isEqualTo(want.allowedIps());
            assertThat(have.keepalive()).isEqualTo(want.keepalive());
            assertThat(have.endpoint()).isEqualTo(want.endpoint());
        }
        assertThat(ConfigDiff.between(desired, state, Instant.now()).isEmpty()).isTrue();
    }

    /** Runs the driver's commands inside the test namespace, where the interface lives. */
    private static final class NamespacedCommands extends Commands {
        private final String namespace;

        NamespacedCommands(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public Result run(List<String> command) throws java.io.IOException {
            List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", namespace));
            full.addAll(command);
            return super.run(full);
        }
    }
}
