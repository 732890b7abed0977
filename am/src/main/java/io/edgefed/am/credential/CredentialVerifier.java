package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniUrn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;

/**
 * Decides whether the credentials of an AM call allow it. (Implementation in progress.)
 */
@ApplicationScoped
public class CredentialVerifier {

    private final TrustedRoots roots;
    private final Clock clock;

    @Inject
    public CredentialVerifier(TrustedRoots roots, Clock clock) {
        this.roots = roots;
        this.clock = clock;
    }

    /**
     * Authorizes {@code privilege} on {@code target} (a slice URN; for sliver URNs, the slice that holds them).
     *
     * @param credentials the XML-RPC credentials array: {@code Object[]} of {@code Map} {geni_type, geni_version,
     *                    geni_value}
     * @param options     the call's options ({@code geni_speaking_for} is read)
     */
    public Authorization authorize(CallerIdentity caller, Object[] credentials, GeniUrn target, String privilege,
                                   Map<String, Object> options) throws GeniException {
        throw new GeniException(GeniCode.SERVERERROR, "credential verification is not implemented yet");
    }

    /** ListResources: at least one valid credential owned by the caller (or the user it speaks for), any target. */
    public Authorization authorizeAny(CallerIdentity caller, Object[] credentials, Map<String, Object> options)
            throws GeniException {
        throw new GeniException(GeniCode.SERVERERROR, "credential verification is not implemented yet");
    }
}
