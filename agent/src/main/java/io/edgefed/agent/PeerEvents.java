package io.edgefed.agent;

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
 * Tells about VPNPeers this node cannot use: a log line and a Kubernetes Event on the peer, once per version of the
 * record, so a bad record does not flood the log at every resync.
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
                .withNewMetadata().withGenerateName(peer.getMetadata().getName() + ".").withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withApiVersion(peer.getApiVersion()).withKind(peer.getKind())
                .withName(peer.getMetadata().getName()).withUid(peer.getMetadata().getUid())
                .withResourceVersion(peer.getMetadata().getResourceVersion()).endInvolvedObject()
                .withType("Warning").withReason("InvalidPeer")
                .withMessage("node " + node + " skips this peer: " + reason)
                .withNewSource().withComponent("edgefed-agent").withHost(node).endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("could not record an Event for VPNPeer %s: %s", peer.getMetadata().getName(), e.getMessage());
        }
    }

    /** Forgets reports of peers no longer present, so the set does not grow forever. */
    public void retainOnly(Set<String> names) {
        reported.removeIf(key -> !names.contains(key.substring(0, key.indexOf('/'))));
    }
}
