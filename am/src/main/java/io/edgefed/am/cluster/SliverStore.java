package io.edgefed.am.cluster;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The Slivers of the AM's namespace. Reads come from an informer cache indexed by slice label, so a slice's
 * Slivers cost no API call; writes go to the API server and then wait (briefly) until the cache shows them, so the
 * next call on this replica reads its own writes. Slivers past their expiry count as gone even before the operator
 * deletes them.
 */
@ApplicationScoped
public class SliverStore extends InformerView<Sliver> {

    private static final Logger LOG = Logger.getLogger(SliverStore.class);
    private static final String BY_SLICE = "bySlice";
    /** Attempt ids of Allocate calls that still have a pending (uncommitted) Sliver. */
    private static final String BY_PENDING_ATTEMPT = "byPendingAttempt";
    private static final String BY_ATTEMPT = "byAttempt";
    private static final int MAX_UPDATE_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final AmConfig config;

    SliverStore(KubernetesClient client, AmConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    protected SharedIndexInformer<Sliver> newInformer() {
        SharedIndexInformer<Sliver> informer = client.resources(Sliver.class).inNamespace(config.namespace()).runnableInformer(0);
        informer.addIndexers(Map.of(BY_SLICE, sliver -> {
            Map<String, String> labels = sliver.getMetadata().getLabels();
            String slice = labels == null ? null : labels.get(EdgefedKeys.SLICE_LABEL);
            return slice == null ? List.of() : List.of(slice);
        }, BY_PENDING_ATTEMPT, sliver -> AllocationMarks.isPending(sliver)
                ? AllocationMarks.attempt(sliver).map(List::of).orElse(List.of()) : List.of(),
                BY_ATTEMPT, sliver -> AllocationMarks.attempt(sliver).map(List::of).orElse(List.of())));
        return informer;
    }

    /** The live Slivers of a slice (by its slice label), sorted by client_id; uncommitted ones are not live. */
    public List<Sliver> ofSlice(String sliceLabel, Instant now) {
        List<Sliver> out = new ArrayList<>();
        for (Sliver s : informer().getIndexer().byIndex(BY_SLICE, sliceLabel)) {
            if (isLive(s, now)) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.getSpec().getClientId()));
        return out;
    }

    /** Every Sliver the cache holds (committed or not, expired or not), for counting; empty before the start. */
    public List<Sliver> cached() {
        SharedIndexInformer<Sliver> informer = informer();
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** The live Sliver of that name. */
    public Optional<Sliver> find(String name, Instant now) {
        Sliver s = informer().getStore().getByKey(config.namespace() + "/" + name);
        return s != null && isLive(s, now) ? Optional.of(s) : Optional.empty();
    }

    /** Whether a Sliver of that name exists at all, even expired and not yet removed, or not yet committed. */
    public Optional<Sliver> findAny(String name) {
        return Optional.ofNullable(informer().getStore().getByKey(config.namespace() + "/" + name));
    }

    /** A private copy of a cached Sliver to change; cached objects are shared and must stay untouched. */
    public Sliver copyOf(Sliver sliver) {
        return client.getKubernetesSerialization().clone(sliver);
    }

    public Sliver create(Sliver sliver) throws GeniException {
        Sliver written = write(() -> client.resources(Sliver.class).inNamespace(config.namespace()).resource(sliver).create());
        awaitCached(written.getMetadata().getName(), cached -> isAtLeast(cached, written));
        return written;
    }

    /**
     * Replaces a Sliver the caller read from the cache ({@code original}) and changed ({@code changed}). The operator
     * writes the status at any time, which moves the resource version on; such a write does not touch what the AM
     * owns (spec, labels, annotations), so the change is retried on the fresh version. Only a concurrent change of
     * what the AM owns, by another call, makes this BUSY.
     */
    public Sliver update(Sliver original, Sliver changed) throws GeniException {
        String name = changed.getMetadata().getName();
        for (int attempt = 1;; attempt++) {
            try {
                Sliver written = client.resources(Sliver.class).inNamespace(config.namespace()).resource(changed).update();
                if (written.getMetadata().getDeletionTimestamp() != null) {
                    throw deletedMeanwhile(name, null); // a Delete won the race; the operator is removing it
                }
                awaitCached(name, cached -> isAtLeast(cached, written));
                return written;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    throw deletedMeanwhile(name, e);
                }
                if (e.getCode() != 409) {
                    throw writeFailure(e);
                }
                Sliver fresh = client.resources(Sliver.class).inNamespace(config.namespace()).withName(name).get();
                if (fresh == null || fresh.getMetadata().getDeletionTimestamp() != null) {
                    throw deletedMeanwhile(name, e);
                }
                if (attempt == MAX_UPDATE_ATTEMPTS || !sameAmOwnedState(original, fresh)) {
                    throw new GeniException(GeniCode.BUSY, "the sliver changed while this call ran; try again", e);
                }
                changed.getMetadata().setResourceVersion(fresh.getMetadata().getResourceVersion());
            }
        }
    }

    private GeniException deletedMeanwhile(String name, Exception cause) {
        return new GeniException(GeniCode.SEARCHFAILED, "sliver " + GeniUrn.of(config.authority(), "sliver", name)
                + " was deleted while this call ran", cause);
    }

    private boolean sameAmOwnedState(Sliver a, Sliver b) {
        return client.getKubernetesSerialization().asJson(a.getSpec()).equals(client.getKubernetesSerialization().asJson(b.getSpec()))
                && Objects.equals(a.getMetadata().getAnnotations(), b.getMetadata().getAnnotations())
                && Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels());
    }

    public void delete(Sliver sliver) throws GeniException {
        String name = sliver.getMetadata().getName();
        write(() -> {
            client.resources(Sliver.class).inNamespace(config.namespace()).withName(name).delete();
            return sliver;
        });
        awaitCached(name, cached -> cached == null);
    }

    private boolean isLive(Sliver s, Instant now) {
        return s.getSpec() != null && s.getMetadata().getDeletionTimestamp() == null
                && !Expiry.of(s).isExpiredAt(now) && isCommitted(s);
    }

    /**
     * Whether the Allocate that wrote this Sliver committed: neither it nor another Sliver of the same attempt is
     * still pending ({@link AllocationMarks}). Slivers written before allocation marks existed count as committed.
     */
    public boolean isCommitted(Sliver s) {
        if (AllocationMarks.isPending(s)) {
            return false;
        }
        return AllocationMarks.attempt(s).map(a -> informer().getIndexer().byIndex(BY_PENDING_ATTEMPT, a).isEmpty())
                .orElse(true);
    }

    /** Every Sliver of attempts that still have a pending Sliver, by attempt id: what a sweep looks at. */
    public Map<String, List<Sliver>> uncommittedAttempts() {
        Map<String, List<Sliver>> out = new java.util.HashMap<>();
        for (Sliver s : informer().getStore().list()) {
            if (AllocationMarks.isPending(s)) {
                AllocationMarks.attempt(s).ifPresent(a -> out.computeIfAbsent(a, this::ofAttempt));
            }
        }
        return out;
    }

    /** The Slivers written by one Allocate attempt, committed or not. */
    public List<Sliver> ofAttempt(String attempt) {
        return List.copyOf(informer().getIndexer().byIndex(BY_ATTEMPT, attempt));
    }

    private static boolean isAtLeast(Sliver cached, Sliver written) {
        if (cached == null) {
            return false;
        }
        String have = cached.getMetadata().getResourceVersion();
        String want = written.getMetadata().getResourceVersion();
        try {
            return Long.parseLong(have) >= Long.parseLong(want);
        } catch (NumberFormatException e) {
            return want.equals(have);
        }
    }

    private void awaitCached(String name, Predicate<Sliver> seen) {
        long deadline = System.nanoTime() + config.cacheSyncWait().toNanos();
        String key = config.namespace() + "/" + name;
        while (!seen.test(informer().getStore().getByKey(key))) {
            if (System.nanoTime() > deadline) {
                LOG.debugf("cache did not show the write of %s in time; reads may lag", name);
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface Write {
        Sliver run();
    }

    private static Sliver write(Write write) throws GeniException {
        try {
            return write.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new GeniException(GeniCode.BUSY, "the sliver changed while this call ran; try again", e);
            }
            throw writeFailure(e);
        }
    }

    private static GeniException writeFailure(KubernetesClientException e) {
        LOG.warnf("Kubernetes API write failed: %s", e.getMessage());
        return new GeniException(GeniCode.DBERROR,
                "the cluster's API server refused or could not take the change; try again later", e);
    }
}
