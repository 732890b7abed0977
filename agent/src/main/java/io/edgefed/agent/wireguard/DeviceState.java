package io.edgefed.agent.wireguard;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a WireGuard interface reports: its key and port, and for each peer the configuration in force plus what
 * WireGuard observed (the endpoint it roamed to, the latest handshake).
 */
public record DeviceState(WireGuardKey privateKey, int listenPort, Map<WireGuardKey, Peer> peers) {

    public DeviceState {
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    /** One peer as the interface reports it; {@code lastHandshake} is null when there was none. */
    public record Peer(PeerConfig config, Instant lastHandshake, long rxBytes, long txBytes) {

        public InetSocketAddress endpoint() {
            return config.endpoint();
        }
    }
}
