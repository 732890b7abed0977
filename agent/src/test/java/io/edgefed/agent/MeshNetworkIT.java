package io.edgefed.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.Cidr;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.edgefed.model.PeerPath;
import io.edgefed.model.testing.PrometheusApi;
import io.edgefed.model.testing.ShippedMonitoring;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.testing.VPNPeerFixture;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The real thing: three agents (their jar, each in its own network namespace) against a mock API server, wireguard-go
 * interfaces, a public relay node and two home nodes behind NAT boxes, on a lab internet in a private range
 * (10.200.0.0/24): the public node is public because it is told its endpoint. The agents run with the default timings
 * (keepalive 25 s, relay after 30 s, resync 10 s), so the healing times printed are what a real mesh sees: a NAT that
 * turns port-randomizing, one that stops, one that moves its node to a new port (a router reboot), an API outage, the
 * API's data wiped, a record deleted by hand, a NAT renumbered. A Prometheus on the relay node (where Debian's is
 * installed) scrapes the agents through the mesh all along and answers the agents' dashboard.
 */
@Tag("network")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshNetworkIT {

    static final Duration LIMIT = Duration.ofSeconds(60);
    /** The targets: relay within 35 s of a NAT turning port-randomizing; a port move healed within 15 s. */
    static final Duration RELAY_TARGET = Duration.ofSeconds(35);
    static final Duration PORT_MOVE_TARGET = Duration.ofSeconds(15);

    MeshLab lab;
    MeshLab.Node pub;
    MeshLab.Node home1;
    MeshLab.Node home2;
    final Map<String, String> measured = new java.util.LinkedHashMap<>();
    /** A Prometheus on the relay node, scraping the agents through the mesh; null where it is not installed. */
    MeshPrometheus prometheus;

    @BeforeAll
    void buildTheInternet() throws Exception {
        String missing = MeshLab.missingPrerequisite();
        Assumptions.assumeTrue(missing == null, () -> "network test skipped: " + missing);
        lab = new MeshLab(Path.of("target", "network-it").toAbsolutePath());
        try {
            lab.env("EDGEFED_HEARTBEAT", "5s");
            lab.internet();
            pub = lab.publicNode("pub", MeshLab.INTERNET + "10");
            home1 = lab.homeNode("home-1", 1, MeshLab.INTERNET + "21", false);
            home2 = lab.homeNode("home-2", 2, MeshLab.INTERNET + "22", false);
            lab.enableRelay(pub);
            lab.startAgent(pub, Map.of("EDGEFED_RELAY", "true", "EDGEFED_ENDPOINT", MeshLab.INTERNET + "10:51820"));
            // Asked to relay although behind NAT: it must say why it does not.
            lab.startAgent(home1, Map.of("EDGEFED_RELAY", "true"));
            lab.startAgent(home2, Map.of());
            MeshLab.await("the agents' interfaces", LIMIT, 200, () -> lab.nodes().values().stream()
                    .allMatch(n -> n.uapiSocket().toFile().exists() && n.stateDir().resolve("vpn-ipv4").toFile().exists()));
            java.nio.file.Path binary = MeshPrometheus.binary();
            if (binary != null) {
                prometheus = MeshPrometheus.start(lab, binary, pub, MeshLab.INTERNET + "10", Path.of("target", "network-it",
                        "prometheus-" + lab.id()).toAbsolutePath());
            }
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    void tearDown() {
        measured.forEach((what, value) -> System.out.printf("measured: %s: %s%n", what, value));
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void aNodeWithAPrivateAddressIsPublicWhenGivenItsEndpointAndAnnouncedAsARelay() throws Exception {
        Duration took = MeshLab.await("pub <-> home-1/home-2 over IPv4 and IPv6", LIMIT, 200,
                () -> lab.ping(pub, home1.ipv4()) && lab.ping(pub, home2.ipv4()) && lab.ping(pub, home1.ipv6())
                        && lab.ping(pub, home2.ipv6()) && lab.ping(home1, pub.ipv4()) && lab.ping(home2, pub.ipv6()));
        measured.put("mesh up (public <-> NATted, v4 and v6) after the interfaces existed", took.toMillis() + " ms");
        VPNPeerSpec pubSpec = spec("pub");
        assertThat(pubSpec.isBehindNat()).isFalse();
        assertThat(pubSpec.getEndpoint()).isEqualTo(MeshLab.INTERNET + "10:51820");
        assertThat(pubSpec.isRelay()).isTrue();
        MeshLab.await("pub's Relay condition", LIMIT, 200, () -> relayCondition("pub") != null);
        assertThat(relayCondition("pub").getStatus()).isEqualTo("True");
        VPNPeerSpec homeSpec = spec("home-1");
        assertThat(homeSpec.isBehindNat()).isTrue();
        assertThat(homeSpec.getEndpoint()).isNull();
        assertThat(homeSpec.isRelay()).isFalse();
        MeshLab.await("home-1 says why it is no relay, and where pub sees it", LIMIT, 200, () -> relayCondition("home-1") != null
                && MeshLab.INTERNET.concat("21:51820").equals(status("home-1").getObservedEndpoint()));
        assertThat(relayCondition("home-1").getReason()).isEqualTo("BehindNat");
        assertThat(relayCondition("home-1").getMessage()).contains("EDGEFED_RELAY=true", "behind NAT", MeshLab.INTERNET + "21:51820");
        assertThat(java.nio.file.Files.readString(home1.log())).contains("a node behind NAT cannot relay");
        // Health answers on loopback only, and without error texts.
        assertThatThrownBy(() -> new java.net.Socket(MeshLab.INTERNET + "10", 9180).close()).isInstanceOf(java.io.IOException.class);
        String ready = lab.readiness(pub);
        assertThat(ready).contains("\"status\": \"UP\"", "\"interfaceUp\": true", "\"peersApplied\": 2", "\"ownRecord\": \"listed\"")
                .doesNotContain("apiError", "Exception");
    }

    @Test
    @Order(2)
    void nattedNodesBehindPortPreservingNatsTalkDirectly() throws Exception {
        Duration took = MeshLab.await("home-1 <-> home-2 directly", LIMIT.multipliedBy(2), 250, this::homesDirect);
        measured.put("NAT <-> NAT directly, from the mesh being up", took.toMillis() + " ms");
        MeshLab.await("the paths in the status, with handshake times", LIMIT, 250,
                () -> path("home-1", "home-2") == PeerPath.Mode.DIRECT && path("home-2", "home-1") == PeerPath.Mode.DIRECT
                        && status("home-1").getDirectPaths() == 2 && status("home-1").getRelayedPaths() == 0
                        && status("home-1").getPaths().get("home-2").getLastHandshake() != null);
        assertThat(java.nio.file.Files.readString(home1.log())).doesNotContain("relay now");
    }

    @Test
    @Order(3)
    void aNewPeerReachesEveryInterfaceAndADeletedOneDisappearsFromEvery() throws Exception {
        WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
        VPNPeer ghost = VPNPeerFixture.peer("ghost").publicKey(key.base64())
                .addresses("10.183.250.1", "fd65:6466:6564::fa:1").endpoint(MeshLab.INTERNET + "99:51820").build();
        lab.addPeer(ghost);
        Duration arrived = MeshLab.await("ghost on every interface", LIMIT, 20, () -> onEveryInterface(key, true));
        measured.put("a new VPNPeer on all 3 interfaces after its creation", arrived.toMillis() + " ms");
        lab.client().resources(VPNPeer.class).withName("ghost").delete();
        Duration gone = MeshLab.await("ghost gone from every interface", LIMIT, 20, () -> onEveryInterface(key, false));
        measured.put("a deleted VPNPeer gone from all 3 interfaces after its deletion", gone.toMillis() + " ms");
        assertThat(lab.ping(home1, pub.ipv4())).isTrue();
    }

    @Test
    @Order(4)
    void aBadPeerIsSkippedByEveryAgentWithOneEventForTheCluster() throws Exception {
        lab.client().resources(VPNPeer.class).resource(VPNPeerFixture.peer("broken").publicKey("not-a-key")
                .addresses("10.183.250.2", null).build()).create();
        MeshLab.await("every agent skipped the broken peer", LIMIT, 200, () -> {
            for (MeshLab.Node node : lab.nodes().values()) {
                if (!java.nio.file.Files.readString(node.log()).contains("skipping VPNPeer broken")) {
                    return false;
                }
            }
            return true;
        });
        Thread.sleep(1000);
        assertThat(lab.client().v1().events().inNamespace("default").list().getItems())
                .filteredOn(e -> "broken".equals(e.getInvolvedObject().getName()) && "InvalidPeer".equals(e.getReason()))
                .hasSize(1);
        assertThat(lab.ping(home1, pub.ipv4())).isTrue();
        assertThat(lab.ping(pub, home2.ipv6())).isTrue();
        assertThat(lab.wireGuard(pub).peers()).hasSize(2);
        lab.client().resources(VPNPeer.class).withName("broken").delete();
    }

    @Test
    @Order(5)
    void aNatTurningPortRandomizingSendsTheHomesThroughTheRelayWithin35Seconds() throws Exception {
        assertThat(homesDirect()).isTrue();
        lab.setNat(2, true);
        Duration took = MeshLab.await("home-1 <-> home-2 through the relay", LIMIT, 250, this::homesRelayed);
        measured.put("relay after a NAT turned port-randomizing (target 35 s)", took.toMillis() + " ms");
        MeshLab.await("the relayed paths in the status", LIMIT, 250, () -> path("home-1", "home-2") == PeerPath.Mode.RELAY
                && "pub".equals(status("home-1").getPaths().get("home-2").getVia()) && status("home-1").getRelayedPaths() == 1);
        // The direct peer stays, without allowed IPs, with endpoint and keepalive: it keeps probing the direct path.
        WireGuardKey home2Key = WireGuardKey.fromBase64(spec("home-2").getPublicKey());
        assertThat(lab.wireGuard(home1).peers().get(home2Key).config().allowedIps()).isEmpty();
        assertThat(lab.wireGuard(home1).peers().get(home2Key).config().keepalive()).isEqualTo(25);
        assertThat(took).as("relay within %s of the NAT change", RELAY_TARGET).isLessThanOrEqualTo(RELAY_TARGET);
        // The agent's metrics, scraped on its health port, say the same: one peer relayed, bytes through the relay.
        MeshLab.await("home-1's metrics show the relayed path", LIMIT, 250,
                () -> lab.metrics(home1).contains("edgefed_agent_peers{path=\"relayed\"} 1\n"));
        String metrics = lab.metrics(home1);
        assertThat(metrics).containsPattern("(?m)^edgefed_agent_relay_received_bytes_total [1-9]")
                .containsPattern("(?m)^edgefed_agent_handshake_age_seconds_count [1-9]")
                .containsPattern("(?m)^edgefed_agent_api_last_success_timestamp_seconds 1[0-9]{9}")
                .contains("edgefed_agent_interface_up 1\n");
        List<String> expressions = new ArrayList<>(ShippedMonitoring.alerts().values());
        expressions.addAll(ShippedMonitoring.dashboardQueries(ShippedMonitoring.AGENTS_DASHBOARD).values());
        assertThat(ShippedMonitoring.seriesNames(metrics)).containsAll(ShippedMonitoring.metricNames(expressions, "edgefed_agent_"));
    }

    @Test
    @Order(6)
    void aPrometheusOnTheRelayScrapesEveryAgentThroughTheMeshAndEveryAgentsDashboardQueryHasData() throws Exception {
        Assumptions.assumeTrue(prometheus != null, "prometheus is not installed (Debian package prometheus, listed in "
                + "agent/src/test/ci-packages.txt)");
        PrometheusApi api = prometheus.api();
        // Each agent answers at its VPN address (the homes behind NAT too, through WireGuard) with the shipped job.
        MeshLab.await("every agent scraped through the mesh (see " + prometheus.log() + ")", LIMIT, 250,
                () -> api.targetHealth("node").equals(Map.of("pub", "up ", "home-1", "up ", "home-2", "up ")));
        assertThat(api.targetHealth("job")).containsOnlyKeys(ShippedMonitoring.agentScrapeJob().jobName());

        List<String> expressions = new ArrayList<>(ShippedMonitoring.alerts().values());
        Map<String, String> dashboard = ShippedMonitoring.dashboardQueries(ShippedMonitoring.AGENTS_DASHBOARD);
        expressions.addAll(dashboard.values());
        Set<String> named = ShippedMonitoring.metricNames(expressions, "edgefed_agent_");
        MeshLab.await("every agent metric of the rules and the dashboard scraped", LIMIT, 250,
                () -> api.metricNames().containsAll(named));
        for (Map.Entry<String, String> panel : dashboard.entrySet()) {
            MeshLab.await(panel.getKey() + ": " + panel.getValue(), Duration.ofSeconds(20), 250, () -> !api.query(panel.getValue()).isEmpty());
        }
        // What the panels show is what the mesh is: the homes reach each other through the relay, nothing is down (the
        // agents saw the relay a moment ago; Prometheus scrapes every second).
        MeshLab.await("the relayed paths in Prometheus", Duration.ofSeconds(10), 250, () -> api.valuesBy("node",
                dashboard.get("Relayed peers per node #A")).equals(Map.of("pub", 0.0, "home-1", 1.0, "home-2", 1.0)));
        assertThat(api.valuesBy("node", dashboard.get("Peers down per node #A"))).containsOnlyKeys("pub", "home-1", "home-2")
                .allSatisfy((node, down) -> assertThat(down).as(node).isZero());
        assertThat(api.valuesBy("node", dashboard.get("Interface up #A"))).containsOnlyKeys("pub", "home-1", "home-2")
                .allSatisfy((node, up) -> assertThat(up).as(node).isEqualTo(1.0));
        // Every agent reached the API a moment ago, so its alert evaluates (without error) to nothing.
        assertThat(api.query(ShippedMonitoring.alerts().get("EdgefedAgentApiUnreachable"))).isEmpty();
    }

    @Test
    @Order(7)
    void theHomesGoDirectAgainWhenTheNatKeepsOneMappingPerSocketAgain() throws Exception {
        lab.setNat(2, false);
        Duration took = MeshLab.await("home-1 <-> home-2 directly again", LIMIT.multipliedBy(2), 250, this::homesDirect);
        measured.put("direct again after the NAT stopped randomizing ports", took.toMillis() + " ms");
        WireGuardKey home2Key = WireGuardKey.fromBase64(spec("home-2").getPublicKey());
        assertThat(Addresses.formatEndpoint(lab.wireGuard(home1).peers().get(home2Key).endpoint())).isEqualTo(MeshLab.INTERNET + "22:51820");
    }

    @Test
    @Order(8)
    void aNatMovingItsNodeToANewPortIsHealedDirectlyWithin15SecondsOfThePublicNodePublishingIt() throws Exception {
        assertThat(homesDirect()).isTrue();
        String moved = MeshLab.INTERNET + "22:40000";
        long start = System.nanoTime();
        lab.moveNatPort(2, 40000);
        MeshLab.await("pub publishes home-2's new endpoint", LIMIT, 100,
                () -> moved.equals(status("pub").getObservedEndpoints().get("home-2")));
        measured.put("pub published the moved endpoint after the move", (System.nanoTime() - start) / 1_000_000 + " ms");
        Duration healed = MeshLab.await("home-1 <-> home-2 directly at the new port", LIMIT, 100,
                () -> homesDirect() && moved.equals(endpointOf(home1, "home-2")));
        measured.put("port move healed directly after pub published it (target 15 s)", healed.toMillis() + " ms");
        assertThat(healed).as("healed within %s of the publication", PORT_MOVE_TARGET).isLessThanOrEqualTo(PORT_MOVE_TARGET);
    }

    @Test
    @Order(9)
    void aPortMoveNoticedFirstByTheTrafficGoesThroughTheRelayAndBackDirectlyWithin15SecondsOfThePublication() throws Exception {
        assertThat(homesDirect()).isTrue();
        String moved = MeshLab.INTERNET + "22:40001";
        // The public node must not see the move before the homes find their path dead: home-2 cannot reach it for now.
        lab.blockUdpFromHome(2, MeshLab.INTERNET + "10", true);
        try {
            lab.moveNatPort(2, 40001);
            Duration relayed = MeshLab.await("both homes routing each other through the relay", LIMIT, 250,
                    () -> routedVia(home1, "home-2", "pub") && routedVia(home2, "home-1", "pub"));
            measured.put("dead path after a port move routed through the relay after", relayed.toMillis() + " ms");
        } finally {
            lab.blockUdpFromHome(2, MeshLab.INTERNET + "10", false);
        }
        MeshLab.await("pub publishes home-2's new endpoint", LIMIT, 100,
                () -> moved.equals(status("pub").getObservedEndpoints().get("home-2")));
        Duration healed = MeshLab.await("home-1 <-> home-2 directly at the new port", LIMIT, 100,
                () -> homesDirect() && moved.equals(endpointOf(home1, "home-2")));
        measured.put("relayed port move healed directly after pub published it (target 15 s)", healed.toMillis() + " ms");
        assertThat(healed).as("healed within %s of the publication", PORT_MOVE_TARGET).isLessThanOrEqualTo(PORT_MOVE_TARGET);
    }

    @Test
    @Order(10)
    void withoutTheApiServerTheMeshKeepsWorkingAndCatchesUpAfterwards() throws Exception {
        lab.blockApi(pub, true);
        try {
            WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
            lab.addPeer(VPNPeerFixture.peer("late").publicKey(key.base64())
                    .addresses("10.183.250.3", "fd65:6466:6564::fa:3").endpoint(MeshLab.INTERNET + "98:51820").build());
            Thread.sleep(12_000); // a resync period and two heartbeats fail against the unreachable API
            assertThat(lab.ping(pub, home1.ipv4())).isTrue();
            assertThat(lab.ping(home2, pub.ipv6())).isTrue();
            assertThat(lab.wireGuard(pub).peers()).hasSize(2);
            assertThat(lab.readiness(pub)).contains("\"apiReachable\"").doesNotContain("apiError", "Exception", "Connect",
                    MeshLab.API_ADDRESS);
            lab.blockApi(pub, false);
            Duration caughtUp = MeshLab.await("the peer made during the outage on pub", LIMIT, 200,
                    () -> lab.wireGuard(pub).peers().containsKey(key));
            measured.put("pub caught up after the API came back", caughtUp.toMillis() + " ms");
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
    @Order(11)
    void afterTheApiLostItsDataEveryAgentRecreatesItsRecordAndClaimsAndNoPeerLeavesAnInterface() throws Exception {
        MeshLab.await("the late peer gone", LIMIT, 100, () -> lab.wireGuard(pub).peers().size() == 2);
        Map<String, VPNPeerSpec> before = new HashMap<>();
        for (String name : List.of("pub", "home-1", "home-2")) {
            before.put(name, spec(name));
        }
        List<String> claims = lab.client().resources(VpnAddressClaim.class).list().getItems().stream()
                .filter(c -> before.containsKey(c.getSpec().getNode())).map(c -> c.getMetadata().getName()).sorted().toList();
        assertThat(claims).hasSize(6);
        long start = System.nanoTime();
        lab.client().resources(VPNPeer.class).delete();
        lab.client().resources(VpnAddressClaim.class).delete();
        List<String> lost = new ArrayList<>();
        Duration back = MeshLab.await("every record and claim back", LIMIT, 200, () -> {
            for (MeshLab.Node node : lab.nodes().values()) {
                if (lab.wireGuard(node).peers().size() != 2) {
                    lost.add(node.name() + " lost a peer at " + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
            }
            return before.keySet().stream().allMatch(name -> sameIdentity(before.get(name), name)) && lab.client()
                    .resources(VpnAddressClaim.class).list().getItems().stream().map(c -> c.getMetadata().getName()).sorted()
                    .toList().equals(claims);
        });
        measured.put("records and claims back after the API's data was wiped", back.toMillis() + " ms");
        assertThat(lost).isEmpty();
        assertThat(lab.ping(pub, home1.ipv4()) && lab.ping(home1, home2.ipv4()) && lab.ping(home2, pub.ipv6())).isTrue();

        lab.client().resources(VPNPeer.class).withName("home-2").delete();
        Duration recreated = MeshLab.await("home-2's record back after a hand deletion", LIMIT, 100,
                () -> sameIdentity(before.get("home-2"), "home-2"));
        measured.put("a VPNPeer deleted by hand back", recreated.toMillis() + " ms");
        Duration reachable = MeshLab.await("home-2 reachable from pub and home-1", Duration.ofSeconds(30), 200,
                () -> lab.ping(pub, home2.ipv4()) && lab.ping(home1, home2.ipv4()) && lab.ping(home2, home1.ipv6()));
        measured.put("home-2 reachable from everyone after its record was deleted by hand", reachable.toMillis() + " ms");
        assertThat(lab.client().resources(VpnAddressClaim.class).list().getItems()).hasSize(6);
    }

    @Test
    @Order(12)
    void aNodeWhosePublicAddressChangesIsReachableAgainWithin30Seconds() throws Exception {
        assertThat(lab.ping(pub, home1.ipv4())).isTrue();
        lab.renumberNat(1, MeshLab.INTERNET + "21", MeshLab.INTERNET + "31");
        Duration back = MeshLab.await("home-1 reachable from pub after its NAT got a new address", Duration.ofSeconds(30), 100,
                () -> lab.ping(pub, home1.ipv4()));
        measured.put("home-1 reachable again after its public address changed", back.toMillis() + " ms");
        MeshLab.await("pub publishes home-1's new endpoint", Duration.ofSeconds(30), 200,
                () -> (MeshLab.INTERNET + "31:51820").equals(status("pub").getObservedEndpoints().get("home-1")));
        if (prometheus != null) {
            // After every fault above (the API's data wiped, records deleted, NATs rebooted and renumbered), each agent
            // is still scraped at its VPN address.
            MeshLab.await("every agent scraped through the mesh at the end", LIMIT, 250, () -> prometheus.api().targetHealth("node")
                    .equals(Map.of("pub", "up ", "home-1", "up ", "home-2", "up ")));
        }
    }

    private boolean homesDirect() throws Exception {
        return routedDirectly(home1, "home-2") && routedDirectly(home2, "home-1") && lab.ping(home1, home2.ipv4())
                && lab.ping(home2, home1.ipv4());
    }

    private boolean homesRelayed() throws Exception {
        return routedVia(home1, "home-2", "pub") && routedVia(home2, "home-1", "pub") && lab.ping(home1, home2.ipv4())
                && lab.ping(home2, home1.ipv4());
    }

    private boolean routedDirectly(MeshLab.Node node, String peer) throws Exception {
        return routedVia(node, peer, peer);
    }

    /** Whether {@code node}'s interface sends {@code peer}'s VPN IPv4 to the WireGuard peer of node {@code via}. */
    private boolean routedVia(MeshLab.Node node, String peer, String via) throws Exception {
        DeviceState.Peer state = lab.wireGuard(node).peers().get(WireGuardKey.fromBase64(spec(via).getPublicKey()));
        return state != null && state.config().allowedIps().contains(Cidr.host(lab.node(peer).ipv4()));
    }

    private String endpointOf(MeshLab.Node node, String peer) throws Exception {
        DeviceState.Peer state = lab.wireGuard(node).peers().get(WireGuardKey.fromBase64(spec(peer).getPublicKey()));
        return state == null || state.endpoint() == null ? null : Addresses.formatEndpoint(state.endpoint());
    }

    private boolean sameIdentity(VPNPeerSpec before, String name) {
        VPNPeer now = lab.client().resources(VPNPeer.class).withName(name).get();
        return now != null && before.getPublicKey().equals(now.getSpec().getPublicKey())
                && before.getAddressV4().equals(now.getSpec().getAddressV4()) && before.getAddressV6().equals(now.getSpec().getAddressV6());
    }

    private io.edgefed.model.VPNPeerStatus status(String name) {
        VPNPeer record = lab.client().resources(VPNPeer.class).withName(name).get();
        return record == null || record.getStatus() == null ? new io.edgefed.model.VPNPeerStatus() : record.getStatus();
    }

    private Condition relayCondition(String name) {
        List<Condition> conditions = status(name).getConditions();
        return conditions == null ? null : conditions.stream().filter(c -> "Relay".equals(c.getType())).findFirst().orElse(null);
    }

    private PeerPath.Mode path(String node, String peer) {
        Map<String, PeerPath> paths = status(node).getPaths();
        PeerPath path = paths == null ? null : paths.get(peer);
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
}
