package io.edgefed.am.method;

import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.rspec.ManifestWriter;
import io.edgefed.am.rspec.RspecEncoding;
import io.edgefed.am.sliver.SliverReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Describe(urns, credentials, options): the manifest and states of a slice's slivers. */
@ApplicationScoped
public class Describe implements AmMethod {

    private final SliverSelector selector;
    private final ManifestWriter manifest;

    Describe(SliverSelector selector, ManifestWriter manifest) {
        this.selector = selector;
        this.manifest = manifest;
    }

    @Override
    public String name() {
        return "Describe";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        AmArguments args = call.args().expect(3, 3);
        var urns = args.urns(0);
        Object[] credentials = args.credentials(1);
        Options options = args.options(2);
        RspecVersionOption.require(options);
        SliverSelection selection = selector.selectAuthorized(call, urns, credentials, Privileges.DESCRIBE, options).selection();
        selection.requireSlivers();
        return GeniReply.success(Map.of(
                "geni_rspec", RspecEncoding.encode(manifest.manifest(selection.slivers()), options.flag("geni_compressed")),
                "geni_urn", selection.slice().toString(),
                "geni_slivers", SliverReport.of(selection.slivers())));
    }
}
