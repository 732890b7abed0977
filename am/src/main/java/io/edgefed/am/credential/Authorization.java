package io.edgefed.am.credential;

import io.edgefed.geni.GeniUrn;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a verified credential allows: the outcome of {@link CredentialVerifier#authorize} or
 * {@link CredentialVerifier#authorizeAny}.
 *
 * @param user       the user on whose behalf the call runs: the TLS caller, or the user a tool speaks for
 * @param target     the credential's target (the slice for slice credentials; the user itself for a user credential)
 * @param expires    when the credential expires; slivers must not outlive it
 * @param privileges the SFA privileges (rights) the credential carries, e.g. {@code embed}, {@code control}
 * @param speaksFor  whether a tool called on the user's behalf (a valid {@code geni_abac} speaks-for credential)
 */
public record Authorization(GeniUrn user, GeniUrn target, Instant expires, Set<String> privileges, boolean speaksFor) {

    public Authorization {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expires, "expires");
        privileges = Set.copyOf(privileges);
    }
}
