package io.edgefed.am.call;

import io.edgefed.am.cluster.SliverStore;
import io.edgefed.am.config.AmConfig;
import io.edgefed.am.credential.Authorization;
import io.edgefed.am.credential.CredentialVerifier;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a call's {@code urns}: exactly one slice URN, or one or more sliver URNs of one slice. Anything else is
 * BADARGS; a sliver that is not (or no longer) here is SEARCHFAILED.
 */
@ApplicationScoped
public class SliverSelector {

    private final SliverStore store;
    private final CredentialVerifier verifier;
    private final String authority;

    SliverSelector(SliverStore store, CredentialVerifier verifier, AmConfig config) {
        this.store = store;
        this.verifier = verifier;
        this.authority = config.authority();
    }

    /** A selection together with the authorization that allows the operation on its slice. */
    public record Authorized(SliverSelection selection, Authorization authorization) {
    }

    /** Selects what the request's {@code urns} name and checks its credentials give {@code privilege} on that slice. */
    public Authorized authorize(SliverRequest request, String privilege) throws GeniException {
        AmCall call = request.call();
        SliverSelection selection = select(request.urns(), call.now());
        Authorization authorization = verifier.authorize(call.caller(), request.credentials(), selection.slice(), privilege,
                request.options().asMap(), call.now());
        return new Authorized(selection, authorization);
    }

    public SliverSelection select(List<String> urns, Instant now) throws GeniException {
        List<GeniUrn> parsed = new ArrayList<>();
        for (String text : urns) {
            try {
                parsed.add(GeniUrn.parse(text));
            } catch (IllegalArgumentException e) {
                throw new GeniException(GeniCode.BADARGS, e.getMessage());
            }
        }
        long slices = parsed.stream().filter(u -> u.type().equals("slice")).count();
        if (slices > 0) {
            if (parsed.size() != 1) {
                throw new GeniException(GeniCode.BADARGS,
                        "urns must be exactly one slice URN or only sliver URNs; got " + urns.size() + " URNs with " + slices + " slice URN(s)");
            }
            GeniUrn slice = parsed.get(0);
            return new SliverSelection(slice, store.ofSlice(SliverNames.sliceLabel(slice.canonical()), now), true);
        }
        List<Sliver> slivers = new ArrayList<>();
        String sliceUrn = null;
        for (GeniUrn urn : parsed) {
            if (!urn.type().equals("sliver")) {
                throw new GeniException(GeniCode.BADARGS, "'" + urn + "' is a " + urn.type() + " URN; give a slice URN or sliver URNs");
            }
            Optional<Sliver> found = urn.authority().equalsIgnoreCase(authority) ? store.find(urn.name(), now) : Optional.empty();
            if (found.isEmpty()) {
                throw new GeniException(GeniCode.SEARCHFAILED,
                        "sliver " + urn + " is not at this aggregate (unknown, expired or deleted)");
            }
            Sliver sliver = found.get();
            if (sliceUrn != null && !sliceUrn.equals(sliver.getSpec().getSliceUrn())) {
                throw new GeniException(GeniCode.BADARGS, "the sliver URNs belong to more than one slice; name slivers of one slice per call");
            }
            sliceUrn = sliver.getSpec().getSliceUrn();
            if (!slivers.contains(sliver)) {
                slivers.add(sliver);
            }
        }
        return new SliverSelection(GeniUrn.parse(sliceUrn), slivers, false);
    }
}
