package io.edgefed.am.credential;

import io.edgefed.geni.GeniUrn;
import java.time.Instant;

/**
 * A {@code geni_abac} speaks-for credential whose signature and signer checked out: {@code user} (who signed it)
 * lets the tool whose key id is {@code toolKeyId} act on their behalf.
 *
 * @param user       the user, from the signer certificate's URN
 * @param userKeyId  the user's key id (the ABAC head)
 * @param toolKeyId  the tool's key id (the ABAC tail)
 * @param tool       the tool's URN as the credential names it (its mnemonic; informational only)
 * @param expires    the credential's expiry
 * @param validUntil expiry of the credential or of the user's certificate chain, whichever comes first
 */
public record VerifiedSpeaksFor(GeniUrn user, String userKeyId, String toolKeyId, String tool, Instant expires,
                                Instant validUntil) implements VerifiedCredential {
}
