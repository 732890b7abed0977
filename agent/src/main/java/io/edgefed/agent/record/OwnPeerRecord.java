package io.edgefed.agent.record;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VPNPeerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * This node's own VPNPeer, the only one the agent ever writes: the spec it announces (created, or updated when the
 * key, addresses or endpoint changed, as after a reinstall) and its status (observed endpoints, paths, last seen).
 */
public final class OwnPeerRecord {

    private static final Logger LOG = Logger.getLogger(OwnPeerRecord.class);

    private final KubernetesClient client;
    private final String name;
    private StatusReport written;
    private Instant writtenAt = Instant.EPOCH;

    public OwnPeerRecord(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /** Creates the VPNPeer with this spec, or updates its spec when it differs. */
    public void publishSpec(VPNPeerSpec spec) {
        for (int attempt = 0;; attempt++) {
            VPNPeer existing = client.resources(VPNPeer.class).withName(name).get();
            try {
                if (existing == null) {
                    VPNPeer peer = new VPNPeer();
                    peer.setMetadata(new ObjectMetaBuilder().withName(name)
                            .withLabels(RecordLabels.forRecords(client.getConfiguration())).build());
                    peer.setSpec(spec);
                    client.resources(VPNPeer.class).resource(peer).create();
                    LOG.infof("created VPNPeer %s (%s, %s, endpoint %s)", name, spec.getAddressV4(), spec.getAddressV6(),
                            spec.getEndpoint());
                } else if (!sameSpec(existing.getSpec(), spec)) {
                    existing.setSpec(spec);
                    client.resources(VPNPeer.class).resource(existing).update();
                    LOG.infof("updated VPNPeer %s (%s, %s, endpoint %s, behind NAT %s)", name, spec.getAddressV4(),
                            spec.getAddressV6(), spec.getEndpoint(), spec.isBehindNat());
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    static boolean sameSpec(VPNPeerSpec a, VPNPeerSpec b) {
        return a != null && Objects.equals(a.getPublicKey(), b.getPublicKey()) && Objects.equals(a.getAddressV4(), b.getAddressV4())
                && Objects.equals(a.getAddressV6(), b.getAddressV6()) && Objects.equals(a.getListenPort(), b.getListenPort())
                && Objects.equals(a.getEndpoint(), b.getEndpoint()) && a.isBehindNat() == b.isBehindNat()
                && a.isRelay() == b.isRelay();
    }

    /**
     * What the agent reports in its status: the endpoints it observes of NATted peers (a public node), its paths, where
     * a public peer saw this node (or null), its {@code Relay} condition and its heartbeat.
     */
    public record StatusReport(Map<String, String> observed, Map<String, PeerPath> paths, String observedSelf, Condition relay,
            Duration heartbeat) {
    }

    /** Handshake times alone are written at most this often (every live session renews its handshake every two minutes). */
    static final Duration HANDSHAKE_WRITES = Duration.ofSeconds(30);

    /**
     * Writes the status when what this node observes changed, when only handshake times changed and the last write is
     * {@link #HANDSHAKE_WRITES} old, or when the heartbeat is due; keeps what the operator wrote ({@code inactiveSince},
     * its conditions). Returns the {@code lastSeen} written, or null when nothing was due.
     */
    public String publishStatus(StatusReport report, Instant now) {
        boolean changed = written == null || !report.observed().equals(written.observed())
                || !samePaths(report.paths(), written.paths(), false)
                || !Objects.equals(report.observedSelf(), written.observedSelf())
                || !RelayCondition.sameMeaning(report.relay(), written.relay());
        boolean handshakesDue = written != null && !samePaths(report.paths(), written.paths(), true)
                && !now.isBefore(writtenAt.plus(HANDSHAKE_WRITES));
        if (!changed && !handshakesDue && now.isBefore(writtenAt.plus(report.heartbeat()))) {
            return null;
        }
        String lastSeen = now.truncatedTo(ChronoUnit.SECONDS).toString();
        client.resources(VPNPeer.class).withName(name).editStatus(peer -> {
            VPNPeerStatus status = peer.getStatus() == null ? new VPNPeerStatus() : peer.getStatus();
            status.setObservedEndpoints(new LinkedHashMap<>(report.observed()));
            status.setPaths(new LinkedHashMap<>(report.paths()));
            status.setObservedEndpoint(report.observedSelf());
            status.countPaths();
            status.setHeartbeatSeconds((int) report.heartbeat().toSeconds());
            status.setConditions(RelayCondition.replace(status.getConditions(), report.relay()));
            status.setLastSeen(lastSeen);
            peer.setStatus(status);
            return peer;
        });
        written = report;
        writtenAt = now;
        return lastSeen;
    }

    /** Forgets what was written, so the next report is written whole (after the record was recreated). */
    public void forgetWritten() {
        written = null;
        writtenAt = Instant.EPOCH;
    }

    private static boolean samePaths(Map<String, PeerPath> a, Map<String, PeerPath> b, boolean withHandshakes) {
        if (b == null || !a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, PeerPath> entry : a.entrySet()) {
            PeerPath x = entry.getValue();
            PeerPath y = b.get(entry.getKey());
            if (x.getMode() != y.getMode() || !Objects.equals(x.getVia(), y.getVia()) || !Objects.equals(x.getEndpoint(), y.getEndpoint())
                    || (withHandshakes && !Objects.equals(x.getLastHandshake(), y.getLastHandshake()))) {
                return false;
            }
        }
        return true;
    }
}
