package io.edgefed.operator.sliver;

import java.time.Instant;

import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether a Sliver should have a container (and so its Deployment, Service, ConfigMap and a place in its slice's
 * NetworkPolicy): it is provisioned, its spec is valid and it has not expired. When this turns false the operator SDK
 * deletes the objects, which is how an expired Sliver loses them before the Sliver itself is deleted.
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
                && !isExpired(sliver, now)
                && SliverValidation.problems(sliver.getSpec()).isEmpty();
    }

    /** Expired: a readable expiry that is not in the future. A missing or unreadable one never expires. */
    public static boolean isExpired(Sliver sliver, Instant now) {
        Expiry expiry = Expiry.of(sliver);
        return expiry.isValid() && !expiry.instant().isAfter(now);
    }
}
