package io.edgefed.operator.sliver;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Deletes an expired Sliver, then the objects made for it, and the slice's NetworkPolicy with the slice's last sliver.
 * <p>
 * The Sliver goes first: it is what the AM and the experimenter see, and with it gone nothing recreates its objects.
 * A real cluster's garbage collector would remove the owned objects anyway; deleting them here makes them go at the
 * same moment, and is the only way on API servers without a garbage collector. Deleting what is already gone is
 * harmless; still, the deletions wake the reconciler for the Sliver while its cache may still hold it, and when many
 * slivers expire together those repeats would crowd out the next expiries, so a Sliver already deleted is remembered
 * for a while and left alone.
 */
@ApplicationScoped
class SliverExpiry {

    private static final Logger LOG = Logger.getLogger(SliverExpiry.class);
    /** Far longer than a watch event takes to reach the cache. */
    private static final Duration REMEMBERED = Duration.ofMinutes(2);

    /** UIDs of the Slivers this replica deleted, with when. */
    private final Map<String, Instant> deleted = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    SliverMetrics metrics;

    void expire(Sliver sliver, Context<Sliver> context) {
        Instant now = Instant.now();
        deleted.values().removeIf(at -> at.isBefore(now.minus(REMEMBERED)));
        if (deleted.containsKey(sliver.getMetadata().getUid())) {
            return;
        }
        KubernetesClient client = context.getClient();
        String namespace = sliver.getMetadata().getNamespace();
        String name = SliverObjects.childName(sliver);
        LOG.infof("Sliver %s/%s expired at %s; deleting it and its objects", namespace, name, Expiry.of(sliver));
        client.resources(Sliver.class).inNamespace(namespace).withName(name).delete();
        client.apps().deployments().inNamespace(namespace).withName(name).delete();
        client.services().inNamespace(namespace).withName(name).delete();
        client.configMaps().inNamespace(namespace).withName(name).delete();
        if (SliceNetworkPolicy.sliceMembers(context.getPrimaryCache(), sliver, Instant.now()).isEmpty()) {
            client.resources(NetworkPolicy.class).inNamespace(namespace)
                    .withName(SliverObjects.slicePolicyName(SliverObjects.sliceLabel(sliver))).delete();
        }
        deleted.put(sliver.getMetadata().getUid(), now);
        metrics.expired(Duration.between(Expiry.of(sliver).instant(), Instant.now()));
    }
}
