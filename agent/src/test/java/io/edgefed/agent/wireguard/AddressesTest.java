package io.edgefed.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.mesh.NatDetector;
import io.edgefed.agent.record.AddressPool;

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
        NatDetector detector = new NatDetector(51820, Optional.empty(), "auto");
        assertThat(detector.detect(api, Optional.empty()).behindNat()).isTrue();
        // A public peer saw this node at one of its own addresses and its port: no NAT, and the endpoint is announced.
        NatDetector.Verdict seenAtOwn = detector.detect(api, Optional.of(endpoint("127.0.0.1:51820")));
        assertThat(seenAtOwn.behindNat()).isFalse();
        assertThat(seenAtOwn.endpoint()).isEqualTo("127.0.0.1:51820");
        // The observation is remembered: public peers stop publishing observations of public nodes.
        assertThat(detector.detect(api, Optional.empty()).behindNat()).isFalse();
        // Its own address but another port: a port-translating NAT in between.
        assertThat(detector.detect(api, Optional.of(endpoint("127.0.0.1:40000"))).behindNat()).isTrue();
        NatDetector.Verdict elsewhere = detector.detect(api, Optional.of(endpoint("198.51.100.77:51820")));
        assertThat(elsewhere.behindNat()).isTrue();
        assertThat(elsewhere.endpoint()).isNull();
        assertThat(elsewhere.why()).contains("198.51.100.77:51820");
    }

    @Test
    void anAnnouncedEndpointOrPublicTrueMakesANodeWithAPrivateAddressPublic() throws Exception {
        InetSocketAddress api = new InetSocketAddress(Addresses.parseLiteral("127.0.0.1"), 6443);
        NatDetector forwarded = new NatDetector(51820, Optional.of("10.200.0.1:4444"), "auto");
        NatDetector.Verdict verdict = forwarded.detect(api, Optional.of(endpoint("198.51.100.77:51820")));
        assertThat(verdict.behindNat()).isFalse();
        assertThat(verdict.endpoint()).isEqualTo("10.200.0.1:4444");
        assertThat(verdict.why()).contains("EDGEFED_ENDPOINT");
        NatDetector forcedPublic = new NatDetector(51820, Optional.empty(), "TRUE");
        assertThat(forcedPublic.detect(api, Optional.of(endpoint("198.51.100.77:51820"))).endpoint()).isEqualTo("127.0.0.1:51820");
        // A port forward behind a NAT the node knows about: announced, still behind NAT.
        NatDetector forcedNat = new NatDetector(51820, Optional.of("198.51.100.77:4444"), "false");
        NatDetector.Verdict natted = forcedNat.detect(api, Optional.empty());
        assertThat(natted.behindNat()).isTrue();
        assertThat(natted.endpoint()).isEqualTo("198.51.100.77:4444");
        assertThatThrownBy(() -> new NatDetector(51820, Optional.empty(), "maybe")).hasMessageContaining("EDGEFED_PUBLIC");
        assertThatThrownBy(() -> new NatDetector(51820, Optional.of("no-port"), "auto")).hasMessageContaining("EDGEFED_ENDPOINT");
    }

    private static InetSocketAddress endpoint(String text) {
        return Addresses.parseEndpoint(text);
    }
}
