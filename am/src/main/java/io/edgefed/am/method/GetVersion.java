package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.geni.MemoizedReply;
import io.edgefed.am.rspec.RspecXml;
import io.edgefed.geni.GeniUrn;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GetVersion([options]): what this AM speaks. omni sends no argument at all, so zero or one is accepted.
 * {@code geni_single_allocation} is an int 0, as jFed-tested AMs send it and omni's acceptance suite checks.
 * {@code geni_code_tag} is the build's version (the POM's, which Quarkus records as the application's version).
 */
@ApplicationScoped
public class GetVersion implements AmMethod {

    private static final String OPSTATE = "http://www.geni.net/resources/rspec/ext/opstate/1";

    private final MemoizedReply reply;

    GetVersion(AmConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        Map<String, Object> v = new HashMap<>();
        v.put("geni_api", 3);
        v.put("geni_api_versions", Map.of("3", config.url()));
        v.put("geni_request_rspec_versions", List.of(rspecVersion("request.xsd", List.of())));
        v.put("geni_ad_rspec_versions", List.of(rspecVersion("ad.xsd", List.of(OPSTATE))));
        v.put("geni_credential_types", List.of(Map.of("geni_type", "geni_sfa", "geni_version", "3"),
                Map.of("geni_type", "geni_abac", "geni_version", "1")));
        v.put("geni_single_allocation", 0);
        v.put("geni_allocate", "geni_many");
        v.put("geni_am_type", GeniReply.AM_TYPE);
        v.put("geni_am_code", "0.1");
        v.put("geni_code_tag", version);
        v.put("urn", GeniUrn.of(config.authority(), "authority", "am").toString());
        Map<String, Object> r = GeniReply.success(Map.copyOf(v));
        r.put("geni_api", 3);
        this.reply = new MemoizedReply(r);
    }

    private static Map<String, Object> rspecVersion(String schema, List<String> extensions) {
        return Map.of("type", "GENI", "version", "3", "schema", "http://www.geni.net/resources/rspec/3/" + schema,
                "namespace", RspecXml.NS, "extensions", extensions);
    }

    @Override
    public String name() {
        return "GetVersion";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        call.args().expect(0, 1).options(0);
        return reply;
    }
}
