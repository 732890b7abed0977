package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.SliverRequest;
import io.edgefed.am.call.SliverSelection;
import io.edgefed.am.call.SliverSelector;
import io.edgefed.am.cluster.SliverReport;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Status(urns, credentials, options): the states of a slice's slivers, from the cache alone. */
@ApplicationScoped
public class Status implements AmMethod {

    private final SliverSelector selector;

    Status(SliverSelector selector) {
        this.selector = selector;
    }

    @Override
    public String name() {
        return "Status";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        SliverSelection selection = selector.authorize(SliverRequest.read(call, 3), Privileges.STATUS).selection();
        selection.requireSlivers();
        return GeniReply.success(Map.of("geni_urn", selection.slice().toString(),
                "geni_slivers", SliverReport.of(selection.slivers())));
    }
}
