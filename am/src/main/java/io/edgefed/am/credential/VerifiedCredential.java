package io.edgefed.am.credential;

import java.time.Instant;

/**
 * What is known about a credential once its signatures, certificates and delegation chain checked out: the part of
 * the verification that does not depend on the call, so it can be cached ({@link VerifiedCredentialCache}).
 */
public sealed interface VerifiedCredential permits VerifiedSfaCredential, VerifiedSpeaksFor {

    /**
     * Until when this verdict holds: the earliest expiry of the credentials in the chain and of every certificate
     * that was validated for it.
     */
    Instant validUntil();
}
