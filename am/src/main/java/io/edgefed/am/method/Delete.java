package io.edgefed.am.method;

import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.sliver.SliverReport;
import io.edgefed.am.sliver.SliverStore;
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
        AmArguments args = call.args().expect(3, 3);
        var urns = args.urns(0);
        Object[] credentials = args.credentials(1);
        Options options = args.options(2);
        boolean bestEffort = options.flag("geni_best_effort");
        SliverSelection selection = selector.selectAuthorized(call, urns, credentials, Privileges.DELETE, options).selection();
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
