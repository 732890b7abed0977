package io.edgefed.operator.sliver;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.edgefed.model.Sliver;
import io.edgefed.model.SliverStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Writes a Sliver's derived status onto the version it was derived from, and onto no other.
 * <p>
 * Why not {@code UpdateControl.patchStatus}: the operator SDK (JOSDK 5.3) writes the status without a resourceVersion
 * (JSON patch) or with one the embedded API server ignored (server-side apply), and then drops every watch event up
 * to the version its own write returned, taking them all for echoes of that write. A spec change the AM stored
 * between the operator's read and its status write is folded into that version, so its event is dropped and the
 * Sliver is not reconciled again (upstream: operator-framework/java-operator-sdk#3398, fixed by filtering only
 * writes made with optimistic locking, #3484). Here the JSON patch sets the resourceVersion reconciled, which the API
 * server takes as a precondition: a write that crossed ours makes this one fail with 409, and the SDK then passes
 * the crossing write's event on; a write that succeeds proves that nothing came in between, so filtering its echo is
 * right.
 */
final class SliverStatusWrite {

    private static final Logger LOG = Logger.getLogger(SliverStatusWrite.class);
    private static final int CONFLICT = 409;

    private SliverStatusWrite() {
    }

    /** Writes {@code status} onto {@code reconciled}; false when the Sliver changed since (the change's event follows). */
    static boolean onVersionReconciled(Sliver reconciled, SliverStatus status, Context<Sliver> context) {
        String patch = context.getClient().getKubernetesSerialization().asJson(List.of(
                Map.of("op", "replace", "path", "/metadata/resourceVersion",
                        "value", reconciled.getMetadata().getResourceVersion()),
                Map.of("op", "add", "path", "/status", "value", status)));
        try {
            context.resourceOperations().resourcePatch(reconciled,
                    sliver -> context.getClient().resource(sliver).subresource("status")
                            .patch(PatchContext.of(PatchType.JSON), patch),
                    context.eventSourceRetriever().getControllerEventSource());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            LOG.debugf("Sliver %s changed while it was reconciled; its status waits for the next reconciliation",
                    reconciled.getMetadata().getName());
            return false;
        }
    }
}
