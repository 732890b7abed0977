package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.SliverRequest;
import io.edgefed.am.call.SliverSelection;
import io.edgefed.am.call.SliverSelector;
import io.edgefed.am.cluster.SliverReport;
import io.edgefed.am.cluster.SliverStore;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.model.Sliver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Delete(urns, credentials, options): removes slivers; the operator's owner references remove what it made. */
@ApplicationScoped
public class Delete implements AmMethod {

    private final SliverSelector selector;
    private final SliverStore store;

    Delete(SliverSelector selector, SliverStore store) {
        this.selector = selector;
        this.store = store;
    }

    @Override
    public String name() {
        return "Delete";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        SliverRequest request = SliverRequest.read(call, 3);
        boolean bestEffort = request.options().flag("geni_best_effort");
        SliverSelection selection = selector.authorize(request, Privileges.DELETE).selection();
        selection.requireSlivers();
        List<Object> reports = new ArrayList<>();
        for (Sliver sliver : selection.slivers()) {
            try {
                store.delete(sliver);
                reports.add(SliverReport.unallocated(sliver));
            } catch (GeniException e) {
                if (!bestEffort) {
                    throw e;
                }
                reports.add(SliverReport.failed(sliver, e.getMessage()));
            }
        }
        return GeniReply.success(reports);
    }
}
