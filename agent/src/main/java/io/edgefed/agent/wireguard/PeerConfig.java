package io.edgefed.agent.wireguard;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one WireGuard peer as edgefed sets it: key, endpoint (null when unknown, WireGuard then learns
 * it from the peer's packets), persistent keepalive in seconds (0 = off) and allowed IPs.
 */
public record PeerConfig(WireGuardKey publicKey, InetSocketAddress endpoint, int keepalive, Set<Cidr> allowedIps) {

    public PeerConfig {
        allowedIps = Collections.unmodifiableSet(new TreeSet<>(allowedIps));
    }

    public PeerConfig withAllowedIps(Set<Cidr> ips) {
        return new PeerConfig(publicKey, endpoint, keepalive, ips);
    }
}
