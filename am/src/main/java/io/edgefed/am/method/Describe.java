package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.Options;
import io.edgefed.am.call.RspecVersionOption;
import io.edgefed.am.call.SliverRequest;
import io.edgefed.am.call.SliverSelection;
import io.edgefed.am.call.SliverSelector;
import io.edgefed.am.cluster.SliverReport;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.rspec.ManifestWriter;
import io.edgefed.am.rspec.RspecEncoding;
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
        SliverRequest request = SliverRequest.read(call, 3);
        Options options = request.options();
        RspecVersionOption.require(options);
        SliverSelection selection = selector.authorize(request, Privileges.DESCRIBE).selection();
        selection.requireSlivers();
        return GeniReply.success(Map.of(
                "geni_rspec", RspecEncoding.encode(manifest.manifest(selection.slivers()), options.flag("geni_compressed")),
                "geni_urn", selection.slice().toString(),
                "geni_slivers", SliverReport.of(selection.slivers())));
    }
}
