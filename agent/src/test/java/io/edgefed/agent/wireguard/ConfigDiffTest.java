package io.edgefed.agent.wireguard;

import static io.edgefed.agent.wireguard.TestPeers.key;
import static io.edgefed.agent.wireguard.TestPeers.peer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    static final SecureRandom RANDOM = new SecureRandom();
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    final WireGuardKey privateKey = WireGuardKeys.generatePrivate(RANDOM);

    WireGuardConfig desired(PeerConfig... peers) {
        Map<WireGuardKey, PeerConfig> map = new LinkedHashMap<>();
        for (PeerConfig p : peers) {
            map.put(p.publicKey(), p);
        }
        return new WireGuardConfig(privateKey, 51820, map);
    }

    DeviceState actual(Map<PeerConfig, Instant> peers) {
        Map<WireGuardKey, DeviceState.Peer> map = new LinkedHashMap<>();
        peers.forEach((p, handshake) -> map.put(p.publicKey(), new DeviceState.Peer(p, handshake, 0, 0)));
        return new DeviceState(privateKey, 51820, map);
    }

    @Test
    void untouchedPeersProduceNoOperationsAtAll() {
        PeerConfig a = peer(key(), "203.0.113.10:51820", 25, "10.183.0.1/32", "fd65:6466:6564::1/128");
        PeerConfig b = peer(key(), null, 25, "10.183.0.2/32");
        DeviceChange change = ConfigDiff.between(desired(a, b), actual(Map.of(a, NOW, b, NOW.minusSeconds(500))), NOW);
        assertThat(change.isEmpty()).isTrue();
        assertThat(UapiCodec.formatSet(change)).isEqualTo("set=1\n\n");
    }

    @Test
    void addedChangedAndRemovedPeersAreTheOnlyOperations() {
        PeerConfig same = peer(key(), "203.0.113.10:51820", 25, "10.183.0.1/32");
        PeerConfig gone = peer(key(), "203.0.113.11:51820", 25, "10.183.0.9/32");
        PeerConfig changedBefore = peer(key(), "203.0.113.12:51820", 25, "10.183.0.3/32");
        PeerConfig changedAfter = peer(changedBefore.publicKey(), "203.0.113.12:51820", 25, "10.183.0.3/32", "fd65:6466:6564::3/128");
        PeerConfig added = peer(key(), null, 25, "10.183.0.4/32");
        Map<PeerConfig, Instant> have = new LinkedHashMap<>();
        have.put(same, NOW);
        have.put(gone, NOW);
        have.put(changedBefore, NOW);
        DeviceChange change = ConfigDiff.between(desired(same, changedAfter, added), actual(have), NOW);
        assertThat(change.privateKey()).isNull();
        assertThat(change.listenPort()).isNull();
        assertThat(change.peers()).containsExactly(
                new DeviceChange.RemovePeer(gone.publicKey()),
                new DeviceChange.UpdatePeer(changedAfter.publicKey(), null, null, changedAfter.allowedIps(), false),
                new DeviceChange.AddPeer(added));
        String uapi = UapiCodec.formatSet(change);
        assertThat(uapi).doesNotContain("replace_peers").doesNotContain(same.publicKey().hex());
        assertThat(uapi).contains("public_key=" + gone.publicKey().hex() + "\nremove=true\n");
        assertThat(uapi).contains("public_key=" + changedAfter.publicKey().hex() + "\nupdate_only=true\nreplace_allowed_ips=true\n"
                + "allowed_ip=10.183.0.3/32\nallowed_ip=fd65:6466:6564::3/128\n");
    }

    @Test
    void anEndpointWithAFreshHandshakeIsNeverOverwrittenAStaleOneIsAndGetsAKick() {
        WireGuardKey k = key();
        PeerConfig roamed = peer(k, "198.51.100.7:40000", 25, "10.183.0.5/32");
        PeerConfig wanted = peer(k, "198.51.100.7:51820", 25, "10.183.0.5/32");
        assertThat(ConfigDiff.between(desired(wanted), actual(Map.of(roamed, NOW.minusSeconds(60))), NOW).isEmpty()).isTrue();
        DeviceChange stale = ConfigDiff.between(desired(wanted), actual(Map.of(roamed, NOW.minusSeconds(200))), NOW);
        assertThat(stale.peers()).containsExactly(new DeviceChange.UpdatePeer(k, wanted.endpoint(), 25, null, true));
        assertThat(UapiCodec.formatSet(stale)).contains("endpoint=198.51.100.7:51820\npersistent_keepalive_interval=0\n"
                + "persistent_keepalive_interval=25\n");
    }

    @Test
    void aNewlyObservedEndpointIsKickedEvenOverAFreshHandshake() {
        WireGuardKey k = key();
        PeerConfig old = peer(k, "198.51.100.7:51820", 25, "10.183.0.5/32");
        PeerConfig moved = peer(k, "198.51.100.7:40000", 25, "10.183.0.5/32");
        DeviceChange kicked = ConfigDiff.between(desired(moved), actual(Map.of(old, NOW.minusSeconds(20))), NOW, Set.of(k));
        assertThat(kicked.peers()).containsExactly(new DeviceChange.UpdatePeer(k, moved.endpoint(), 25, null, true));
        // Kicking a peer that is already where the plan wants it changes nothing.
        assertThat(ConfigDiff.between(desired(moved), actual(Map.of(moved, NOW.minusSeconds(20))), NOW, Set.of(k)).isEmpty()).isTrue();
    }

    @Test
    void anUnknownEndpointLeavesTheLearnedOneAlone() {
        WireGuardKey k = key();
        PeerConfig learned = peer(k, "198.51.100.8:1234", 0, "10.183.0.6/32");
        PeerConfig wanted = peer(k, null, 0, "10.183.0.6/32");
        assertThat(ConfigDiff.between(desired(wanted), actual(Map.of(learned, NOW.minusSeconds(9999))), NOW).isEmpty()).isTrue();
    }

    @Test
    void aNewPrivateKeyOrPortIsSetOnTheDevice() {
        DeviceState blank = new DeviceState(null, 0, Map.of());
        DeviceChange change = ConfigDiff.between(desired(), blank, NOW);
        assertThat(change.privateKey()).isEqualTo(privateKey);
        assertThat(change.listenPort()).isEqualTo(51820);
        assertThat(UapiCodec.formatSet(change)).isEqualTo("set=1\nprivate_key=" + privateKey.hex() + "\nlisten_port=51820\n\n");
    }

    @Test
    void movingAnAddressToTheRelayChangesOnlyTheTwoPeersInvolved() {
        WireGuardKey relay = key();
        WireGuardKey home = key();
        WireGuardKey other = key();
        PeerConfig relayBefore = peer(relay, "203.0.113.10:51820", 25, "10.183.0.1/32");
        PeerConfig homeBefore = peer(home, "198.51.100.2:51820", 25, "10.183.0.2/32");
        PeerConfig otherPeer = peer(other, "198.51.100.3:51820", 25, "10.183.0.3/32");
        PeerConfig relayAfter = peer(relay, "203.0.113.10:51820", 25, "10.183.0.1/32", "10.183.0.2/32");
        PeerConfig homeAfter = peer(home, "198.51.100.2:51820", 25);
        Map<PeerConfig, Instant> have = new LinkedHashMap<>();
        have.put(relayBefore, NOW);
        have.put(homeBefore, null);
        have.put(otherPeer, NOW);
        DeviceChange change = ConfigDiff.between(desired(relayAfter, homeAfter, otherPeer), actual(have), NOW);
        assertThat(change.peers()).extracting(DeviceChange.PeerChange::publicKey).containsExactly(relay, home);
        assertThat(((DeviceChange.UpdatePeer) change.peers().get(1)).allowedIps()).isEmpty();
    }

    @Test
    void endpointsPrintInUapiForm() {
        assertThat(Addresses.formatEndpoint(new InetSocketAddress(Addresses.parseLiteral("fd00:0:0:0:0:0:0:1"), 5)))
                .isEqualTo("[fd00::1]:5");
    }
}
