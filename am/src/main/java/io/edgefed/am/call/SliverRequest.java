package io.edgefed.am.call;

import io.edgefed.am.geni.GeniException;
import java.util.List;

/**
 * The arguments every call on existing slivers starts with (Describe, Status, Renew, Provision, Delete,
 * PerformOperationalAction): {@code urns} first, {@code credentials} second, {@code options} last; what lies
 * between (Renew's time, PerformOperationalAction's action) the method reads from {@link #args()}.
 * {@link SliverSelector#authorize} turns it into the authorized selection.
 *
 * @param call        the call
 * @param urns        one slice URN or sliver URNs of one slice
 * @param credentials the credentials structs, judged by the verifier
 * @param options     the options struct
 */
public record SliverRequest(AmCall call, List<String> urns, Object[] credentials, Options options) {

    /** Reads a call of exactly {@code arity} arguments; a wrong shape is BADARGS naming the method's signature. */
    public static SliverRequest read(AmCall call, int arity) throws GeniException {
        AmArguments args = call.args().expect(arity, arity);
        return new SliverRequest(call, args.urns(0), args.credentials(1), args.options(arity - 1));
    }

    /** All the call's arguments, for those between credentials and options. */
    public AmArguments args() {
        return call.args();
    }
}
