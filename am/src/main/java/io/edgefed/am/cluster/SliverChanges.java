package io.edgefed.am.cluster;

import io.edgefed.am.geni.GeniException;
import io.edgefed.model.Sliver;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one change to several slivers the way {@code geni_best_effort} asks: without it, every sliver is checked
 * before any is written and the first problem fails the call; with it, each sliver that cannot be changed is
 * reported with its {@code geni_error} and the others go ahead.
 */
public final class SliverChanges {

    /** Checks one sliver and changes its private copy; a GeniException leaves that sliver unchanged. */
    public interface Change {
        void apply(Sliver copy) throws GeniException;
    }

    /** What was written, and a sliver struct for every selected sliver. */
    public record Outcome(List<Sliver> written, List<Object> slivers) {
    }

    private SliverChanges() {
    }

    public static Outcome apply(SliverStore store, List<Sliver> slivers, boolean bestEffort, Change change) throws GeniException {
        List<Sliver[]> changed = new ArrayList<>();
        List<Object> reports = new ArrayList<>();
        for (Sliver sliver : slivers) {
            Sliver copy = store.copyOf(sliver);
            try {
                change.apply(copy);
                changed.add(new Sliver[] {sliver, copy});
            } catch (GeniException e) {
                if (!bestEffort) {
                    throw e;
                }
                reports.add(SliverReport.failed(sliver, e.getMessage()));
            }
        }
        List<Sliver> written = new ArrayList<>();
        for (Sliver[] originalAndCopy : changed) {
            Sliver copy = originalAndCopy[1];
            try {
                Sliver result = store.update(originalAndCopy[0], copy);
                written.add(result);
                reports.add(SliverReport.of(result));
            } catch (GeniException e) {
                if (!bestEffort) {
                    throw e;
                }
                reports.add(SliverReport.failed(copy, e.getMessage()));
            }
        }
        return new Outcome(written, reports);
    }
}
