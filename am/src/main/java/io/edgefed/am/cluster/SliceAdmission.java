package io.edgefed.am.cluster;

import io.edgefed.am.call.RequestLimits;
import io.edgefed.am.geni.GeniException;
import io.edgefed.model.Sliver;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admits Allocates into a slice against {@code edgefed.am.limits.slivers-per-slice}: counting the slice's slivers and
 * writing the ones the count allows are one step, under one lock per slice, so concurrent Allocates on this replica
 * cannot both pass the limit. The count is what the informer cache shows plus what this replica wrote that the cache
 * does not show yet (a write waits only {@code edgefed.am.cache-sync-wait} for it). Across replicas nothing is shared:
 * each replica holds the limit for the Allocates it runs, so N replicas racing into one slice may together exceed it
 * (by at most what the racing calls add).
 */
@ApplicationScoped
public class SliceAdmission {

    /** How long a written sliver is counted while the cache does not show it; far beyond any informer lag. */
    private static final Duration UNSEEN_FOR = Duration.ofMinutes(2);

    /** Writes the admitted slivers and returns them. */
    public interface Write {
        List<Sliver> run() throws GeniException;
    }

    private final SliverStore store;
    private final RequestLimits limits;
    private final Object[] locks = new Object[64];
    /** Per slice label: names this replica wrote and when, until the cache shows them. Guarded by the slice's lock. */
    private final Map<String, Map<String, Instant>> unseen = new HashMap<>();

    SliceAdmission(SliverStore store, RequestLimits limits) {
        this.store = store;
        this.limits = limits;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Checks that the slice can take {@code adding} more slivers and runs {@code write}, with no other Allocate of
     * this slice in between on this replica.
     *
     * @throws GeniException TOOBIG (6) when the slice would hold more than the limit; whatever {@code write} throws
     */
    public List<Sliver> admit(String sliceLabel, int adding, Instant now, Write write) throws GeniException {
        synchronized (locks[Math.floorMod(sliceLabel.hashCode(), locks.length)]) {
            Set<String> counted = new HashSet<>();
            store.ofSlice(sliceLabel, now).forEach(s -> counted.add(s.getMetadata().getName()));
            Map<String, Instant> written = unseen.computeIfAbsent(sliceLabel, k -> new HashMap<>());
            written.entrySet().removeIf(e -> store.findAny(e.getKey()).isPresent()
                    || e.getValue().plus(UNSEEN_FOR).isBefore(now));
            counted.addAll(written.keySet());
            limits.checkSliceSize(counted.size(), adding);
            List<Sliver> created = write.run();
            created.forEach(s -> written.put(s.getMetadata().getName(), now));
            written.keySet().removeIf(name -> store.findAny(name).isPresent());
            if (written.isEmpty()) {
                unseen.remove(sliceLabel);
            }
            return created;
        }
    }
}
