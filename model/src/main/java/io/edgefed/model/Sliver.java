package io.edgefed.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One GENI sliver: one SSH-reachable container. The AM writes the spec and the expiry annotation; the operator
 * makes the container and reports its state in the status.
 */
@Group(EdgefedKeys.GROUP)
@Version(EdgefedKeys.VERSION)
@Plural("slivers")
@Singular("sliver")
@ShortNames("slv")
@AdditionalPrinterColumn(name = "Slice", jsonPath = ".spec.sliceUrn", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.node", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.operationalState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".metadata.annotations.edgefed\\.io/expires", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Sliver extends CustomResource<SliverSpec, SliverStatus> implements Namespaced {

    /** The CRD's name, {@code slivers.edgefed.io}. */
    public static final String CRD_NAME = "slivers." + EdgefedKeys.GROUP;
}
