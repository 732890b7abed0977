package io.edgefed.am.call;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The counts one call may not exceed ({@code edgefed.am.limits.*}): nodes per Allocate, slivers per slice, users
 * and keys in {@code geni_users} (credentials per call: {@code CredentialVerifier}). Checked before anything is
 * written; over a limit is geni_code 6 TOOBIG, saying the limit.
 */
@ApplicationScoped
public class RequestLimits {

    private final AmConfig.Limits limits;

    RequestLimits(AmConfig config) {
        this.limits = config.limits();
    }

    /** An Allocate of {@code requested} nodes. */
    public void checkNodes(int requested) throws GeniException {
        if (requested > limits.nodesPerAllocate()) {
            throw new GeniException(GeniCode.TOOBIG, "the request asks for " + requested + " nodes; this aggregate "
                    + "allocates at most " + limits.nodesPerAllocate() + " per Allocate: split the request");
        }
    }

    /** {@code requested} more slivers in a slice that holds {@code existing} live ones (checked once authorized). */
    public void checkSliceSize(int existing, int requested) throws GeniException {
        if (existing + requested > limits.sliversPerSlice()) {
            throw new GeniException(GeniCode.TOOBIG, "the slice holds " + existing + " slivers here and the request "
                    + "adds " + requested + "; a slice may hold at most " + limits.sliversPerSlice()
                    + " slivers at this aggregate");
        }
    }

    /** The size of {@code geni_users}; its shape is checked where it is read. */
    public void checkUsers(Options options) throws GeniException {
        if (!(options.get("geni_users") instanceof Object[] users)) {
            return;
        }
        if (users.length > limits.usersPerCall()) {
            throw new GeniException(GeniCode.TOOBIG, "geni_users names " + users.length + " users; at most "
                    + limits.usersPerCall() + " are accepted per call");
        }
        for (Object user : users) {
            if (user instanceof Map<?, ?> u && u.get("keys") instanceof Object[] keys
                    && keys.length > limits.keysPerUser()) {
                throw new GeniException(GeniCode.TOOBIG, "geni_users gives " + u.get("urn") + " " + keys.length
                        + " keys; at most " + limits.keysPerUser() + " per user are accepted");
            }
        }
    }
}
