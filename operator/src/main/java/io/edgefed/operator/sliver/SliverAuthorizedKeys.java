package io.edgefed.operator.sliver;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverUser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The ConfigMap holding the sliver's {@code authorized_keys}: every key of every user, one per line. The container
 * mounts it as a directory, so when keys change only this ConfigMap changes and the kubelet swaps the file in place;
 * the pod is not recreated.
 */
@KubernetesDependent(informer = @Informer(labelSelector = EdgefedKeys.SLIVER_LABEL))
public class SliverAuthorizedKeys extends CRUDKubernetesDependentResource<ConfigMap, Sliver> {

    @Override
    protected ConfigMap desired(Sliver sliver, Context<Sliver> context) {
        return new ConfigMapBuilder()
                .withMetadata(SliverObjects.childMetadata(sliver))
                .withData(Map.of(SliverObjects.AUTHORIZED_KEYS, authorizedKeys(sliver)))
                .build();
    }

    /** The file's content: each key on its own line, in the order of the users and their keys. */
    static String authorizedKeys(Sliver sliver) {
        return sliver.getSpec().getUsers().stream()
                .filter(Objects::nonNull)
                .flatMap(user -> keys(user).stream())
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .map(key -> key + "\n")
                .collect(Collectors.joining());
    }

    private static java.util.List<String> keys(SliverUser user) {
        return user.getKeys() == null ? java.util.List.of() : user.getKeys();
    }
}
