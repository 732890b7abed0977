package io.edgefed.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.Cidr;
import io.edgefed.agent.wireguard.ConfigDiff;
import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.PeerConfig;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerStatus;
import io.edgefed.model.testing.VPNPeerFixture;

class MeshPlanTest {

    static final SecureRandom RANDOM = new SecureRandom();
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);
    /** No inactive peers to judge differently, no round-trip times, no relay in use. */
    static final MeshPlan.Context CALM = new MeshPlan.Context(NOW, HOUR, Map.of(), null);
    final WireGuardKey selfPrivate = WireGuardKeys.generatePrivate(RANDOM);
    final WireGuardKey selfPublic = WireGuardKeys.publicKeyOf(selfPrivate);

    MeshPlan.Self self(boolean behindNat) {
        return new MeshPlan.Self("home-1", selfPrivate, selfPublic, 51820, Addresses.parseLiteral("10.183.0.1"),
                Addresses.parseLiteral("fd65:6466:6564::1"), behindNat);
    }

    static String newKey() {
        return WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(RANDOM)).base64();
    }

    @Test
    void everyGoodPeerGetsItsOwnAddressesAsAllowedIpsAndKeepaliveBehindNat() {
        VPNPeer pub = VPNPeerFixture.peer("pub").created("2026-01-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.10", "fd65:6466:6564::10").endpoint("203.0.113.10:51820").relay(true).build();
        VPNPeer home2 = VPNPeerFixture.peer("home-2").created("2026-01-01T00:00:01Z")
                .publicKey(newKey()).addresses("10.183.0.2", "fd65:6466:6564::2").behindNat(true).build();
        MeshPlan.Result plan = MeshPlan.compute(self(true), List.of(pub, home2), Set.of(), 25, CALM);
        assertThat(plan.skipped()).isEmpty();
        PeerConfig pubConfig = plan.config().peers().get(WireGuardKey.fromBase64(pub.getSpec().getPublicKey()));
        assertThat(pubConfig.allowedIps()).containsExactly(Cidr.parse("10.183.0.10/32"), Cidr.parse("fd65:6466:6564::10/128"));
        assertThat(Addresses.formatEndpoint(pubConfig.endpoint())).isEqualTo("203.0.113.10:51820");
        assertThat(pubConfig.keepalive()).isEqualTo(25);
        assertThat(plan.relayable()).containsExactly("home-2");
        assertThat(MeshPlan.compute(self(false), List.of(pub, home2), Set.of(), 25, CALM).config().peers().values())
                .allSatisfy(p -> assertThat(p.keepalive()).isZero());
    }

    @Test
    void natToNatUsesTheEndpointAPublicPeerObservedAndTheRelayWhenTold() {
        VPNPeer pub = VPNPeerFixture.peer("pub").created("2026-01-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.10", "fd65:6466:6564::10").endpoint("203.0.113.10:51820").relay(true)
                .observedEndpoints(Map.of("home-2", "203.0.113.22:51820")).build();
        VPNPeer home2 = VPNPeerFixture.peer("home-2").created("2026-01-01T00:00:01Z")
                .publicKey(newKey()).addresses("10.183.0.2", "fd65:6466:6564::2").behindNat(true).build();
        WireGuardKey home2Key = WireGuardKey.fromBase64(home2.getSpec().getPublicKey());
        WireGuardKey pubKey = WireGuardKey.fromBase64(pub.getSpec().getPublicKey());

        MeshPlan.Result direct = MeshPlan.compute(self(true), List.of(pub, home2), Set.of(), 25, CALM);
        assertThat(Addresses.formatEndpoint(direct.config().peers().get(home2Key).endpoint())).isEqualTo("203.0.113.22:51820");
        assertThat(direct.peers().get("home-2").mode()).isEqualTo(PeerPath.Mode.DIRECT);

        MeshPlan.Result relayed = MeshPlan.compute(self(true), List.of(pub, home2), Set.of("home-2"), 25, CALM);
        PeerConfig probe = relayed.config().peers().get(home2Key);
        assertThat(probe.allowedIps()).isEmpty();
        assertThat(probe.endpoint()).isNotNull();
        assertThat(probe.keepalive()).isEqualTo(25);
        assertThat(relayed.config().peers().get(pubKey).allowedIps()).contains(Cidr.parse("10.183.0.2/32"), Cidr.parse("fd65:6466:6564::2/128"));
        assertThat(relayed.peers().get("home-2").via()).isEqualTo("pub");
    }

    @Test
    void badPeersAreSkippedWithAReasonAndTheOthersStay() {
        List<VPNPeer> records = new ArrayList<>();
        VPNPeer good = VPNPeerFixture.peer("good").created("2026-01-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.2", "fd65:6466:6564::2").endpoint("203.0.113.5:51820").build();
        records.add(good);
        records.add(VPNPeerFixture.peer("bad-key").created("2026-01-01T00:00:01Z")
                .publicKey("definitely-not-a-key").addresses("10.183.0.3", "fd65:6466:6564::3").behindNat(true).build());
        records.add(VPNPeerFixture.peer("bad-address").created("2026-01-01T00:00:02Z")
                .publicKey(newKey()).addresses("10.183.0.300", null).behindNat(true).build());
        records.add(VPNPeerFixture.peer("v6-in-v4").created("2026-01-01T00:00:02Z")
                .publicKey(newKey()).addresses("fd65::9", null).behindNat(true).build());
        records.add(VPNPeerFixture.peer("bad-endpoint").created("2026-01-01T00:00:03Z")
                .publicKey(newKey()).addresses("10.183.0.5", null).endpoint("example.org:port").build());
        records.add(VPNPeerFixture.peer("hostname-endpoint").created("2026-01-01T00:00:03Z")
                .publicKey(newKey()).addresses("10.183.0.6", null).endpoint("example.org:51820").build());
        records.add(VPNPeerFixture.peer("copycat").created("2026-01-01T00:00:04Z")
                .publicKey(newKey()).addresses("10.183.0.2", "fd65:6466:6564::7").behindNat(true).build());
        records.add(VPNPeerFixture.peer("my-twin").created("2026-01-01T00:00:05Z")
                .publicKey(newKey()).addresses("10.183.0.1", null).behindNat(true).build());
        records.add(VPNPeerFixture.peer("same-key").created("2026-01-01T00:00:06Z")
                .publicKey(good.getSpec().getPublicKey()).addresses("10.183.0.8", null).behindNat(true).build());
        MeshPlan.Result plan = MeshPlan.compute(self(true), records, Set.of(), 25, CALM);
        assertThat(plan.peers().keySet()).containsExactly("good");
        assertThat(plan.skipped()).extracting(s -> s.peer().getMetadata().getName() + ": " + s.reason()).containsExactlyInAnyOrder(
                "bad-key: malformed public key 'definitely-not-a-key'",
                "bad-address: malformed addressV4 '10.183.0.300'",
                "v6-in-v4: addressV4 'fd65::9' is of the wrong family",
                "bad-endpoint: unparsable endpoint: endpoint 'example.org:port' has no numeric port",
                "hostname-endpoint: unparsable endpoint: not an IP address: 'example.org'",
                "copycat: duplicate address 10.183.0.2, held by good",
                "my-twin: duplicate address 10.183.0.1, held by home-1",
                "same-key: duplicate public key, used by good");
    }

    @Test
    void theOlderRecordKeepsADuplicatedAddressWhicheverOrderTheyCome() {
        VPNPeer old = VPNPeerFixture.peer("old").created("2026-01-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.2", null).behindNat(true).build();
        VPNPeer newer = VPNPeerFixture.peer("newer").created("2026-02-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.2", null).behindNat(true).build();
        assertThat(MeshPlan.compute(self(true), List.of(newer, old), Set.of(), 25, CALM).peers().keySet()).containsExactly("old");
        assertThat(MeshPlan.compute(self(true), List.of(old, newer), Set.of(), 25, CALM).peers().keySet()).containsExactly("old");
    }

    @Test
    void thisNodesOwnRecordIsNotAPeer() {
        VPNPeer me = VPNPeerFixture.peer("home-1").created("2026-01-01T00:00:00Z")
                .publicKey(selfPublic.base64()).addresses("10.183.0.1", null).behindNat(true).build();
        MeshPlan.Result plan = MeshPlan.compute(self(true), List.of(me), Set.of(), 25, CALM);
        assertThat(plan.peers()).isEmpty();
        assertThat(plan.skipped()).isEmpty();
    }

    static VPNPeer inactiveSince(VPNPeer peer, String since) {
        VPNPeerStatus status = peer.getStatus() == null ? new VPNPeerStatus() : peer.getStatus();
        status.setInactiveSince(since);
        peer.setStatus(status);
        return peer;
    }

    static WireGuardKey keyOf(VPNPeer peer) {
        return WireGuardKey.fromBase64(peer.getSpec().getPublicKey());
    }

    /** Two public relays and a second home node, which this home node reaches through a relay. */
    List<VPNPeer> twoRelaysAndAHome() {
        return List.of(
                VPNPeerFixture.peer("relay-a").created("2026-01-01T00:00:00Z")
                        .publicKey(newKey()).addresses("10.183.0.10", "fd65:6466:6564::10").endpoint("203.0.113.10:51820").relay(true).build(),
                VPNPeerFixture.peer("relay-b").created("2026-01-01T00:00:01Z")
                        .publicKey(newKey()).addresses("10.183.0.11", "fd65:6466:6564::11").endpoint("198.51.100.11:51820").relay(true).build(),
                VPNPeerFixture.peer("home-2").created("2026-01-01T00:00:02Z")
                        .publicKey(newKey()).addresses("10.183.0.2", "fd65:6466:6564::2").behindNat(true).build());
    }

    static MeshPlan.Context rtts(Map<String, Duration> rtts, String inUse) {
        return new MeshPlan.Context(NOW, HOUR, rtts, inUse);
    }

    @Test
    void theRelayWithTheLowestRoundTripTimeCarriesTheRelayedPeer() {
        List<VPNPeer> records = twoRelaysAndAHome();
        MeshPlan.Result plan = MeshPlan.compute(self(true), records, Set.of("home-2"),
                25, rtts(Map.of("relay-a", Duration.ofMillis(80), "relay-b", Duration.ofMillis(12)), null));
        assertThat(plan.relay()).isEqualTo("relay-b");
        assertThat(plan.peers().get("home-2").via()).isEqualTo("relay-b");
        assertThat(plan.config().peers().get(keyOf(records.get(1))).allowedIps()).contains(Cidr.parse("10.183.0.2/32"));
        assertThat(plan.config().peers().get(keyOf(records.get(0))).allowedIps()).doesNotContain(Cidr.parse("10.183.0.2/32"));
        assertThat(plan.relayCandidates()).containsOnlyKeys("relay-a", "relay-b");
        assertThat(Addresses.format(plan.relayCandidates().get("relay-b"))).isEqualTo("10.183.0.11");
    }

    @Test
    void withoutMeasurementsTheFirstRelayByNameIsUsedAsBefore() {
        MeshPlan.Result plan = MeshPlan.compute(self(true), twoRelaysAndAHome(), Set.of("home-2"), 25, CALM);
        assertThat(plan.relay()).isEqualTo("relay-a");
        assertThat(plan.peers().get("home-2").via()).isEqualTo("relay-a");
    }

    @Test
    void theRelayInUseStaysUnlessAnotherIsClearlyFaster() {
        List<VPNPeer> records = twoRelaysAndAHome();
        MeshPlan.Result jitter = MeshPlan.compute(self(true), records, Set.of("home-2"), 25,
                rtts(Map.of("relay-a", Duration.ofMillis(30), "relay-b", Duration.ofMillis(27)), "relay-a"));
        assertThat(jitter.peers().get("home-2").via()).isEqualTo("relay-a");
        MeshPlan.Result faster = MeshPlan.compute(self(true), records, Set.of("home-2"), 25,
                rtts(Map.of("relay-a", Duration.ofMillis(30), "relay-b", Duration.ofMillis(18)), "relay-a"));
        assertThat(faster.peers().get("home-2").via()).isEqualTo("relay-b");
    }

    @Test
    void aPublicNodeChoosesNoRelayAndMeasuresNone() {
        MeshPlan.Result plan = MeshPlan.compute(self(false), twoRelaysAndAHome(), Set.of(), 25, CALM);
        assertThat(plan.relay()).isNull();
        assertThat(plan.relayCandidates()).isEmpty();
    }

    @Test
    void anInactiveRelayIsNeverChosenButStaysConfigured() {
        List<VPNPeer> records = twoRelaysAndAHome();
        inactiveSince(records.get(1), "2026-11-27T09:50:00Z");
        MeshPlan.Result plan = MeshPlan.compute(self(true), records, Set.of("home-2"), 25,
                rtts(Map.of("relay-a", Duration.ofMillis(80), "relay-b", Duration.ofMillis(12)), "relay-b"));
        assertThat(plan.relay()).isEqualTo("relay-a");
        assertThat(plan.peers().get("home-2").via()).isEqualTo("relay-a");
        assertThat(plan.relayCandidates()).containsOnlyKeys("relay-a");
        assertThat(plan.config().peers().get(keyOf(records.get(1))).allowedIps())
                .containsExactly(Cidr.parse("10.183.0.11/32"), Cidr.parse("fd65:6466:6564::11/128"));
        assertThat(plan.notes()).isEmpty();

        inactiveSince(records.get(0), "2026-11-27T09:55:00Z");
        MeshPlan.Result noRelay = MeshPlan.compute(self(true), records, Set.of("home-2"), 25, CALM);
        assertThat(noRelay.relay()).isNull();
        assertThat(noRelay.relayable()).isEmpty();
        assertThat(noRelay.peers().get("home-2").mode()).isEqualTo(PeerPath.Mode.DIRECT);
        assertThat(noRelay.config().peers().get(keyOf(records.get(2))).allowedIps()).contains(Cidr.parse("10.183.0.2/32"));
    }

    @Test
    void aPeerInactiveForLongerThanTheLimitIsLeftOutAndComesBackWhenActive() {
        VPNPeer pub = VPNPeerFixture.peer("pub").created("2026-01-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.10", "fd65:6466:6564::10").endpoint("203.0.113.10:51820").relay(true).build();
        VPNPeer home3 = VPNPeerFixture.peer("home-3").created("2026-01-01T00:00:02Z")
                .publicKey(newKey()).addresses("10.183.0.3", "fd65:6466:6564::3").behindNat(true).build();
        inactiveSince(home3, "2026-11-27T09:00:00Z");

        MeshPlan.Result atTheLimit = MeshPlan.compute(self(true), List.of(pub, home3), Set.of(), 25, CALM);
        assertThat(atTheLimit.config().peers()).containsKey(keyOf(home3));

        MeshPlan.Context later = new MeshPlan.Context(NOW.plusSeconds(1), HOUR, Map.of(), null);
        MeshPlan.Result past = MeshPlan.compute(self(true), List.of(pub, home3), Set.of(), 25, later);
        assertThat(past.config().peers()).containsOnlyKeys(keyOf(pub));
        assertThat(past.peers()).containsOnlyKeys("pub");
        assertThat(past.skipped()).isEmpty();
        assertThat(past.notes()).singleElement().asString().startsWith("home-3: inactive since 2026-11-27T09:00:00Z");
        // The diff against an interface that still has it removes it, and nothing else.
        DeviceState onInterface = new DeviceState(selfPrivate, 51820, Map.of(
                keyOf(pub), new DeviceState.Peer(atTheLimit.config().peers().get(keyOf(pub)), null, 0, 0),
                keyOf(home3), new DeviceState.Peer(atTheLimit.config().peers().get(keyOf(home3)), null, 0, 0)));
        assertThat(ConfigDiff.between(past.config(), onInterface, later.now()).peers())
                .containsExactly(new DeviceChange.RemovePeer(keyOf(home3)));

        inactiveSince(home3, null);
        MeshPlan.Result back = MeshPlan.compute(self(true), List.of(pub, home3), Set.of(), 25, later);
        assertThat(back.config().peers()).containsKey(keyOf(home3));
        assertThat(back.notes()).isEmpty();
    }

    @Test
    void aLongInactivePeerStillHoldsItsAddressAgainstANewerRecord() {
        VPNPeer gone = VPNPeerFixture.peer("gone").created("2026-01-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.2", null).behindNat(true).inactiveSince("2026-11-27T07:00:00Z").build();
        VPNPeer newer = VPNPeerFixture.peer("newer").created("2026-02-01T00:00:00Z")
                .publicKey(newKey()).addresses("10.183.0.2", null).behindNat(true).build();
        MeshPlan.Result plan = MeshPlan.compute(self(true), List.of(gone, newer), Set.of(), 25, CALM);
        assertThat(plan.peers()).isEmpty();
        assertThat(plan.skipped()).extracting(s -> s.peer().getMetadata().getName()).containsExactly("newer");
    }

    @Test
    void anUnparsableInactiveSinceMakesNoRelayButKeepsThePeerWithANote() {
        List<VPNPeer> records = twoRelaysAndAHome();
        inactiveSince(records.get(0), "yesterday-ish");
        MeshPlan.Result plan = MeshPlan.compute(self(true), records, Set.of("home-2"), 25, CALM);
        assertThat(plan.relay()).isEqualTo("relay-b");
        assertThat(plan.config().peers()).containsKey(keyOf(records.get(0)));
        assertThat(plan.notes()).containsExactly(
                "relay-a: unparsable status.inactiveSince 'yesterday-ish'; treated as inactive, kept in WireGuard");
    }
}
