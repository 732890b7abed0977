package io.edgefed.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The real thing: three agents (their jar, each in its own network namespace) against a mock API server, wireguard-go
 * interfaces, a public relay node and two home nodes behind NAT boxes. Home 2's NAT starts with
 * {@code MASQUERADE --random-fully} (a new port per destination: only the relay can connect the homes) and then
 * becomes port-preserving (the homes find each other directly and leave the relay).
 */
@Tag("network")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshNetworkIT {

    static final Duration LIMIT = Duration.ofSeconds(60);

    MeshLab lab;
    MeshLab.Node pub;
    MeshLab.Node home1;
    MeshLab.Node home2;

    @BeforeAll
    void buildTheInternet() throws Exception {
        String missing = MeshLab.missingPrerequisite();
        Assumptions.assumeTrue(missing == null, () -> "network test skipped: " + missing);
        lab = new MeshLab(Path.of("target", "network-it").toAbsolutePath());
        try {
            lab.env("EDGEFED_RESYNC_PERIOD", "1s").env("EDGEFED_RELAY_AFTER", "8s").env("EDGEFED_DIRECT_HOLD", "3s")
                    .env("EDGEFED_HEARTBEAT", "5s");
            lab.internet();
            pub = lab.publicNode("pub", "203.0.113.10");
            home1 = lab.homeNode("home-1", 1, "203.0.113.21", false);
            home2 = lab.homeNode("home-2", 2, "203.0.113.22", true);
            lab.startAgent(pub, Map.of("EDGEFED_RELAY", "true"));
            lab.startAgent(home1, Map.of());
            lab.startAgent(home2, Map.of());
            MeshLab.await("the agents' interfaces", LIMIT, 200, () -> lab.nodes().values().stream()
                    .allMatch(n -> n.uapiSocket().toFile().exists() && n.stateDir().resolve("vpn-ipv4").toFile().exists()));
            lab.enableRelay(pub);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void publicAndNattedNodesPingEachOtherOverVpnIpv4AndIpv6() throws Exception {
        Duration took = MeshLab.await("pub <-> home-1/home-2 over IPv4 and IPv6", LIMIT, 200,
                () -> lab.ping(pub, home1.ipv4()) && lab.ping(pub, home2.ipv4()) && lab.ping(pub, home1.ipv6())
                        && lab.ping(pub, home2.ipv6()) && lab.ping(home1, pub.ipv4()) && lab.ping(home2, pub.ipv6()));
        System.out.printf("mesh up (public <-> NATted, v4 and v6) %d ms after the interfaces existed%n", took.toMillis());
        VPNPeerSpec homeSpec = lab.client().resources(VPNPeer.class).withName("home-1").get().getSpec();
        assertThat(homeSpec.isBehindNat()).isTrue();
        assertThat(homeSpec.getEndpoint()).isNull();
        VPNPeerSpec pubSpec = lab.client().resources(VPNPeer.class).withName("pub").get().getSpec();
        assertThat(pubSpec.isBehindNat()).isFalse();
        assertThat(pubSpec.getEndpoint()).isEqualTo("203.0.113.10:51820");
        assertThat(pubSpec.isRelay()).isTrue();
        // SmallRye Health of the public node's agent, through the lab's internet.
        java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://203.0.113.10:9180/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"edgefed-mesh\"", "\"interfaceUp\": true", "\"peersApplied\": 2");
    }

    @Test
    @Order(2)
    void nattedNodesBehindAPortRandomizingNatTalkThroughTheRelay() throws Exception {
        Duration took = MeshLab.await("home-1 <-> home-2 through the relay", LIMIT, 250,
                () -> path("home-1", "home-2") == PeerPath.Mode.RELAY && path("home-2", "home-1") == PeerPath.Mode.RELAY
                        && lab.ping(home1, home2.ipv4()) && lab.ping(home2, home1.ipv6()));
        System.out.printf("NAT <-> NAT through the relay after %d ms%n", took.toMillis());
        assertThat(lab.client().resources(VPNPeer.class).withName("home-1").get().getStatus().getPaths().get("home-2").getVia())
                .isEqualTo("pub");
        DeviceState home1Interface = lab.wireGuard(home1);
        WireGuardKey pubKey = WireGuardKey.fromBase64(spec("pub").getPublicKey());
        WireGuardKey home2Key = WireGuardKey.fromBase64(spec("home-2").getPublicKey());
        assertThat(home1Interface.peers().get(pubKey).config().allowedIps()).contains(Cidr.host(home2.ipv4()), Cidr.host(home2.ipv6()));
        // The direct peer stays, without allowed IPs, with endpoint and keepalive: it keeps probing the direct path.
        assertThat(home1Interface.peers().get(home2Key).config().allowedIps()).isEmpty();
        assertThat(home1Interface.peers().get(home2Key).config().keepalive()).isEqualTo(25);
        assertThat(lab.client().resources(VPNPeer.class).withName("pub").get().getStatus().getObservedEndpoints())
                .containsKeys("home-1", "home-2");
    }

    @Test
    @Order(3)
    void nattedNodesTalkDirectlyWhenBothNatsKeepOneMappingPerSocket() throws Exception {
        lab.setNat(2, false);
        Duration took = MeshLab.await("home-1 <-> home-2 directly", LIMIT, 250,
                () -> path("home-1", "home-2") == PeerPath.Mode.DIRECT && path("home-2", "home-1") == PeerPath.Mode.DIRECT
                        && lab.ping(home1, home2.ipv4()) && lab.ping(home2, home1.ipv4()) && lab.ping(home1, home2.ipv6()));
        System.out.printf("NAT <-> NAT directly %d ms after the NAT stopped randomizing ports%n", took.toMillis());
        DeviceState home1Interface = lab.wireGuard(home1);
        WireGuardKey pubKey = WireGuardKey.fromBase64(spec("pub").getPublicKey());
        WireGuardKey home2Key = WireGuardKey.fromBase64(spec("home-2").getPublicKey());
        assertThat(home1Interface.peers().get(home2Key).config().allowedIps()).containsExactly(Cidr.host(home2.ipv4()),
                Cidr.host(home2.ipv6()));
        assertThat(home1Interface.peers().get(home2Key).lastHandshake()).isNotNull();
        assertThat(home1Interface.peers().get(pubKey).config().allowedIps()).doesNotContain(Cidr.host(home2.ipv4()));
        assertThat(Addresses.formatEndpoint(home1Interface.peers().get(home2Key).endpoint())).isEqualTo("203.0.113.22:51820");
    }

    @Test
    @Order(4)
    void aNewPeerReachesEveryInterfaceAndADeletedOneDisappearsFromEvery() throws Exception {
        WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
        VPNPeer ghost = newPeer("ghost", key.base64(), "10.183.250.1", "fd65:6466:6564::fa:1", "203.0.113.99:51820");
        lab.addPeer(ghost);
        Duration arrived = MeshLab.await("ghost on every interface", LIMIT, 20, () -> onEveryInterface(key, true));
        System.out.printf("a new VPNPeer was on all 3 interfaces %d ms after its creation%n", arrived.toMillis());
        lab.client().resources(VPNPeer.class).withName("ghost").delete();
        Duration gone = MeshLab.await("ghost gone from every interface", LIMIT, 20, () -> onEveryInterface(key, false));
        System.out.printf("a deleted VPNPeer was gone from all 3 interfaces %d ms after its deletion%n", gone.toMillis());
        assertThat(lab.ping(home1, pub.ipv4())).isTrue();
    }

    @Test
    @Order(5)
    void aBadPeerIsSkippedWithAnEventAndEveryOtherPeerKeepsWorking() throws Exception {
        lab.client().resources(VPNPeer.class).resource(newPeer("broken", "not-a-key", "10.183.250.2", null, null)).create();
        MeshLab.await("an Event about the broken peer from every agent", LIMIT, 200,
                () -> lab.client().v1().events().inNamespace("default").list().getItems().stream()
                        .filter(e -> "broken".equals(e.getInvolvedObject().getName()) && "InvalidPeer".equals(e.getReason()))
                        .map(e -> e.getSource().getHost()).distinct().count() == 3);
        assertThat(lab.ping(home1, pub.ipv4())).isTrue();
        assertThat(lab.ping(pub, home2.ipv6())).isTrue();
        assertThat(lab.wireGuard(pub).peers()).hasSize(2);
        lab.client().resources(VPNPeer.class).withName("broken").delete();
    }

    @Test
    @Order(6)
    void withoutTheApiServerTheMeshKeepsWorkingAndCatchesUpAfterwards() throws Exception {
        lab.blockApi(pub, true);
        try {
            WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
            lab.addPeer(newPeer("late", key.base64(), "10.183.250.3", "fd65:6466:6564::fa:3", "203.0.113.98:51820"));
            Thread.sleep(12_000); // a dozen resync periods and two heartbeats fail against the unreachable API
            assertThat(lab.ping(pub, home1.ipv4())).isTrue();
            assertThat(lab.ping(home2, pub.ipv6())).isTrue();
            assertThat(lab.wireGuard(pub).peers()).hasSize(2);
            lab.blockApi(pub, false);
            Duration caughtUp = MeshLab.await("the peer made during the outage on pub", LIMIT, 200,
                    () -> lab.wireGuard(pub).peers().containsKey(key));
            System.out.printf("pub caught up %d ms after the API came back%n", caughtUp.toMillis());
            lab.client().resources(VPNPeer.class).withName("late").delete();
        } finally {
            try {
                lab.blockApi(pub, false);
            } catch (java.io.IOException alreadyRestored) {
                // the rules were removed above
            }
        }
    }

    @Test
    @Order(7)
    void aNodeWhosePublicAddressChangesIsReachableAgainWithin30Seconds() throws Exception {
        assertThat(lab.ping(pub, home1.ipv4())).isTrue();
        lab.renumberNat(1, "203.0.113.21", "203.0.113.31");
        Duration back = MeshLab.await("home-1 reachable from pub after its NAT got a new address", Duration.ofSeconds(30), 100,
                () -> lab.ping(pub, home1.ipv4()));
        System.out.printf("home-1 reachable again %d ms after its public address changed%n", back.toMillis());
        MeshLab.await("pub publishes home-1's new endpoint", Duration.ofSeconds(10), 200,
                () -> "203.0.113.31:51820".equals(lab.client().resources(VPNPeer.class).withName("pub").get().getStatus()
                        .getObservedEndpoints().get("home-1")));
    }

    private PeerPath.Mode path(String node, String peer) {
        VPNPeer record = lab.client().resources(VPNPeer.class).withName(node).get();
        if (record == null || record.getStatus() == null || record.getStatus().getPaths() == null) {
            return null;
        }
        PeerPath path = record.getStatus().getPaths().get(peer);
        return path == null ? null : path.getMode();
    }

    private VPNPeerSpec spec(String name) {
        return lab.client().resources(VPNPeer.class).withName(name).get().getSpec();
    }

    private boolean onEveryInterface(WireGuardKey key, boolean present) throws Exception {
        for (MeshLab.Node node : lab.nodes().values()) {
            if (lab.wireGuard(node).peers().containsKey(key) != present) {
                return false;
            }
        }
        return true;
    }

    static VPNPeer newPeer(String name, String key, String v4, String v6, String endpoint) {
        VPNPeer peer = new VPNPeer();
        peer.setMetadata(new ObjectMetaBuilder().withName(name).build());
        VPNPeerSpec spec = new VPNPeerSpec();
        spec.setPublicKey(key);
        spec.setAddressV4(v4);
        spec.setAddressV6(v6);
        spec.setEndpoint(endpoint);
        spec.setListenPort(51820);
        peer.setSpec(spec);
        return peer;
    }
}
