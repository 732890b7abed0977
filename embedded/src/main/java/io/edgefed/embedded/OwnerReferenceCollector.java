package io.edgefed.embedded;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The garbage collector of the embedded API server, with background propagation as the real one does: after any
 * delete, every object whose owners (by {@code ownerReferences} uid, namespaced or cluster-scoped alike) no longer
 * exist is deleted too, which in turn may orphan its own dependents. Deletes come in bursts, so sweeps that are
 * asked for while one is pending fold into it.
 */
final class OwnerReferenceCollector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OwnerReferenceCollector.class.getName());

    private final ApiResources resources;
    private final KubernetesClient client;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "garbage-collector");
        thread.setDaemon(true);
        return thread;
    });

    OwnerReferenceCollector(KubernetesClient client) {
        this.client = client;
        this.resources = new ApiResources(client);
    }

    /** Called after an object was deleted: sweeps soon, in the background. */
    void objectDeleted() {
        if (pending.compareAndSet(false, true) && !work.isShutdown()) {
            work.submit(() -> {
                pending.set(false);
                sweep();
            });
        }
    }

    /** Deletes every object none of whose owners exists any more; returns how many it deleted. */
    int sweep() {
        try {
            List<GenericKubernetesResource> all = new ArrayList<>();
            List<ResourceDefinitionContext> contexts = new ArrayList<>();
            List<ApiResource> kinds = resources.all();
            for (ApiResource resource : kinds) {
                ResourceDefinitionContext context = resource.definitionContext();
                for (GenericKubernetesResource object : client.genericKubernetesResources(context).inAnyNamespace().list().getItems()) {
                    all.add(object);
                    contexts.add(context);
                }
            }
            Set<String> uids = new HashSet<>();
            all.forEach(object -> uids.add(object.getMetadata().getUid()));
            int deleted = 0;
            for (int i = 0; i < all.size(); i++) {
                GenericKubernetesResource object = all.get(i);
                List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
                // The listing is not one snapshot: an owner made after its kind was listed is looked up before its
                // dependents go, as the real collector confirms an owner's absence with the API server.
                if (owners != null && !owners.isEmpty() && owners.stream().noneMatch(owner -> uids.contains(owner.getUid()))
                        && owners.stream().noneMatch(owner -> exists(owner, object.getMetadata().getNamespace(), kinds))) {
                    delete(contexts.get(i), object);
                    deleted++;
                }
            }
            return deleted;
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "garbage collection sweep failed; the next delete sweeps again", e);
            return 0;
        }
    }

    /** Whether the owner is there now; an owner of a kind this server does not know is taken as there. */
    private boolean exists(OwnerReference owner, String dependentNamespace, List<ApiResource> kinds) {
        String apiVersion = owner.getApiVersion() == null ? "" : owner.getApiVersion();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        var kind = kinds.stream().filter(r -> r.group().equals(group) && r.version().equals(version)
                && r.kind().equals(owner.getKind())).findFirst();
        if (kind.isEmpty()) {
            return true;
        }
        var operation = client.genericKubernetesResources(kind.get().definitionContext());
        GenericKubernetesResource found = kind.get().namespaced() && dependentNamespace != null
                ? operation.inNamespace(dependentNamespace).withName(owner.getName()).get()
                : operation.withName(owner.getName()).get();
        return found != null && owner.getUid() != null && owner.getUid().equals(found.getMetadata().getUid());
    }

    private void delete(ResourceDefinitionContext context, GenericKubernetesResource object) {
        var operation = client.genericKubernetesResources(context);
        String namespace = object.getMetadata().getNamespace();
        (namespace == null ? operation.withName(object.getMetadata().getName())
                : operation.inNamespace(namespace).withName(object.getMetadata().getName())).delete();
    }

    @Override
    public void close() throws InterruptedException {
        work.shutdownNow();
        work.awaitTermination(5, TimeUnit.SECONDS);
    }
}
