package io.edgefed.am.method;

import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.sliver.SliverReport;
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
        AmArguments args = call.args().expect(3, 3);
        var urns = args.urns(0);
        Object[] credentials = args.credentials(1);
        Options options = args.options(2);
        SliverSelection selection = selector.selectAuthorized(call, urns, credentials, Privileges.STATUS, options).selection();
        selection.requireSlivers();
        return GeniReply.success(Map.of("geni_urn", selection.slice().toString(),
                "geni_slivers", SliverReport.of(selection.slivers())));
    }
}
