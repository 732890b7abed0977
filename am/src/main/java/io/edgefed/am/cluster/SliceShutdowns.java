package io.edgefed.am.cluster;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.SliverNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Slices an operator stopped with Shutdown. The mark is a labelled ConfigMap per slice in the Sliver namespace, so
 * every AM replica sees it; an admin clears it with {@code kubectl delete configmap -l edgefed.io/shutdown}.
 */
@ApplicationScoped
public class SliceShutdowns extends InformerView<ConfigMap> {

    /** Label on a shutdown mark; its value is the slice label. */
    public static final String SHUTDOWN_LABEL = EdgefedKeys.GROUP + "/shutdown";

    private final KubernetesClient client;
    private final String namespace;

    SliceShutdowns(KubernetesClient client, AmConfig config) {
        this.client = client;
        this.namespace = config.namespace();
    }

    @Override
    protected SharedIndexInformer<ConfigMap> newInformer() {
        return client.configMaps().inNamespace(namespace).withLabel(SHUTDOWN_LABEL).runnableInformer(0);
    }

    public boolean isShutDown(String sliceUrn) {
        return informer() != null && informer().getStore().getByKey(namespace + "/" + markName(sliceUrn)) != null;
    }

    /** Refuses new work on a slice that was shut down: UNAVAILABLE until an admin clears the mark. */
    public void requireOpen(String sliceUrn) throws GeniException {
        if (isShutDown(sliceUrn)) {
            throw new GeniException(GeniCode.UNAVAILABLE, "slice " + sliceUrn
                    + " was shut down by the testbed's operators and takes no new work; contact them to have it cleared");
        }
    }

    /** Marks the slice as shut down at {@code at}; marking it again changes nothing. */
    public void mark(String sliceUrn, String byUser, Instant at) {
        ConfigMap mark = new ConfigMapBuilder().withNewMetadata().withName(markName(sliceUrn)).withNamespace(namespace)
                .addToLabels(SHUTDOWN_LABEL, SliverNames.sliceLabel(canonical(sliceUrn)))
                .addToLabels(EdgefedKeys.SLICE_LABEL, SliverNames.sliceLabel(canonical(sliceUrn)))
                .addToLabels(EdgefedKeys.MANAGED_BY_LABEL, "edgefed-am").endMetadata()
                .withData(Map.of("slice", sliceUrn, "by", byUser, "at", at.toString())).build();
        try {
            client.configMaps().inNamespace(namespace).resource(mark).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static String markName(String sliceUrn) {
        return "shutdown-" + SliverNames.sliceLabel(canonical(sliceUrn));
    }

    /** Slices are marked by their canonical URN, so that every spelling of one slice finds its mark. */
    private static String canonical(String sliceUrn) {
        try {
            return GeniUrn.parse(sliceUrn).canonical();
        } catch (IllegalArgumentException e) {
            return sliceUrn;
        }
    }
}
