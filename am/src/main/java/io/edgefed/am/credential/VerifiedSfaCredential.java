package io.edgefed.am.credential;

import io.edgefed.geni.GeniUrn;
import java.time.Instant;
import java.util.List;

/**
 * A {@code geni_sfa} credential whose signatures, certificate chains, delegation and issuing authority checked out.
 *
 * @param owner      who the credential was issued (or delegated) to
 * @param target     what it grants rights on (a slice, or the user itself for a user credential)
 * @param expires    the outer credential's expiry
 * @param privileges the outer credential's privileges, {@code *} expanded
 * @param validUntil expiry of the credential or of any certificate involved, whichever comes first
 */
public record VerifiedSfaCredential(GeniUrn owner, GeniUrn target, Instant expires, List<Privilege> privileges,
                                    Instant validUntil) implements VerifiedCredential {

    public VerifiedSfaCredential {
        privileges = List.copyOf(privileges);
    }

    /** Whether one of the privileges allows {@code operation} (a {@link Privileges} constant). */
    public boolean allows(String operation) {
        return privileges.stream().anyMatch(p -> SfaRights.allows(p.name(), operation));
    }
}
