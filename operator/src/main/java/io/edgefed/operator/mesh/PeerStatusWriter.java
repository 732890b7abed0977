package io.edgefed.operator.mesh;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes the operator's part of a VPNPeer's status ({@code inactiveSince} and the owned conditions) and nothing else.
 * The agent writes the rest of the status, so this sends a JSON merge patch naming only those fields; the conditions
 * list can only be replaced whole, so the patch carries the {@code resourceVersion} it was computed from and the
 * API server refuses it if the agent wrote in between.
 */
final class PeerStatusWriter {

    private static final Logger LOG = Logger.getLogger(PeerStatusWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", peer.getMetadata().getResourceVersion());
        ObjectNode status = patch.putObject("status");
        if (since == null) {
            status.putNull("inactiveSince");
        } else {
            status.put("inactiveSince", since);
        }
        status.set("conditions", JSON.valueToTree(conditions));
        try {
            client.resources(VPNPeer.class).withName(peer.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
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
