package io.edgefed.agent.wireguard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The text of WireGuard's cross-platform userspace API: {@code get=1} answers are parsed into a {@link DeviceState},
 * {@link DeviceChange}s are written as one {@code set=1} request. Keys travel in lowercase hex.
 */
public final class UapiCodec {

    private UapiCodec() {
    }

    /** The {@code set=1} request for a change (never {@code replace_peers}). */
    public static String formatSet(DeviceChange change) {
        StringBuilder out = new StringBuilder(64 + change.peers().size() * 256);
        out.append("set=1\n");
        if (change.privateKey() != null) {
            out.append("private_key=").append(change.privateKey().hex()).append('\n');
        }
        if (change.listenPort() != null) {
            out.append("listen_port=").append(change.listenPort()).append('\n');
        }
        for (DeviceChange.PeerChange peerChange : change.peers()) {
            out.append("public_key=").append(peerChange.publicKey().hex()).append('\n');
            if (peerChange instanceof DeviceChange.RemovePeer) {
                out.append("remove=true\n");
            } else if (peerChange instanceof DeviceChange.AddPeer add) {
                PeerConfig peer = add.peer();
                if (peer.endpoint() != null) {
                    out.append("endpoint=").append(Addresses.formatEndpoint(peer.endpoint())).append('\n');
                }
                out.append("persistent_keepalive_interval=").append(peer.keepalive()).append('\n');
                appendAllowedIps(out, peer.allowedIps());
            } else if (peerChange instanceof DeviceChange.UpdatePeer update) {
                out.append("update_only=true\n");
                if (update.endpoint() != null) {
                    out.append("endpoint=").append(Addresses.formatEndpoint(update.endpoint())).append('\n');
                }
                if (update.kick()) {
                    // wireguard-go sends a keepalive at once only when the interval goes from 0 to non-zero.
                    out.append("persistent_keepalive_interval=0\n");
                }
                if (update.keepalive() != null) {
                    out.append("persistent_keepalive_interval=").append(update.keepalive()).append('\n');
                }
                if (update.allowedIps() != null) {
                    appendAllowedIps(out, update.allowedIps());
                }
            }
        }
        return out.append('\n').toString();
    }

    private static void appendAllowedIps(StringBuilder out, Set<Cidr> ips) {
        out.append("replace_allowed_ips=true\n");
        for (Cidr ip : ips) {
            out.append("allowed_ip=").append(ip).append('\n');
        }
    }

    /** Parses the answer to {@code get=1}; throws when it carries a non-zero errno. */
    public static DeviceState parseGet(String text) throws IOException {
        WireGuardKey privateKey = null;
        int listenPort = 0;
        Map<WireGuardKey, DeviceState.Peer> peers = new LinkedHashMap<>();
        PeerBuilder peer = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IOException("unexpected UAPI line: " + line);
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "private_key" -> privateKey = WireGuardKey.fromHex(value);
                case "listen_port" -> listenPort = Integer.parseInt(value);
                case "public_key" -> {
                    if (peer != null) {
                        peers.put(peer.key, peer.build());
                    }
                    peer = new PeerBuilder(WireGuardKey.fromHex(value));
                }
                case "endpoint" -> requirePeer(peer, line).endpoint = endpoint(value);
                case "last_handshake_time_sec" -> requirePeer(peer, line).handshakeSec = Long.parseLong(value);
                case "last_handshake_time_nsec" -> requirePeer(peer, line).handshakeNsec = Long.parseLong(value);
                case "rx_bytes" -> requirePeer(peer, line).rx = Long.parseLong(value);
                case "tx_bytes" -> requirePeer(peer, line).tx = Long.parseLong(value);
                case "persistent_keepalive_interval" -> requirePeer(peer, line).keepalive = Integer.parseInt(value);
                case "allowed_ip" -> requirePeer(peer, line).allowedIps.add(Cidr.parse(value));
                case "errno" -> {
                    if (!"0".equals(value)) {
                        throw new IOException("WireGuard answered errno=" + value);
                    }
                }
                default -> {
                    // fwmark, preshared_key, protocol_version: not used by edgefed
                }
            }
        }
        if (peer != null) {
            peers.put(peer.key, peer.build());
        }
        if (privateKey != null && privateKey.isZero()) {
            privateKey = null;
        }
        return new DeviceState(privateKey, listenPort, peers);
    }

    /** An endpoint as reported; one this code cannot read (an IPv6 zone, say) counts as unknown, not as an error. */
    private static InetSocketAddress endpoint(String value) {
        try {
            return Addresses.parseEndpoint(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PeerBuilder requirePeer(PeerBuilder peer, String line) throws IOException {
        if (peer == null) {
            throw new IOException("UAPI peer attribute before any public_key: " + line);
        }
        return peer;
    }

    private static final class PeerBuilder {
        final WireGuardKey key;
        InetSocketAddress endpoint;
        long handshakeSec;
        long handshakeNsec;
        long rx;
        long tx;
        int keepalive;
        final Set<Cidr> allowedIps = new TreeSet<>();

        PeerBuilder(WireGuardKey key) {
            this.key = key;
        }

        DeviceState.Peer build() {
            Instant handshake = handshakeSec == 0 && handshakeNsec == 0 ? null : Instant.ofEpochSecond(handshakeSec, handshakeNsec);
            return new DeviceState.Peer(new PeerConfig(key, endpoint, keepalive, allowedIps), handshake, rx, tx);
        }
    }
}
