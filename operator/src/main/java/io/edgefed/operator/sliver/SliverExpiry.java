package io.edgefed.operator.sliver;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Deletes an expired Sliver, and the slice's NetworkPolicy with the slice's last sliver.
 * <p>
 * The Sliver's own Deployment, Service and ConfigMap are already deleted by then: {@link ContainerWanted} turns false
 * at the expiry, and the operator SDK deletes the dependents before it calls the reconciler. The operator deletes them
 * itself rather than leave them to the garbage collector, so they go at the same instant, also on API servers without
 * one; deleting them here a second time would only add requests when many slivers expire together.
 */
final class SliverExpiry {

    private static final Logger LOG = Logger.getLogger(SliverExpiry.class);

    private SliverExpiry() {
    }

    static void expire(Sliver sliver, Context<Sliver> context) {
        KubernetesClient client = context.getClient();
        String namespace = sliver.getMetadata().getNamespace();
        String name = SliverObjects.childName(sliver);
        LOG.infof("Sliver %s/%s expired at %s; deleting it and its objects", namespace, name, Expiry.of(sliver));
        if (SliceNetworkPolicy.sliceMembers(context.getPrimaryCache(), sliver, Instant.now()).isEmpty()) {
            client.resources(NetworkPolicy.class).inNamespace(namespace)
                    .withName(SliverObjects.slicePolicyName(SliverObjects.sliceLabel(sliver))).delete();
        }
        client.resources(Sliver.class).inNamespace(namespace).withName(name).delete();
    }
}
