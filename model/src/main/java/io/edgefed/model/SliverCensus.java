package io.edgefed.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Slivers counted by their GENI allocation and operational state, for the metrics of the AM and the operator. Every
 * possible pair is a {@link #pairs() key} (a bounded set: three allocation values by seven operational ones), so a
 * gauge per pair can be registered once; a Sliver without a status yet counts under {@value #UNKNOWN}. An instance
 * counts a source (an informer's cache) at most once a second, however many gauges a scrape reads.
 */
public final class SliverCensus {

    /** The state a Sliver the operator has not reported on yet counts under. */
    public static final String UNKNOWN = "unknown";

    /** One allocation state and one operational state, by their GENI names (or {@value #UNKNOWN}). */
    public record Pair(String allocationState, String operationalState) {
    }

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final Supplier<? extends Collection<Sliver>> source;
    private Map<Pair, Long> counts = Map.of();
    private long countedAt;
    private boolean counted;

    /** A census of what {@code source} holds when asked (an empty collection while it has nothing yet). */
    public SliverCensus(Supplier<? extends Collection<Sliver>> source) {
        this.source = source;
    }

    /** How many Slivers of the source are in {@code pair} now (counted again when the last count is over 1 s old). */
    public synchronized long count(Pair pair) {
        long now = System.nanoTime();
        if (!counted || now - countedAt > REFRESH_NANOS) {
            counts = count(source.get());
            countedAt = now;
            counted = true;
        }
        return counts.getOrDefault(pair, 0L);
    }

    /** Every pair a Sliver can count under. */
    public static List<Pair> pairs() {
        List<String> allocations = new ArrayList<>(List.of(AllocationState.ALLOCATED.geni(), AllocationState.PROVISIONED.geni(), UNKNOWN));
        List<String> operations = new ArrayList<>();
        for (OperationalState state : OperationalState.values()) {
            operations.add(state.geni());
        }
        operations.add(UNKNOWN);
        List<Pair> pairs = new ArrayList<>();
        for (String allocation : allocations) {
            for (String operation : operations) {
                pairs.add(new Pair(allocation, operation));
            }
        }
        return List.copyOf(pairs);
    }

    /** How many of {@code slivers} are in each pair; pairs without any are absent. */
    public static Map<Pair, Long> count(Collection<Sliver> slivers) {
        Map<Pair, Long> counts = new HashMap<>();
        for (Sliver sliver : slivers) {
            counts.merge(pairOf(sliver.getStatus()), 1L, Long::sum);
        }
        return counts;
    }

    private static Pair pairOf(SliverStatus status) {
        AllocationState allocation = status == null ? null : status.getAllocationState();
        OperationalState operation = status == null ? null : status.getOperationalState();
        return new Pair(allocation == null || allocation == AllocationState.UNALLOCATED ? UNKNOWN : allocation.geni(),
                operation == null ? UNKNOWN : operation.geni());
    }
}
