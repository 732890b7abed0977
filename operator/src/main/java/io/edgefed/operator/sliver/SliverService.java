package io.edgefed.operator.sliver;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The NodePort Service that makes the container's SSH port reachable from outside on every node. The API server picks
 * the node port; {@link LoginAddress} reports it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = EdgefedKeys.SLIVER_LABEL))
public class SliverService extends CRUDKubernetesDependentResource<Service, Sliver> {

    @Override
    protected Service desired(Sliver sliver, Context<Sliver> context) {
        return new ServiceBuilder()
                .withMetadata(SliverObjects.childMetadata(sliver))
                .withNewSpec()
                    .withType("NodePort")
                    // Cluster, not Local: a node behind NAT is reached through any public node's port.
                    .withExternalTrafficPolicy("Cluster")
                    .withSelector(SliverObjects.selector(sliver))
                    .addNewPort()
                        .withName("ssh")
                        .withProtocol("TCP")
                        .withPort(SliverObjects.SSH_PORT)
                        .withNewTargetPort(SliverObjects.SSH_PORT)
                    .endPort()
                .endSpec()
                .build();
    }
}
