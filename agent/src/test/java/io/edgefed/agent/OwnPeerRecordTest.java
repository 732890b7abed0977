package io.edgefed.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
        record.publishStatus(Map.of(), Map.of("pub", new PeerPath(PeerPath.Mode.DIRECT, null, "203.0.113.10:51820", null)),
                Instant.parse("2026-11-27T10:00:00Z"), Duration.ofSeconds(60));
        client.resources(VPNPeer.class).withName("edge-7").editStatus(p -> {
            p.getStatus().setInactiveSince("2026-11-27T10:00:30Z");
            return p;
        });

        OwnPeerRecord afterReinstall = new OwnPeerRecord(client, "edge-7");
        afterReinstall.publishSpec(spec("new-key=", "198.51.100.7:51820"));
        String written = afterReinstall.publishStatus(Map.of(), Map.of(), Instant.parse("2026-11-27T10:01:00Z"), Duration.ofSeconds(60));

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
        assertThat(record.publishStatus(Map.of(), paths, t0, Duration.ofSeconds(60))).isNotNull();
        Map<String, PeerPath> rekeyed = Map.of("pub", new PeerPath(PeerPath.Mode.DIRECT, null, "203.0.113.10:51820", "2026-11-27T10:00:05Z"));
        assertThat(record.publishStatus(Map.of(), rekeyed, t0.plusSeconds(10), Duration.ofSeconds(60))).isNull();
        Map<String, PeerPath> relayed = Map.of("pub", new PeerPath(PeerPath.Mode.RELAY, "relay-1", null, null));
        assertThat(record.publishStatus(Map.of(), relayed, t0.plusSeconds(20), Duration.ofSeconds(60))).isNotNull();
        assertThat(record.publishStatus(Map.of(), relayed, t0.plusSeconds(90), Duration.ofSeconds(60))).isNotNull();
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
