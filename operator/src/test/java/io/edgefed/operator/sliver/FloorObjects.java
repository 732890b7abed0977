package io.edgefed.operator.sliver;

import java.util.List;

import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** The objects the operator makes for a sliver, built by the same dependents, for a benchmark's floor. */
public final class FloorObjects {

    private FloorObjects() {
    }

    public static List<HasMetadata> of(Sliver sliver) {
        List<HasMetadata> children = List.of(
                new SliverDeployment().desired(sliver, null),
                new SliverService().desired(sliver, null),
                new SliverAuthorizedKeys().desired(sliver, null));
        for (HasMetadata child : children) {
            child.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                    .withApiVersion(sliver.getApiVersion()).withKind(sliver.getKind())
                    .withName(sliver.getMetadata().getName()).withUid(sliver.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true).build()));
        }
        return children;
    }
}
