package io.edgefed.am.cluster;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.model.Sliver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes the Slivers of one Allocate so that they become visible together or not at all (see
 * {@link AllocationMarks}): first every Sliver is written pending, then each is committed. A call that fails
 * removes what it wrote; a call that dies (the AM killed) leaves only pending Slivers, which nobody sees, which a
 * retry of the same request takes over, and which {@link AllocationSweeper} removes after the grace.
 */
public final class AllocationWrite {

    private static final Logger LOG = Logger.getLogger(AllocationWrite.class);

    /** Lets tests stop a write as a crash would: called before write number {@code index} (0-based, 2 per Sliver). */
    public interface Interruption {
        void before(int index);
    }

    /** No interruption: production. */
    public static final Interruption NONE = index -> {
    };

    /** One Sliver to write, and the uncommitted Sliver of the same name it replaces, if any. */
    public record Planned(Sliver sliver, Optional<Sliver> takesOver) {
    }

    private final SliverStore store;
    private final Duration grace;
    private final String attempt = UUID.randomUUID().toString();
    private final String key;
    private final Instant started;

    /**
     * @param key     the request's identity: {@link #key} over the slice, the owner and the planned nodes
     * @param started when this attempt began
     */
    public AllocationWrite(SliverStore store, Duration grace, String key, Instant started) {
        this.store = store;
        this.grace = grace;
        this.key = key;
        this.started = started;
    }

    /** A request key: the same for a retry of the same Allocate, different for any other request. */
    public static String key(String canonicalSlice, String owner, List<String> plannedNodes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(canonicalSlice.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(owner.getBytes(StandardCharsets.UTF_8));
            for (String node : plannedNodes.stream().sorted().toList()) {
                digest.update((byte) 0);
                digest.update(node.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Decides how {@code sliver} (not yet marked) can be written: as new, or taking over an uncommitted Sliver of
     * the same name left by an interrupted call of the same request or by any call older than the grace.
     *
     * @throws GeniException ALREADYEXISTS when a committed Sliver or another call's young uncommitted one has the
     *                       name; BUSY when the name's Sliver has expired and is being removed
     */
    public Planned plan(Sliver sliver, String clientId, String slice, Instant now) throws GeniException {
        String name = sliver.getMetadata().getName();
        Optional<Sliver> existing = store.findAny(name);
        if (existing.isEmpty()) {
            return new Planned(sliver, Optional.empty());
        }
        Sliver found = existing.get();
        if (!store.isCommitted(found)) {
            boolean sameRequest = AllocationMarks.key(found).map(key::equals).orElse(false);
            if (sameRequest || !AllocationMarks.started(found).plus(grace).isAfter(now)) {
                return new Planned(sliver, existing);
            }
            throw new GeniException(GeniCode.ALREADYEXISTS, "node '" + clientId + "' of slice " + slice
                    + " is being allocated by another call right now; Describe the slice in a moment");
        }
        if (store.find(name, now).isEmpty()) {
            throw new GeniException(GeniCode.BUSY, "node '" + clientId + "' of slice " + slice
                    + " has just expired and is being removed; try again in a moment");
        }
        throw new GeniException(GeniCode.ALREADYEXISTS, "node '" + clientId + "' is already allocated in slice " + slice
                + "; Delete it first or use another client_id");
    }

    /** Writes and commits every planned Sliver; on a refusal removes what it wrote and rethrows. */
    public List<Sliver> write(List<Planned> plan, Interruption interruption) throws GeniException {
        List<Sliver> written = new ArrayList<>();
        int index = 0;
        try {
            for (Planned p : plan) {
                interruption.before(index++);
                AllocationMarks.markPending(p.sliver(), attempt, key, started);
                if (p.takesOver().isPresent()) {
                    p.sliver().getMetadata().setResourceVersion(p.takesOver().get().getMetadata().getResourceVersion());
                    written.add(store.update(p.takesOver().get(), p.sliver()));
                } else {
                    written.add(store.create(p.sliver()));
                }
            }
            List<Sliver> committed = new ArrayList<>();
            for (Sliver w : written) {
                interruption.before(index++);
                Sliver copy = store.copyOf(w);
                AllocationMarks.markCommitted(copy);
                committed.add(store.update(w, copy));
            }
            return committed;
        } catch (GeniException e) {
            rollBack(written);
            throw e;
        }
    }

    private void rollBack(List<Sliver> written) {
        for (Sliver s : written) {
            try {
                store.delete(s);
            } catch (GeniException | RuntimeException e) {
                // Still pending, so invisible; the sweeper removes it after the grace.
                LOG.warnf("could not roll back sliver %s after a failed Allocate: %s", s.getMetadata().getName(),
                        e.getMessage());
            }
        }
    }
}
