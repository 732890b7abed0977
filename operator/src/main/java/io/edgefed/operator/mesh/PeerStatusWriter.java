package io.edgefed.operator.mesh;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes the operator's part of a VPNPeer's status ({@code inactiveSince} and the owned conditions) and nothing else.
 * The agent writes the rest of the status, so this sends a JSON Patch touching only those fields; the conditions
 * list can only be replaced whole, so the patch is conditional on the {@code resourceVersion} it was computed from
 * and the API server refuses it if the agent wrote in between.
 */
final class PeerStatusWriter {

    private static final Logger LOG = Logger.getLogger(PeerStatusWriter.class);

    private PeerStatusWriter() {
    }

    /**
     * @return true when the status already said this or was changed; false when the agent wrote first (a new event
     *         for its write is on its way and the controller will run again)
     */
    static boolean write(KubernetesClient client, VPNPeer peer, Instant inactiveSince, List<Condition> conditions) {
        String since = inactiveSince == null ? null : inactiveSince.truncatedTo(ChronoUnit.SECONDS).toString();
        String currentSince = peer.getStatus() == null ? null : peer.getStatus().getInactiveSince();
        List<Condition> currentConditions = peer.getStatus() == null ? List.of() : peer.getStatus().getConditions();
        if (Objects.equals(since, currentSince) && PeerConditions.sameMeaning(currentConditions, conditions)) {
            return true;
        }
        JsonPatchDocument patch = new JsonPatchDocument()
                .onlyIfUnchangedSince(peer.getMetadata().getResourceVersion());
        if (peer.getStatus() == null) {
            Map<String, Object> status = new LinkedHashMap<>();
            if (since != null) {
                status.put("inactiveSince", since);
            }
            status.put("conditions", conditions);
            patch.set("/status", status);
        } else {
            if (since != null) {
                patch.set("/status/inactiveSince", since);
            } else if (currentSince != null) {
                patch.remove("/status/inactiveSince");
            }
            patch.set("/status/conditions", conditions);
        }
        try {
            client.resources(VPNPeer.class).withName(peer.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), patch.toString());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                LOG.debugf("VPNPeer %s changed while its status was computed; it will be judged again",
                        peer.getMetadata().getName());
                return false;
            }
            throw e;
        }
    }
}
