package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.testing.VPNPeerFixture;

class ClaimConsistencyTest {

    private final Map<String, VpnAddressClaim> claims = new HashMap<>();

    private void claim(String address, String node) throws Exception {
        VpnAddressClaim claim = Claims.claim(address, node);
        claims.put(claim.getMetadata().getName(), claim);
    }

    private List<String> problems(String v4, String v6) {
        return ClaimConsistency.problems(VPNPeerFixture.peer("node-a").publicKey("k").addresses(v4, v6).build(),
                name -> Optional.ofNullable(claims.get(name)));
    }

    @Test
    void addressesHeldByTheNodesOwnClaimsAreFine() throws Exception {
        claim("10.183.0.7", "node-a");
        claim("fd00::7", "node-a");

        assertThat(problems("10.183.0.7", "fd00:0:0:0:0:0:0:7")).isEmpty();
    }

    @Test
    void anAddressWithoutClaimIsReportedWithTheClaimItNeeds() {
        assertThat(problems("10.183.0.7", null))
                .containsExactly("addressV4 10.183.0.7 has no VpnAddressClaim v4-10-183-0-7; "
                        + "the node's agent must claim the address before using it");
    }

    @Test
    void anAddressClaimedByAnotherNodeIsReportedWithThatNode() throws Exception {
        claim("fd00::7", "node-b");

        assertThat(problems(null, "fd00::7")).singleElement().asString()
                .contains("claimed by node node-b").contains("v6-fd00-0000-0000-0000-0000-0000-0000-0007");
    }

    @Test
    void aClaimWhoseAddressDisagreesWithItsNameIsReported() throws Exception {
        claim("10.183.0.7", "node-a");
        claims.get("v4-10-183-0-7").getSpec().setAddress("10.183.0.8");

        assertThat(problems("10.183.0.7", null)).singleElement().asString().contains("names address '10.183.0.8'");
    }

    @Test
    void malformedAddressesAreReportedWithoutAskingDns() {
        assertThat(problems("localhost", "fd00::zz"))
                .containsExactly("addressV4 'localhost' is not an IPv4 address",
                        "addressV6 'fd00::zz' is not an IPv6 address");
        assertThat(problems("fd00::1", "10.0.0.1")).hasSize(2);
    }

    @Test
    void aPeerWithoutAddressesHasNothingToClaim() {
        assertThat(problems(null, null)).isEmpty();
    }
}
