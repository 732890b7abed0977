package io.edgefed.agent.wireguard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.edgefed.agent.MeshLab;
import io.edgefed.agent.node.Commands;

/**
 * A wireguard-go interface in a network namespace of its own (down, no routes, so no packet leaves it), for tests
 * that drive a real interface. Needs root; closing it stops wireguard-go and deletes the namespace.
 */
final class WireGuardGoNamespace implements AutoCloseable {

    final Commands commands = new Commands();
    final String namespace;
    final String iface;
    /** The interface's UAPI socket. */
    final Path socket;

    private WireGuardGoNamespace(String label) {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        this.namespace = "efit-" + id + "-" + label;
        this.iface = "ef" + id + label;
        this.socket = Path.of("/var/run/wireguard", iface + ".sock");
    }

    /** Creates the namespace and starts wireguard-go in it; {@code label} (a few letters) names both. */
    static WireGuardGoNamespace start(String label) throws Exception {
        WireGuardGoNamespace lab = new WireGuardGoNamespace(label);
        lab.commands.check(List.of("ip", "netns", "add", lab.namespace));
        try {
            lab.commands.check(List.of("ip", "netns", "exec", lab.namespace, "wireguard-go", lab.iface));
            MeshLab.await("the UAPI socket", Duration.ofSeconds(10), 10, () -> Files.exists(lab.socket));
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        MeshLab.killProcessesIn(commands, namespace);
        commands.run(List.of("ip", "netns", "del", namespace));
        Files.deleteIfExists(socket);
    }
}
