package io.edgefed.agent.node;

import java.net.InetAddress;

import io.edgefed.agent.wireguard.WireGuardKey;

/**
 * This node as the agent learns it: its name from the start, its key pair once the interface is up, its VPN addresses
 * once claimed, and whether it is behind NAT from the latest detection. Written by the start-up stages and the API
 * thread, read by the mesh loop; each fact is set whole.
 */
public final class OwnNode {

    private final String name;
    private volatile WireGuardKey privateKey;
    private volatile WireGuardKey publicKey;
    private volatile InetAddress ipv4;
    private volatile InetAddress ipv6;
    private volatile boolean behindNat = true;

    public OwnNode(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void keys(WireGuardKey privateKey, WireGuardKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public void addresses(InetAddress ipv4, InetAddress ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public void behindNat(boolean behindNat) {
        this.behindNat = behindNat;
    }

    /** Null until the key is loaded. */
    public WireGuardKey privateKey() {
        return privateKey;
    }

    public WireGuardKey publicKey() {
        return publicKey;
    }

    /** Null until the addresses are claimed. */
    public InetAddress ipv4() {
        return ipv4;
    }

    public InetAddress ipv6() {
        return ipv6;
    }

    public boolean behindNat() {
        return behindNat;
    }
}
