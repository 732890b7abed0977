package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.Sliver;
import java.util.List;

/**
 * What a call's {@code urns} argument names: a whole slice, or some of its slivers.
 *
 * @param slice      the slice, the credential's target
 * @param slivers    the live slivers named (for a whole slice: all of them)
 * @param wholeSlice whether a slice URN was given
 */
public record SliverSelection(GeniUrn slice, List<Sliver> slivers, boolean wholeSlice) {

    /** Fails with SEARCHFAILED when nothing is selected, as the specification asks for unknown slices. */
    public SliverSelection requireSlivers() throws GeniException {
        if (slivers.isEmpty()) {
            throw new GeniException(GeniCode.SEARCHFAILED,
                    "slice " + slice + " has no slivers at this aggregate (never allocated, expired or deleted); Allocate first");
        }
        return this;
    }
}
