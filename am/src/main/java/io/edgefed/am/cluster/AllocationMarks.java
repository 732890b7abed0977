package io.edgefed.am.cluster;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * How one Allocate call marks its Slivers so that a crash in the middle leaves nothing visible (AM-internal; the
 * operator ignores these marks and does nothing for unprovisioned Slivers anyway):
 * <ul>
 * <li>label {@value #ALLOCATION_LABEL}: the call's attempt id, on every Sliver it wrote;</li>
 * <li>label {@value #PENDING_LABEL}: present until the call commits, which it does by removing it from each Sliver
 *     once all are written. A Sliver is visible only when neither it nor any Sliver of its attempt is pending, so a
 *     call interrupted while writing or while committing shows nothing;</li>
 * <li>annotation {@value #KEY_ANNOTATION}: the request's key (slice, owner and planned nodes), so that a retry of
 *     the same Allocate takes the interrupted call's Slivers over instead of finding them in the way;</li>
 * <li>annotation {@value #STARTED_ANNOTATION}: when the attempt began; attempts still pending after
 *     {@code edgefed.am.allocation-grace} are swept ({@link AllocationSweeper}).</li>
 * </ul>
 */
public final class AllocationMarks {

    public static final String ALLOCATION_LABEL = EdgefedKeys.GROUP + "/allocation";
    public static final String PENDING_LABEL = EdgefedKeys.GROUP + "/allocation-pending";
    public static final String KEY_ANNOTATION = EdgefedKeys.GROUP + "/allocation-key";
    public static final String STARTED_ANNOTATION = EdgefedKeys.GROUP + "/allocation-started";

    private AllocationMarks() {
    }

    /** Marks a planned Sliver as written, not yet committed, by attempt {@code attempt} of request {@code key}. */
    public static void markPending(Sliver sliver, String attempt, String key, Instant started) {
        if (sliver.getMetadata().getLabels() == null) {
            sliver.getMetadata().setLabels(new java.util.HashMap<>());
        }
        if (sliver.getMetadata().getAnnotations() == null) {
            sliver.getMetadata().setAnnotations(new java.util.HashMap<>());
        }
        sliver.getMetadata().getLabels().put(ALLOCATION_LABEL, attempt);
        sliver.getMetadata().getLabels().put(PENDING_LABEL, "true");
        sliver.getMetadata().getAnnotations().put(KEY_ANNOTATION, key);
        sliver.getMetadata().getAnnotations().put(STARTED_ANNOTATION, started.toString());
    }

    /** Removes the pending mark: the commit of one Sliver. */
    public static void markCommitted(Sliver sliver) {
        sliver.getMetadata().getLabels().remove(PENDING_LABEL);
    }

    public static boolean isPending(Sliver sliver) {
        Map<String, String> labels = sliver.getMetadata().getLabels();
        return labels != null && labels.containsKey(PENDING_LABEL);
    }

    public static Optional<String> attempt(Sliver sliver) {
        Map<String, String> labels = sliver.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(ALLOCATION_LABEL));
    }

    public static Optional<String> key(Sliver sliver) {
        Map<String, String> annotations = sliver.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(KEY_ANNOTATION));
    }

    /** When the Sliver's attempt began; a Sliver without the mark counts as started long ago. */
    public static Instant started(Sliver sliver) {
        Map<String, String> annotations = sliver.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(STARTED_ANNOTATION);
        try {
            return text == null ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
