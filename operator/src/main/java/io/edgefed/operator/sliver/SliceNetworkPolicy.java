package io.edgefed.operator.sliver;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * The NetworkPolicy that keeps a slice's containers apart from other slices': it selects the slice's pods and admits
 * traffic from pods of the same slice, and SSH (TCP 22) from anywhere; nothing else reaches them.
 * <p>
 * One policy serves all slivers of a slice, so it is owned by all of them (non-controller owner references, kept equal
 * to the slice's current slivers): the garbage collector removes it once the last owner is gone, and the operator
 * deletes it itself when it expires the last sliver of the slice. Unlike the other dependents it is never deleted
 * because one sliver stops needing it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = EdgefedKeys.SLICE_LABEL))
public class SliceNetworkPolicy extends KubernetesDependentResource<NetworkPolicy, Sliver>
        implements Creator<NetworkPolicy, Sliver>, Updater<NetworkPolicy, Sliver> {

    /** Index of the Sliver cache by namespace and slice label, registered by {@link SliverReconciler}. */
    public static final String SLICE_INDEX = "edgefed-slice";

    private static final String TCP = "TCP";

    /** Striped locks, so that writes to one slice's policy are serialized and different slices' are not. */
    private static final Object[] WRITE_LOCKS = new Object[64];

    static {
        for (int i = 0; i < WRITE_LOCKS.length; i++) {
            WRITE_LOCKS[i] = new Object();
        }
    }

    /** The index key of a sliver's slice. */
    public static List<String> sliceKey(Sliver sliver) {
        if (sliver.getSpec() == null || sliver.getSpec().getSliceUrn() == null) {
            return List.of();
        }
        return List.of(key(sliver.getMetadata().getNamespace(), SliverObjects.sliceLabel(sliver)));
    }

    /** The slivers that still want a container in the sliver's slice, the sliver itself included if it does. */
    public static List<Sliver> sliceMembers(IndexedResourceCache<Sliver> slivers, Sliver sliver, Instant now) {
        return sliceKey(sliver).stream()
                .flatMap(key -> slivers.byIndex(SLICE_INDEX, key).stream())
                .filter(member -> ContainerWanted.isWanted(member, now))
                .toList();
    }

    @Override
    protected NetworkPolicy desired(Sliver sliver, Context<Sliver> context) {
        String slice = SliverObjects.sliceLabel(sliver);
        Map<String, String> sliceSelector = Map.of(EdgefedKeys.SLICE_LABEL, slice);
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(SliverObjects.slicePolicyName(slice))
                    .withNamespace(sliver.getMetadata().getNamespace())
                    .withLabels(Map.of(EdgefedKeys.SLICE_LABEL, slice, EdgefedKeys.MANAGED_BY_LABEL, SliverObjects.MANAGER))
                    .withOwnerReferences(owners(sliver, context))
                .endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(sliceSelector).endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .addNewFrom().withNewPodSelector().withMatchLabels(sliceSelector).endPodSelector().endFrom()
                    .endIngress()
                    .addNewIngress()
                        .addNewPort().withProtocol(TCP).withPort(new IntOrString(SliverObjects.SSH_PORT)).endPort()
                    .endIngress()
                .endSpec()
                .build();
    }

    private static List<OwnerReference> owners(Sliver sliver, Context<Sliver> context) {
        List<Sliver> members = new java.util.ArrayList<>(sliceMembers(context.getPrimaryCache(), sliver, Instant.now()));
        if (members.stream().noneMatch(member -> Objects.equals(member.getMetadata().getUid(), sliver.getMetadata().getUid()))) {
            members.add(sliver);
        }
        return members.stream()
                .sorted(Comparator.comparing(member -> member.getMetadata().getName()))
                .map(SliceNetworkPolicy::ownerReference)
                .toList();
    }

    private static OwnerReference ownerReference(Sliver owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build();
    }

    @Override
    protected boolean addOwnerReference() {
        // The owners are the slice's slivers, set in desired(); the SDK would add only the one reconciled.
        return false;
    }

    @Override
    public Matcher.Result<NetworkPolicy> match(NetworkPolicy actual, Sliver primary, Context<Sliver> context) {
        NetworkPolicy desired = desired(primary, context);
        boolean matched = Objects.equals(desired.getSpec(), actual.getSpec())
                && ownerUids(desired).equals(ownerUids(actual));
        return Matcher.Result.computed(matched, desired);
    }

    @Override
    public NetworkPolicy create(NetworkPolicy desired, Sliver primary, Context<Sliver> context) {
        synchronized (writeLock(desired)) {
            // Another sliver of the slice may have made it since the workflow looked.
            Optional<NetworkPolicy> made = cached(desired);
            if (made.isPresent()) {
                return update(made.get(), desired, primary, context);
            }
            try {
                return super.create(desired(primary, context), primary, context);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // Made by another operator replica or an earlier run: bring it up to date instead.
                NetworkPolicy existing = context.getClient().resource(desired).get();
                return update(existing, desired, primary, context);
            }
        }
    }

    /**
     * Writes the spec and the owners, computed again under the slice's lock from the latest caches, so that slivers of
     * one slice reconciled at the same moment do not overwrite each other's owner reference.
     */
    @Override
    public NetworkPolicy update(NetworkPolicy actual, NetworkPolicy desired, Sliver primary, Context<Sliver> context) {
        synchronized (writeLock(desired)) {
            NetworkPolicy latest = cached(actual).filter(cached -> isNewer(cached, actual)).orElse(actual);
            NetworkPolicy wanted = desired(primary, context);
            if (Objects.equals(wanted.getSpec(), latest.getSpec()) && ownerUids(wanted).equals(ownerUids(latest))) {
                return latest;
            }
            NetworkPolicy updated = new NetworkPolicyBuilder(latest)
                    .editMetadata()
                        .withOwnerReferences(wanted.getMetadata().getOwnerReferences())
                        .addToLabels(wanted.getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(wanted.getSpec())
                    .build();
            return context.resourceOperations().update(updated, eventSource().orElse(null));
        }
    }

    private Optional<NetworkPolicy> cached(NetworkPolicy policy) {
        return eventSource().flatMap(source -> source.get(ResourceID.fromResource(policy)));
    }

    private static boolean isNewer(NetworkPolicy a, NetworkPolicy b) {
        try {
            return Long.parseLong(a.getMetadata().getResourceVersion()) > Long.parseLong(b.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Object writeLock(NetworkPolicy policy) {
        return WRITE_LOCKS[Math.floorMod(policy.getMetadata().getName().hashCode(), WRITE_LOCKS.length)];
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Sliver sliver, Context<Sliver> context) {
        return new ResourceID(SliverObjects.slicePolicyName(SliverObjects.sliceLabel(sliver)),
                sliver.getMetadata().getNamespace());
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<NetworkPolicy>> getSecondaryToPrimaryMapper(
            EventSourceContext<Sliver> context) {
        return Optional.of(policy -> {
            String slice = policy.getMetadata().getLabels().get(EdgefedKeys.SLICE_LABEL);
            return context.getPrimaryCache().byIndex(SLICE_INDEX, key(policy.getMetadata().getNamespace(), slice))
                    .stream()
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet());
        });
    }

    private static Set<String> ownerUids(HasMetadata resource) {
        List<OwnerReference> owners = resource.getMetadata().getOwnerReferences();
        return owners == null ? Set.of() : owners.stream().map(OwnerReference::getUid).collect(Collectors.toSet());
    }

    private static String key(String namespace, String sliceLabel) {
        return namespace + "/" + sliceLabel;
    }
}
