package io.edgefed.operator.sliver;

import java.util.Map;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * Names and labels of the objects the operator makes for a {@link Sliver}: one place, so that every dependent and the
 * expiry agree on them.
 */
public final class SliverObjects {

    /** The value of {@link EdgefedKeys#MANAGED_BY_LABEL} on everything the operator makes. */
    public static final String MANAGER = "edgefed-operator";

    /** Pod-template annotation holding the restart marker: a new value rolls the pod. */
    public static final String RESTART_ANNOTATION = EdgefedKeys.GROUP + "/restart";

    /** Name of the container, and of its SSH port. */
    public static final String CONTAINER = "sliver";

    /** The key in the ConfigMap, and so the file name in the container. */
    public static final String AUTHORIZED_KEYS = "authorized_keys";

    /** The port sshd listens on in the container. */
    public static final int SSH_PORT = 22;

    private static final String SLICE_POLICY_PREFIX = "slice-";

    private SliverObjects() {
    }

    /** Deployment, Service and ConfigMap all carry the Sliver's own name. */
    public static String childName(Sliver sliver) {
        return sliver.getMetadata().getName();
    }

    /** The slice label value: the Sliver's own label when the AM set it, else computed from the slice URN. */
    public static String sliceLabel(Sliver sliver) {
        Map<String, String> labels = sliver.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(EdgefedKeys.SLICE_LABEL);
        if (label != null && !label.isBlank()) {
            return label;
        }
        return SliverNames.sliceLabel(sliver.getSpec().getSliceUrn());
    }

    /** The NetworkPolicy shared by all slivers of a slice. */
    public static String slicePolicyName(String sliceLabel) {
        return SLICE_POLICY_PREFIX + sliceLabel;
    }

    /** Labels on every object made for the sliver (and on its pod). */
    public static Map<String, String> labels(Sliver sliver) {
        return Map.of(
                EdgefedKeys.SLIVER_LABEL, sliver.getMetadata().getName(),
                EdgefedKeys.SLICE_LABEL, sliceLabel(sliver),
                EdgefedKeys.MANAGED_BY_LABEL, MANAGER);
    }

    /** Labels that select the sliver's pod. */
    public static Map<String, String> selector(Sliver sliver) {
        return Map.of(EdgefedKeys.SLIVER_LABEL, sliver.getMetadata().getName());
    }

    /** Name, namespace and labels of a child object (owner references are added by the operator SDK). */
    public static ObjectMeta childMetadata(Sliver sliver) {
        return new ObjectMetaBuilder()
                .withName(childName(sliver))
                .withNamespace(sliver.getMetadata().getNamespace())
                .withLabels(labels(sliver))
                .build();
    }
}
