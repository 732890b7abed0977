package io.edgefed.am.method;

import io.edgefed.am.call.AmArguments;
import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.Options;
import io.edgefed.am.cluster.SliceShutdowns;
import io.edgefed.am.cluster.SliverStore;
import io.edgefed.am.credential.Authorization;
import io.edgefed.am.credential.CredentialVerifier;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Shutdown(slice_urn, credentials, options): the operators' emergency stop. Marks the slice in the API server so
 * that every replica refuses new work on it, and stops every sliver. Calling it again changes nothing.
 */
@ApplicationScoped
public class Shutdown implements AmMethod {

    private final CredentialVerifier verifier;
    private final SliverStore store;
    private final SliceShutdowns shutdowns;

    Shutdown(CredentialVerifier verifier, SliverStore store, SliceShutdowns shutdowns) {
        this.verifier = verifier;
        this.store = store;
        this.shutdowns = shutdowns;
    }

    @Override
    public String name() {
        return "Shutdown";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        AmArguments args = call.args().expect(3, 3);
        String text = args.string(0, "slice_urn");
        Object[] credentials = args.credentials(1);
        Options options = args.options(2);
        if (!GeniUrn.isUrnOfType(text, "slice")) {
            throw new GeniException(GeniCode.BADARGS, "'" + text + "' is not a slice URN; Shutdown stops a whole slice");
        }
        GeniUrn slice = GeniUrn.parse(text);
        Authorization authorization = verifier.authorize(call.caller(), credentials, slice, Privileges.SHUTDOWN, options.asMap(),
                call.now());
        shutdowns.mark(slice.toString(), authorization.user().toString(), call.now());
        for (Sliver sliver : store.ofSlice(SliverNames.sliceLabel(slice.canonical()), call.now())) {
            if (sliver.getSpec().isRunning()) {
                Sliver copy = store.copyOf(sliver);
                copy.getSpec().setRunning(false);
                store.update(sliver, copy);
            }
        }
        return GeniReply.success(true);
    }
}
