package io.edgefed.agent.record;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

import org.jboss.logging.Logger;

import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Tells about VPNPeers this node cannot use: a log line, once per version of the record, so a bad record does not flood
 * the log at every resync, and one Kubernetes Event on the peer for the whole cluster: every agent skips the same bad
 * record, so the Event's name is derived from the record's name, its version and the reason, and the first agent to
 * report it creates it (the others get AlreadyExists).
 */
public final class PeerEvents {

    private static final Logger LOG = Logger.getLogger(PeerEvents.class);

    private final KubernetesClient client;
    private final String node;
    private final String namespace;
    private final Set<String> reported = new HashSet<>();

    public PeerEvents(KubernetesClient client, String node, String namespace) {
        this.client = client;
        this.node = node;
        this.namespace = namespace;
    }

    /** Reports that {@code peer} was skipped, unless this exact version was reported already. */
    public void skipped(VPNPeer peer, String reason) {
        String key = peer.getMetadata().getName() + "/" + peer.getMetadata().getResourceVersion() + "/" + reason;
        if (!reported.add(key)) {
            return;
        }
        LOG.warnf("skipping VPNPeer %s: %s; every other peer stays configured", peer.getMetadata().getName(), reason);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata().withName(eventName(peer, reason)).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withApiVersion(peer.getApiVersion()).withKind(peer.getKind())
                .withName(peer.getMetadata().getName()).withUid(peer.getMetadata().getUid())
                .withResourceVersion(peer.getMetadata().getResourceVersion()).endInvolvedObject()
                .withType("Warning").withReason("InvalidPeer")
                .withMessage("the mesh's agents skip this peer: " + reason + " (first reported by node " + node + ")")
                .withNewSource().withComponent("edgefed-agent").withHost(node).endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == java.net.HttpURLConnection.HTTP_CONFLICT) {
                return; // another agent reported this version of the record first
            }
            LOG.debugf("could not record an Event for VPNPeer %s: %s", peer.getMetadata().getName(), e.getMessage());
        }
    }

    /** {@code <peer>.<resourceVersion>.<8 hex digits of the reason's hash>}: the same on every node. */
    static String eventName(VPNPeer peer, String reason) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String version = String.valueOf(peer.getMetadata().getResourceVersion()).toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9-]", "-");
            String name = peer.getMetadata().getName();
            return (name.length() > 200 ? name.substring(0, 200) : name) + "." + version + "." + java.util.HexFormat.of().formatHex(hash, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Forgets reports of peers no longer present, so the set does not grow forever. */
    public void retainOnly(Set<String> names) {
        reported.removeIf(key -> !names.contains(key.substring(0, key.indexOf('/'))));
    }
}
