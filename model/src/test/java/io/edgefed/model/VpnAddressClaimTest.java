package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class VpnAddressClaimTest {

    @Test
    void ipv4ClaimIsNamedAfterTheDottedAddress() throws Exception {
        assertThat(VpnAddressClaim.nameFor(InetAddress.getByName("10.183.0.7"))).isEqualTo("v4-10-183-0-7");
    }

    @Test
    void everySpellingOfAnIpv6AddressGivesOneName() throws Exception {
        String compressed = VpnAddressClaim.nameFor(InetAddress.getByName("fd00::7"));
        String full = VpnAddressClaim.nameFor(InetAddress.getByName("FD00:0:0:0:0:0:0:0007"));

        assertThat(compressed).isEqualTo(full).isEqualTo("v6-fd00-0000-0000-0000-0000-0000-0000-0007");
        assertThat(compressed).matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    }
}
