package io.edgefed.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** What a node announces to the mesh, written by its agent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VPNPeerSpec {

    /** WireGuard public key, base64 as {@code wg pubkey} prints it. */
    @Required
    private String publicKey;
    /** The node's VPN IPv4 address (held by a {@link VpnAddressClaim}). */
    private String addressV4;
    /** The node's VPN IPv6 address (held by a {@link VpnAddressClaim}). */
    private String addressV6;
    /** The UDP port WireGuard listens on. */
    @Min(1)
    @Max(65535)
    private Integer listenPort;
    /** {@code host:port} (IPv6 in brackets) at which others can reach this node, if it has one. */
    private String endpoint;
    /** Whether the node reaches the world through NAT (its outside address is not one of its own). */
    private boolean behindNat;
    /** Whether this node forwards traffic for NATted peers that cannot reach each other directly. */
    private boolean relay;

    public String getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }

    public String getAddressV4() {
        return addressV4;
    }

    public void setAddressV4(String addressV4) {
        this.addressV4 = addressV4;
    }

    public String getAddressV6() {
        return addressV6;
    }

    public void setAddressV6(String addressV6) {
        this.addressV6 = addressV6;
    }

    public Integer getListenPort() {
        return listenPort;
    }

    public void setListenPort(Integer listenPort) {
        this.listenPort = listenPort;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public boolean isBehindNat() {
        return behindNat;
    }

    public void setBehindNat(boolean behindNat) {
        this.behindNat = behindNat;
    }

    public boolean isRelay() {
        return relay;
    }

    public void setRelay(boolean relay) {
        this.relay = relay;
    }
}
