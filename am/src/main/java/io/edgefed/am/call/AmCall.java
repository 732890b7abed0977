package io.edgefed.am.call;

import io.edgefed.am.credential.CallerIdentity;
import java.time.Instant;

/**
 * One call as a method sees it.
 *
 * @param caller who called, from the TLS client certificate (or a trusted proxy's header)
 * @param args   the XML-RPC parameters
 * @param now    the instant the call is judged at, read once from the AM's {@link java.time.Clock} by the dispatcher:
 *               every decision of the call (credentials, expiry, liveness) uses it
 */
public record AmCall(CallerIdentity caller, AmArguments args, Instant now) {
}
