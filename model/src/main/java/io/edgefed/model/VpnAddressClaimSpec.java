package io.edgefed.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Required;

/** Which address is claimed, and by which node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VpnAddressClaimSpec {

    /** The claimed address, in its usual text form. */
    @Required
    private String address;
    /** The node (and VPNPeer) that holds the address. */
    @Required
    private String node;

    public VpnAddressClaimSpec() {
    }

    public VpnAddressClaimSpec(String address, String node) {
        this.address = address;
        this.node = node;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }
}
