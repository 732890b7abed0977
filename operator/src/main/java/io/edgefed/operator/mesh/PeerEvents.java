package io.edgefed.operator.mesh;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jboss.logging.Logger;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Records Kubernetes Events about a VPNPeer, so that {@code kubectl describe vpnpeer} and event watchers see what the
 * operator found. Events are advice: failing to record one never fails a reconciliation.
 */
final class PeerEvents {

    static final String COMPONENT = "edgefed-operator";

    private static final Logger LOG = Logger.getLogger(PeerEvents.class);

    private PeerEvents() {
    }

    static void warn(KubernetesClient client, String namespace, VPNPeer peer, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(peer.getMetadata().getName() + ".")
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(EdgefedKeys.API_VERSION)
                .withKind(MeshOwnership.PEER_KIND)
                .withName(peer.getMetadata().getName())
                .withUid(peer.getMetadata().getUid())
                .withResourceVersion(peer.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not record event %s for VPNPeer %s: %s", reason, peer.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
