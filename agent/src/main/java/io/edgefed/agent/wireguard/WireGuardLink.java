package io.edgefed.agent.wireguard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.edgefed.agent.node.Commands;

/**
 * The network interface behind WireGuard: finds it or creates it (the kernel module's {@code ip link add ... type
 * wireguard}, else a {@code wireguard-go} daemon), picks the matching {@link WireGuard} driver, and sets its VPN
 * addresses, MTU and link state with {@code ip}.
 */
public final class WireGuardLink {

    private static final Logger LOG = Logger.getLogger(WireGuardLink.class);

    private final String iface;
    private final Path uapiDir;
    private final String wireguardGo;
    private final Path privateKeyFile;
    private final Commands commands;

    public WireGuardLink(String iface, Path uapiDir, String wireguardGo, Path privateKeyFile, Commands commands) {
        this.iface = iface;
        this.uapiDir = uapiDir;
        this.wireguardGo = wireguardGo;
        this.privateKeyFile = privateKeyFile;
        this.commands = commands;
    }

    public String name() {
        return iface;
    }

    /** Uses the existing interface of this name, or creates one; returns the driver that serves it. */
    public WireGuard open() throws IOException {
        Path socket = uapiDir.resolve(iface + ".sock");
        if (!exists()) {
            Commands.Result kernel = commands.run(List.of("ip", "link", "add", "dev", iface, "type", "wireguard"));
            if (kernel.ok()) {
                LOG.infof("created %s with the WireGuard kernel module", iface);
            } else {
                LOG.infof("no WireGuard kernel module (%s); starting %s %s", kernel.output().trim(), wireguardGo, iface);
                // wireguard-go detaches itself, so the interface outlives an agent restart and keeps the mesh up.
                commands.check(List.of(wireguardGo, iface));
                waitFor(socket);
            }
        }
        if (Files.exists(socket)) {
            return new UapiWireGuard(socket);
        }
        return new WgCommandWireGuard(iface, privateKeyFile, commands);
    }

    private void waitFor(Path socket) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(wireguardGo + " started but " + socket + " did not appear within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + socket, e);
            }
        }
    }

    public boolean exists() {
        return Files.exists(Path.of("/sys/class/net", iface));
    }

    /** True when the interface exists and is administratively up. */
    public boolean isUp() {
        try {
            String flags = Files.readString(Path.of("/sys/class/net", iface, "flags")).trim();
            return (Integer.decode(flags) & 1) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * Gives the interface exactly these addresses (each with its pool's prefix length, so the pool is routed through
     * the interface), the MTU, and brings it up.
     */
    public void configure(List<Cidr> addresses, int mtu) throws IOException {
        String shown = commands.check(List.of("ip", "-o", "address", "show", "dev", iface));
        List<Cidr> present = new ArrayList<>();
        for (String line : shown.split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet") || f[i].equals("inet6")) {
                    present.add(Cidr.parse(f[i + 1]));
                }
            }
        }
        for (Cidr address : present) {
            if (!addresses.contains(address) && !address.address().isLinkLocalAddress()) {
                commands.check(List.of("ip", "address", "del", address.toString(), "dev", iface));
            }
        }
        for (Cidr address : addresses) {
            if (!present.contains(address)) {
                List<String> add = new ArrayList<>(List.of("ip", "address", "add", address.toString(), "dev", iface));
                if (!(address.address() instanceof java.net.Inet4Address)) {
                    add.add("nodad"); // the address is ours by claim: no need to wait for duplicate detection
                }
                commands.check(add);
            }
        }
        commands.check(List.of("ip", "link", "set", "dev", iface, "mtu", Integer.toString(mtu), "up"));
    }
}
