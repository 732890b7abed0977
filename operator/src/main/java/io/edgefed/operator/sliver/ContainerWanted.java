package io.edgefed.operator.sliver;

import java.time.Instant;

import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether a Sliver should have a container (and so its Deployment, Service, ConfigMap and a place in its slice's
 * NetworkPolicy): it is provisioned, its spec is valid and it has not expired. When this turns false for a Sliver that
 * has not expired (its spec became invalid) the operator SDK deletes the objects. An expired Sliver never reaches the
 * workflow: {@link SliverExpiry} deletes the Sliver first and then its objects.
 */
public class ContainerWanted implements Condition<Object, Sliver> {

    @Override
    public boolean isMet(DependentResource<Object, Sliver> dependentResource, Sliver sliver, Context<Sliver> context) {
        return isWanted(sliver, Instant.now());
    }

    /** The same decision, for code outside the workflow. */
    public static boolean isWanted(Sliver sliver, Instant now) {
        return sliver.getSpec() != null
                && sliver.getSpec().isProvisioned()
                && sliver.getMetadata().getDeletionTimestamp() == null
                && !Expiry.of(sliver).isExpiredAt(now)
                && SliverValidation.problems(sliver.getSpec()).isEmpty();
    }
}
