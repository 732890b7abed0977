package io.edgefed.console;

import java.util.Map;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverStatus;

/** What of a Sliver the console may show: nothing about its users. */
final class SliverViews {

    private SliverViews() {
    }

    static SliverView of(Sliver sliver, boolean showSliceUrns) {
        SliverSpec spec = sliver.getSpec() == null ? new SliverSpec() : sliver.getSpec();
        SliverStatus status = sliver.getStatus();
        Map<String, String> labels = sliver.getMetadata().getLabels();
        String sliceId = labels == null ? null : labels.get(EdgefedKeys.SLICE_LABEL);
        String node = status != null && status.getNode() != null ? status.getNode() : spec.getNode();
        Expiry expiry = Expiry.of(sliver);
        String host = null;
        Integer port = null;
        if (status != null && status.getLogin() != null) {
            host = status.getLogin().getHost();
            port = status.getLogin().getPort();
        }
        return new SliverView(sliver.getMetadata().getName(), sliceId, showSliceUrns ? spec.getSliceUrn() : null,
                spec.getClientId(), spec.getImage(), node,
                status == null || status.getAllocationState() == null ? null : status.getAllocationState().geni(),
                status == null || status.getOperationalState() == null ? null : status.getOperationalState().geni(),
                expiry.isValid() ? Expiry.format(expiry.instant()) : null, host, port);
    }
}
