package io.edgefed.am.cluster;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniTime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * How long slivers live. An allocated sliver lives {@code edgefed.am.allocation-lifetime} (10 minutes) unless it
 * is provisioned; a provisioned one lives until what the experimenter asks, but never past the slice credential's
 * expiry nor {@code edgefed.am.max-lease} from now. Asking beyond that fails with OUTOFRANGE unless the caller
 * allows the AM to cut the time to the limit.
 */
@ApplicationScoped
public class ExpiryPolicy {

    private final AmConfig config;

    ExpiryPolicy(AmConfig config) {
        this.config = config;
    }

    /** The expiry of a freshly allocated sliver. */
    public Instant allocated(Instant now, Instant credentialExpires) {
        return min(now.plus(config.allocationLifetime()), credentialExpires);
    }

    /** The latest expiry a sliver may get now. */
    public Instant limit(boolean provisioned, Instant now, Instant credentialExpires) {
        Instant policy = now.plus(provisioned ? config.maxLease() : config.allocationLifetime());
        return min(policy, credentialExpires);
    }

    /**
     * The expiry a sliver gets when asked for {@code requested} (or the limit when nothing is asked).
     *
     * @param cutToLimit whether a time beyond the limit is cut to it instead of refused
     */
    public Instant decide(Optional<Instant> requested, boolean provisioned, Instant now, Instant credentialExpires,
            boolean cutToLimit) throws GeniException {
        Instant limit = limit(provisioned, now, credentialExpires);
        if (requested.isEmpty()) {
            return limit;
        }
        Instant wanted = requested.get();
        if (!wanted.isAfter(now)) {
            throw new GeniException(GeniCode.OUTOFRANGE, "the requested time " + GeniTime.format(wanted)
                    + " is in the past; ask for a time after " + GeniTime.format(now));
        }
        if (wanted.isAfter(limit)) {
            if (cutToLimit) {
                return limit;
            }
            throw new GeniException(GeniCode.OUTOFRANGE, "the requested time " + GeniTime.format(wanted)
                    + " is past the latest allowed, " + GeniTime.format(limit) + " ("
                    + (limit.equals(credentialExpires) ? "the slice credential's expiry; renew the slice at its authority first"
                            : provisioned ? "the maximum lease of " + config.maxLease() : "the allocation timeout; provision first")
                    + "), or pass geni_extend_alap to get that");
        }
        return wanted;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
