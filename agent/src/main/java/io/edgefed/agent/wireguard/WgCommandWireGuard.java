package io.edgefed.agent.wireguard;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.edgefed.agent.node.Commands;

/**
 * A WireGuard interface of the kernel module, driven through {@code wg set} (incremental, never {@code setconf}) and
 * read through {@code wg show <iface> dump}. The private key is passed as a file path, never on the command line.
 */
public final class WgCommandWireGuard implements WireGuard {

    private final String iface;
    private final Path privateKeyFile;
    private final Commands commands;

    public WgCommandWireGuard(String iface, Path privateKeyFile, Commands commands) {
        this.iface = iface;
        this.privateKeyFile = privateKeyFile;
        this.commands = commands;
    }

    @Override
    public DeviceState read() throws IOException {
        return parseDump(commands.check(List.of("wg", "show", iface, "dump")));
    }

    /** Parses {@code wg show <iface> dump}: the interface line, then one tab-separated line per peer. */
    static DeviceState parseDump(String dump) {
        String[] lines = dump.split("\n");
        String[] device = lines[0].split("\t");
        WireGuardKey privateKey = "(none)".equals(device[0]) ? null : WireGuardKey.fromBase64(device[0]);
        int listenPort = Integer.parseInt(device[2]);
        Map<WireGuardKey, DeviceState.Peer> peers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split("\t");
            WireGuardKey key = WireGuardKey.fromBase64(f[0]);
            Set<Cidr> allowed = new TreeSet<>();
            if (!"(none)".equals(f[3])) {
                for (String ip : f[3].split(",")) {
                    allowed.add(Cidr.parse(ip));
                }
            }
            long handshake = Long.parseLong(f[4]);
            int keepalive = "off".equals(f[7]) ? 0 : Integer.parseInt(f[7]);
            PeerConfig config = new PeerConfig(key, "(none)".equals(f[2]) ? null : Addresses.parseEndpoint(f[2]), keepalive, allowed);
            peers.put(key, new DeviceState.Peer(config, handshake == 0 ? null : Instant.ofEpochSecond(handshake),
                    Long.parseLong(f[5]), Long.parseLong(f[6])));
        }
        return new DeviceState(privateKey, listenPort, peers);
    }

    @Override
    public void apply(DeviceChange change) throws IOException {
        if (change.isEmpty()) {
            return;
        }
        List<String> kicks = new ArrayList<>(List.of("wg", "set", iface));
        List<String> command = new ArrayList<>(List.of("wg", "set", iface));
        if (change.privateKey() != null) {
            command.add("private-key");
            command.add(privateKeyFile.toString());
        }
        if (change.listenPort() != null) {
            command.add("listen-port");
            command.add(change.listenPort().toString());
        }
        for (DeviceChange.PeerChange peerChange : change.peers()) {
            command.add("peer");
            command.add(peerChange.publicKey().base64());
            if (peerChange instanceof DeviceChange.RemovePeer) {
                command.add("remove");
            } else if (peerChange instanceof DeviceChange.AddPeer add) {
                addPeerArguments(command, add.peer().endpoint() == null ? null : Addresses.formatEndpoint(add.peer().endpoint()),
                        add.peer().keepalive(), add.peer().allowedIps());
            } else if (peerChange instanceof DeviceChange.UpdatePeer update) {
                if (update.kick()) {
                    // The kernel sends a keepalive at once only when the interval changes.
                    kicks.addAll(List.of("peer", update.publicKey().base64(), "persistent-keepalive", "off"));
                }
                addPeerArguments(command, update.endpoint() == null ? null : Addresses.formatEndpoint(update.endpoint()),
                        update.keepalive(), update.allowedIps());
            }
        }
        if (kicks.size() > 3) {
            commands.check(kicks);
        }
        commands.check(command);
    }

    private static void addPeerArguments(List<String> command, String endpoint, Integer keepalive, Set<Cidr> allowedIps) {
        if (endpoint != null) {
            command.add("endpoint");
            command.add(endpoint);
        }
        if (keepalive != null) {
            command.add("persistent-keepalive");
            command.add(keepalive == 0 ? "off" : keepalive.toString());
        }
        if (allowedIps != null) {
            command.add("allowed-ips");
            command.add(allowedIps.stream().map(Cidr::toString).collect(Collectors.joining(",")));
        }
    }

    @Override
    public String kind() {
        return "wg";
    }
}
