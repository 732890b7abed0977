package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.Options;
import io.edgefed.am.call.SliverRequest;
import io.edgefed.am.call.SliverSelection;
import io.edgefed.am.call.SliverSelector;
import io.edgefed.am.cluster.ExpiryPolicy;
import io.edgefed.am.cluster.SliceShutdowns;
import io.edgefed.am.cluster.SliverChanges;
import io.edgefed.am.cluster.SliverStore;
import io.edgefed.am.credential.Authorization;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.model.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Renew(urns, credentials, expiration_time, options): moves slivers' expiry. Past the limit (the slice credential's
 * expiry, the maximum lease, or for allocated slivers the allocation timeout) it fails with OUTOFRANGE, unless
 * {@code geni_extend_alap} asks for "as long as possible"; {@code geni_best_effort} reports per sliver.
 */
@ApplicationScoped
public class Renew implements AmMethod {

    private final SliverSelector selector;
    private final SliverStore store;
    private final ExpiryPolicy expiry;
    private final SliceShutdowns shutdowns;

    Renew(SliverSelector selector, SliverStore store, ExpiryPolicy expiry, SliceShutdowns shutdowns) {
        this.selector = selector;
        this.store = store;
        this.expiry = expiry;
        this.shutdowns = shutdowns;
    }

    @Override
    public String name() {
        return "Renew";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        SliverRequest request = SliverRequest.read(call, 4);
        Instant requested = request.args().time(2, "expiration_time");
        Options options = request.options();
        boolean bestEffort = options.flag("geni_best_effort");
        boolean asLongAsPossible = options.flag("geni_extend_alap");

        SliverSelector.Authorized access = selector.authorize(request, Privileges.RENEW);
        SliverSelection selection = access.selection();
        Authorization authorization = access.authorization();
        shutdowns.requireOpen(selection.slice().toString());
        selection.requireSlivers();
        SliverChanges.Outcome outcome = SliverChanges.apply(store, selection.slivers(), bestEffort, copy -> {
            Instant until = expiry.decide(Optional.of(requested), copy.getSpec().isProvisioned(), call.now(),
                    authorization.expires(), asLongAsPossible);
            Expiry.write(copy, until);
        });
        return GeniReply.success(outcome.slivers());
    }
}
