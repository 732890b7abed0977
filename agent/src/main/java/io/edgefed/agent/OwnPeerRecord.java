package io.edgefed.agent;

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
    private Map<String, String> writtenObserved;
    private Map<String, PeerPath> writtenPaths;
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
     * Writes the status when what this node observes changed, or when the heartbeat is due; keeps what the operator
     * wrote ({@code inactiveSince}, conditions). Returns the {@code lastSeen} written, or null when nothing was due.
     */
    public String publishStatus(Map<String, String> observed, Map<String, PeerPath> paths, Instant now, java.time.Duration heartbeat) {
        boolean changed = !observed.equals(writtenObserved) || !samePaths(paths, writtenPaths);
        if (!changed && now.isBefore(writtenAt.plus(heartbeat))) {
            return null;
        }
        String lastSeen = now.truncatedTo(ChronoUnit.SECONDS).toString();
        client.resources(VPNPeer.class).withName(name).editStatus(peer -> {
            VPNPeerStatus status = peer.getStatus() == null ? new VPNPeerStatus() : peer.getStatus();
            status.setObservedEndpoints(new LinkedHashMap<>(observed));
            status.setPaths(new LinkedHashMap<>(paths));
            status.setLastSeen(lastSeen);
            peer.setStatus(status);
            return peer;
        });
        writtenObserved = new LinkedHashMap<>(observed);
        writtenPaths = new LinkedHashMap<>(paths);
        writtenAt = now;
        return lastSeen;
    }

    /** Paths compare without the handshake time, which changes every two minutes on every live session. */
    private static boolean samePaths(Map<String, PeerPath> a, Map<String, PeerPath> b) {
        if (b == null || !a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, PeerPath> entry : a.entrySet()) {
            PeerPath x = entry.getValue();
            PeerPath y = b.get(entry.getKey());
            if (x.getMode() != y.getMode() || !Objects.equals(x.getVia(), y.getVia()) || !Objects.equals(x.getEndpoint(), y.getEndpoint())) {
                return false;
            }
        }
        return true;
    }
}
