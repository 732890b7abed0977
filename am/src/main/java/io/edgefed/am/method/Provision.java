package io.edgefed.am.method;

import io.edgefed.am.call.SshKeyRequirement;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.GeniUsers;
import io.edgefed.am.call.Options;
import io.edgefed.am.call.RequestLimits;
import io.edgefed.am.call.RspecVersionOption;
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
import io.edgefed.am.rspec.ManifestWriter;
import io.edgefed.model.Expiry;
import io.edgefed.model.SliverUser;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provision(urns, credentials, options): turns allocated slivers into running containers for the users of
 * {@code geni_users}, until {@code geni_end_time} or the longest the policy allows. Provisioning again updates the
 * users and the expiry.
 */
@ApplicationScoped
public class Provision implements AmMethod {

    private final SliverSelector selector;
    private final SliverStore store;
    private final ExpiryPolicy expiry;
    private final SliceShutdowns shutdowns;
    private final ManifestWriter manifest;

    private final RequestLimits limits;

    Provision(SliverSelector selector, SliverStore store, ExpiryPolicy expiry,
            SliceShutdowns shutdowns, ManifestWriter manifest, RequestLimits limits) {
        this.limits = limits;
        this.selector = selector;
        this.store = store;
        this.expiry = expiry;
        this.shutdowns = shutdowns;
        this.manifest = manifest;
    }

    @Override
    public String name() {
        return "Provision";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        SliverRequest request = SliverRequest.read(call, 3);
        Options options = request.options();
        RspecVersionOption.require(options);
        limits.checkUsers(options);
        Optional<List<SliverUser>> users = GeniUsers.read(options);
        Optional<Instant> endTime = options.time("geni_end_time");
        boolean bestEffort = options.flag("geni_best_effort");

        SliverSelector.Authorized access = selector.authorize(request, Privileges.PROVISION);
        SliverSelection selection = access.selection();
        Authorization authorization = access.authorization();
        shutdowns.requireOpen(selection.slice().toString());
        selection.requireSlivers();
        SshKeyRequirement.require(users, selection.slivers());
        Instant until = expiry.decide(endTime, true, call.now(), authorization.expires(), bestEffort);
        SliverChanges.Outcome outcome = SliverChanges.apply(store, selection.slivers(), bestEffort, copy -> {
            copy.getSpec().setProvisioned(true);
            users.ifPresent(u -> copy.getSpec().setUsers(new ArrayList<>(u)));
            Expiry.write(copy, until);
        });
        return GeniReply.success(Map.of("geni_rspec", manifest.manifest(outcome.written()), "geni_slivers", outcome.slivers()));
    }
}
