package io.edgefed.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv6PrintsInTheCompressedFormToolsPrint() {
        assertThat(Addresses.format(Addresses.parseLiteral("fd65:6466:6564:0:0:0:0:7"))).isEqualTo("fd65:6466:6564::7");
        assertThat(Addresses.format(Addresses.parseLiteral("::1"))).isEqualTo("::1");
        assertThat(Addresses.format(Addresses.parseLiteral("fd00:0:1:0:0:1:0:0"))).isEqualTo("fd00:0:1::1:0:0");
        assertThat(Addresses.format(Addresses.parseLiteral("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
    }

    @Test
    void hostNamesAndBadEndpointsAreRefusedWithoutDns() {
        assertThatThrownBy(() -> Addresses.parseLiteral("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Addresses.parseEndpoint("fd00::1:51820")).hasMessageContaining("[address]:port");
        assertThatThrownBy(() -> Addresses.parseEndpoint("1.2.3.4:0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Addresses.parseEndpoint("1.2.3.4")).hasMessageContaining("not ip:port");
        assertThat(Addresses.parseEndpoint("[fd00::1]:51820")).isEqualTo(new InetSocketAddress(Addresses.parseLiteral("fd00::1"), 51820));
    }

    @Test
    void poolsGuessFromTheKeyAndNeverHandOutNetworkOrBroadcast() {
        AddressPool pool = AddressPool.parse("10.183.0.0/30");
        assertThat(pool.usable()).isEqualTo(2);
        WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
        assertThat(pool.firstGuess(key)).isIn(Addresses.parseLiteral("10.183.0.1"), Addresses.parseLiteral("10.183.0.2"));
        assertThat(pool.firstGuess(key)).isEqualTo(pool.firstGuess(key));
        assertThat(pool.next(Addresses.parseLiteral("10.183.0.2"))).isEqualTo(Addresses.parseLiteral("10.183.0.1"));
        assertThat(pool.contains(Addresses.parseLiteral("10.183.0.3"))).isFalse();
        AddressPool v6 = AddressPool.parse("fd65:6466:6564::/64");
        assertThat(v6.contains(v6.firstGuess(key))).isTrue();
        assertThat(Addresses.format(v6.firstGuess(key))).startsWith("fd65:6466:6564:0:");
    }

    @Test
    void natIsDetectedFromThePrivateSourceAddressOrFromWhatAPublicPeerSaw() throws Exception {
        assertThat(NatDetector.isPublic(Addresses.parseLiteral("192.168.1.2"))).isFalse();
        assertThat(NatDetector.isPublic(Addresses.parseLiteral("100.64.3.4"))).isFalse();
        assertThat(NatDetector.isPublic(Addresses.parseLiteral("fd65::1"))).isFalse();
        assertThat(NatDetector.isPublic(Addresses.parseLiteral("203.0.113.10"))).isTrue();
        assertThat(NatDetector.isPublic(Addresses.parseLiteral("2001:db8::1"))).isTrue();
        InetSocketAddress api = new InetSocketAddress(Addresses.parseLiteral("127.0.0.1"), 6443);
        NatDetector detector = new NatDetector(51820, Optional.empty());
        assertThat(detector.detect(api, Optional.empty()).behindNat()).isTrue();
        // A public peer saw this node at one of its own addresses: no NAT, and the endpoint is announced.
        NatDetector.Verdict seenAtOwn = detector.detect(api, Optional.of(Addresses.parseLiteral("127.0.0.1")));
        assertThat(seenAtOwn.behindNat()).isFalse();
        assertThat(seenAtOwn.endpoint()).isEqualTo("127.0.0.1:51820");
        assertThat(detector.detect(api, Optional.of(Addresses.parseLiteral("198.51.100.77"))).behindNat()).isTrue();
        NatDetector forwarded = new NatDetector(51820, Optional.of("198.51.100.77:4444"));
        assertThat(forwarded.detect(api, Optional.empty()).endpoint()).isEqualTo("198.51.100.77:4444");
    }
}
