package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.GeniUsers;
import io.edgefed.am.call.Options;
import io.edgefed.am.call.RequestLimits;
import io.edgefed.am.call.SliverRequest;
import io.edgefed.am.call.SliverSelection;
import io.edgefed.am.call.SliverSelector;
import io.edgefed.am.cluster.SliceShutdowns;
import io.edgefed.am.cluster.SliverChanges;
import io.edgefed.am.cluster.SliverReport;
import io.edgefed.am.cluster.SliverStore;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.model.OperationalState;
import io.edgefed.model.SliverUser;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * PerformOperationalAction(urns, credentials, action, options): {@code geni_start}, {@code geni_stop},
 * {@code geni_restart} and {@code geni_update_users} (with {@code geni_users}, only on ready slivers) on
 * provisioned slivers. The AM only changes the desired state; the operator carries it out.
 */
@ApplicationScoped
public class PerformOperationalAction implements AmMethod {

    private static final Set<String> ACTIONS = Set.of("geni_start", "geni_stop", "geni_restart", "geni_update_users");

    private final SliverSelector selector;
    private final SliverStore store;
    private final SliceShutdowns shutdowns;
    private final RequestLimits limits;

    PerformOperationalAction(SliverSelector selector, SliverStore store, SliceShutdowns shutdowns, RequestLimits limits) {
        this.selector = selector;
        this.store = store;
        this.shutdowns = shutdowns;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "PerformOperationalAction";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        SliverRequest request = SliverRequest.read(call, 4);
        String action = request.args().string(2, "action");
        Options options = request.options();
        if (!ACTIONS.contains(action)) {
            throw new GeniException(GeniCode.UNSUPPORTED, "action '" + action + "' is not supported; this aggregate offers "
                    + new java.util.TreeSet<>(ACTIONS));
        }
        List<SliverUser> users = null;
        if (action.equals("geni_update_users")) {
            limits.checkUsers(options);
            users = GeniUsers.read(options).orElseThrow(() -> new GeniException(GeniCode.BADARGS,
                    "geni_update_users needs the option geni_users with the users and their SSH keys"));
        }
        boolean bestEffort = options.flag("geni_best_effort");

        SliverSelection selection = selector.authorize(request, Privileges.OPERATE).selection();
        if (!action.equals("geni_stop")) {
            shutdowns.requireOpen(selection.slice().toString());
        }
        selection.requireSlivers();
        List<SliverUser> newUsers = users;
        SliverChanges.Outcome outcome = SliverChanges.apply(store, selection.slivers(), bestEffort, copy -> {
            if (!copy.getSpec().isProvisioned()) {
                throw new GeniException(GeniCode.REFUSED, "sliver " + copy.getSpec().getSliverUrn()
                        + " is only allocated; Provision it before " + action);
            }
            switch (action) {
                case "geni_start" -> copy.getSpec().setRunning(true);
                case "geni_stop" -> copy.getSpec().setRunning(false);
                case "geni_restart" -> {
                    copy.getSpec().setRunning(true);
                    copy.getSpec().setRestartMarker(call.now() + "/" + UUID.randomUUID());
                }
                default -> {
                    if (SliverReport.operational(copy) != OperationalState.READY) {
                        throw new GeniException(GeniCode.REFUSED, "sliver " + copy.getSpec().getSliverUrn() + " is "
                                + SliverReport.operational(copy).geni() + "; geni_update_users works on geni_ready slivers");
                    }
                    copy.getSpec().setUsers(new ArrayList<>(newUsers));
                }
            }
        });
        return GeniReply.success(outcome.slivers());
    }
}
