package io.edgefed.agent.wireguard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desired configuration of a WireGuard interface: a value that can be compared with what the interface reports
 * ({@link DeviceState}) to find the few changes to make ({@link ConfigDiff}).
 */
public record WireGuardConfig(WireGuardKey privateKey, int listenPort, Map<WireGuardKey, PeerConfig> peers) {

    public WireGuardConfig {
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }
}
