package io.edgefed.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgefed.agent.node.Commands;
import io.edgefed.agent.node.SystemdNotifier;
import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

@EnableKubernetesMockClient(crud = true)
class OwnPeerRecordTest {

    static KubernetesClient client;

    static {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    static VPNPeerSpec spec(String key, String endpoint) {
        VPNPeerSpec spec = new VPNPeerSpec();
        spec.setPublicKey(key);
        spec.setAddressV4("10.183.0.7");
        spec.setAddressV6("fd65:6466:6564::7");
        spec.setListenPort(51820);
        spec.setEndpoint(endpoint);
        return spec;
    }

    @Test
    void aReinstalledNodeWithANewKeyUpdatesItsRecordAndKeepsItsOperatorFields() {
        OwnPeerRecord record = new OwnPeerRecord(client, "edge-7");
        record.publishSpec(spec("old-key=", null));
        record.publishStatus(report(Map.of("pub", new PeerPath(PeerPath.Mode.DIRECT, null, "203.0.113.10:51820", null))),
                Instant.parse("2026-11-27T10:00:00Z"));
        client.resources(VPNPeer.class).withName("edge-7").editStatus(p -> {
            p.getStatus().setInactiveSince("2026-11-27T10:00:30Z");
            return p;
        });

        OwnPeerRecord afterReinstall = new OwnPeerRecord(client, "edge-7");
        afterReinstall.publishSpec(spec("new-key=", "198.51.100.7:51820"));
        String written = afterReinstall.publishStatus(report(Map.of()), Instant.parse("2026-11-27T10:01:00Z"));

        VPNPeer peer = client.resources(VPNPeer.class).withName("edge-7").get();
        assertThat(peer.getSpec().getPublicKey()).isEqualTo("new-key=");
        assertThat(peer.getSpec().getEndpoint()).isEqualTo("198.51.100.7:51820");
        assertThat(written).isEqualTo("2026-11-27T10:01:00Z");
        assertThat(peer.getStatus().getLastSeen()).isEqualTo(written);
        assertThat(peer.getStatus().getInactiveSince()).isEqualTo("2026-11-27T10:00:30Z");
        assertThat(client.resources(VPNPeer.class).list().getItems()).filteredOn(p -> p.getMetadata().getName().equals("edge-7")).hasSize(1);
    }

    @Test
    void statusIsWrittenOnlyWhenItChangesOrTheHeartbeatIsDue() {
        OwnPeerRecord record = new OwnPeerRecord(client, "edge-8");
        record.publishSpec(spec("key-8=", null));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        Map<String, PeerPath> paths = Map.of("pub", new PeerPath(PeerPath.Mode.DIRECT, null, "203.0.113.10:51820", "2026-11-27T09:59:00Z"));
        assertThat(record.publishStatus(report(paths), t0)).isNotNull();
        Map<String, PeerPath> rekeyed = Map.of("pub", new PeerPath(PeerPath.Mode.DIRECT, null, "203.0.113.10:51820", "2026-11-27T10:00:05Z"));
        assertThat(record.publishStatus(report(rekeyed), t0.plusSeconds(10))).isNull();
        // Handshake times alone are written, but at most every 30 s.
        assertThat(record.publishStatus(report(rekeyed), t0.plusSeconds(30))).isNotNull();
        Map<String, PeerPath> relayed = Map.of("pub", new PeerPath(PeerPath.Mode.RELAY, "relay-1", null, null));
        assertThat(record.publishStatus(report(relayed), t0.plusSeconds(40))).isNotNull();
        assertThat(record.publishStatus(report(relayed), t0.plusSeconds(110))).isNotNull();
    }

    @Test
    void theStatusCountsThePathsAndCarriesTheRelayConditionBesideTheOperatorsConditions() {
        OwnPeerRecord record = new OwnPeerRecord(client, "edge-9");
        record.publishSpec(spec("key-9=", null));
        client.resources(VPNPeer.class).withName("edge-9").editStatus(p -> {
            p.setStatus(new io.edgefed.model.VPNPeerStatus());
            p.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Active")
                    .withStatus("True").withReason("Seen").build());
            return p;
        });
        Map<String, PeerPath> paths = Map.of("a", new PeerPath(PeerPath.Mode.DIRECT, null, null, null),
                "b", new PeerPath(PeerPath.Mode.RELAY, "pub", null, null), "c", new PeerPath(PeerPath.Mode.DIRECT, null, null, null));
        io.fabric8.kubernetes.api.model.Condition relay = RelayCondition.of(true, true, "its address 10.0.0.5 is private",
                Instant.parse("2026-11-27T10:00:00Z"));
        record.publishStatus(new OwnPeerRecord.StatusReport(Map.of(), paths, "198.51.100.7:4242", relay, Duration.ofSeconds(60)),
                Instant.parse("2026-11-27T10:00:00Z"));
        io.edgefed.model.VPNPeerStatus status = client.resources(VPNPeer.class).withName("edge-9").get().getStatus();
        assertThat(status.getDirectPaths()).isEqualTo(2);
        assertThat(status.getRelayedPaths()).isEqualTo(1);
        assertThat(status.getDownPaths()).isZero();
        assertThat(status.getObservedEndpoint()).isEqualTo("198.51.100.7:4242");
        assertThat(status.getHeartbeatSeconds()).isEqualTo(60);
        assertThat(status.getConditions()).extracting(c -> c.getType()).containsExactly("Active", "Relay");
        assertThat(status.getConditions().get(1).getReason()).isEqualTo("BehindNat");
        assertThat(status.getConditions().get(1).getMessage()).contains("10.0.0.5", "EDGEFED_ENDPOINT", "EDGEFED_PUBLIC=true");
    }

    static OwnPeerRecord.StatusReport report(Map<String, PeerPath> paths) {
        return new OwnPeerRecord.StatusReport(Map.of(), paths, null,
                RelayCondition.of(false, true, "test", Instant.parse("2026-11-27T10:00:00Z")), Duration.ofSeconds(60));
    }

    @Test
    void systemdHearsReadyAndWatchdogThroughSystemdNotifyWithTheAgentsPid() {
        List<List<String>> sent = new ArrayList<>();
        Commands recorder = new Commands() {
            @Override
            public Result run(List<String> command) {
                sent.add(command);
                return new Result(0, "");
            }
        };
        new SystemdNotifier(java.util.Optional.empty(), recorder).ready("x");
        assertThat(sent).isEmpty();
        SystemdNotifier notifier = new SystemdNotifier(java.util.Optional.of("/run/systemd/notify"), recorder);
        notifier.ready("meshed with 2 peers");
        notifier.watchdog();
        String pid = "--pid=" + ProcessHandle.current().pid();
        assertThat(sent).containsExactly(List.of("systemd-notify", pid, "READY=1", "STATUS=meshed with 2 peers"),
                List.of("systemd-notify", pid, "WATCHDOG=1"));
    }
}
