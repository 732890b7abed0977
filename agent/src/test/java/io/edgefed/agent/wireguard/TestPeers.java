package io.edgefed.agent.wireguard;

import java.security.SecureRandom;
import java.util.Set;
import java.util.TreeSet;

/** Keys and peer configurations for tests of the interface model and of what acts on it. */
public final class TestPeers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPeers() {
    }

    /** A fresh random public key. */
    public static WireGuardKey key() {
        return WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(RANDOM));
    }

    /** A peer; {@code endpoint} as {@code host:port} or null, {@code ips} as CIDRs. */
    public static PeerConfig peer(WireGuardKey key, String endpoint, int keepalive, String... ips) {
        Set<Cidr> allowed = new TreeSet<>();
        for (String ip : ips) {
            allowed.add(Cidr.parse(ip));
        }
        return new PeerConfig(key, endpoint == null ? null : Addresses.parseEndpoint(endpoint), keepalive, allowed);
    }
}
