package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Speaks-for (groups.geni.net/geni/wiki/TIEDCredentials, geni-tools {@code speaksfor_util}): a {@code geni_abac} credential, signed by a user, with
 * the single ABAC statement {@code USER.speaks_for_USER <- TOOL}, lets the TLS caller TOOL act as USER. Key ids are
 * computed from the certificates' keys ({@link KeyIds}); a certificate whose subjectKeyIdentifier disagrees with its
 * key is refused.
 *
 * <p>{@link #check} verifies what does not depend on the call (cacheable); {@link #allows} matches it to the call.
 */
public final class SpeaksFor {

    private static final String ROLE_PREFIX = "speaks_for_";

    private final TrustedRoots roots;

    public SpeaksFor(TrustedRoots roots) {
        this.roots = roots;
    }

    /**
     * Verifies a speaks-for credential: not expired, signed (valid XML signature) by a certificate that chains to a
     * trusted root and carries the user's URN, whose key id is the statement's head, with role
     * {@code speaks_for_<head>} and exactly one tail.
     */
    public VerifiedSpeaksFor check(SignedCredential credential, Instant now) throws GeniException {
        if (credential.chain().size() != 1) {
            throw SignedCredential.invalid("a speaks-for credential cannot be delegated");
        }
        Element c = credential.chain().get(0);
        String id = SignedCredential.id(c);
        if (!SignedCredential.type(c).equals("abac")) {
            throw SignedCredential.invalid("a geni_abac credential must be of type 'abac', not '"
                    + SignedCredential.type(c) + "'");
        }
        Instant expires = SignedCredential.expires(c);
        if (!now.isBefore(expires)) {
            throw new GeniException(GeniCode.EXPIRED, "the speaks-for credential expired at " + expires
                    + "; let your tool (portal) create a new one for you");
        }
        Element signature = credential.signatureFor(id);
        List<X509Certificate> offered = XmlSignatureCheck.signerCertificates(signature, roots.limits());
        if (offered.isEmpty()) {
            throw SignedCredential.invalid("the speaks-for credential's signature carries no certificate");
        }
        List<X509Certificate> path;
        try {
            path = roots.validate(offered);
        } catch (UntrustedCertificateException e) {
            throw new GeniException(GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "the signer of the speaks-for credential, "
                    + TrustedRoots.describe(offered.get(0)) + ", is not trusted here (" + e.getMessage() + ")", e);
        }
        X509Certificate user = path.get(0);
        XmlSignatureCheck.verify(signature, c, user.getPublicKey());
        GeniUrn userUrn = CertificateNames.urn(user).orElseThrow(() -> SignedCredential.invalid(
                "the speaks-for credential is signed by a certificate without a GENI URN"));

        Element rt0 = SignedCredential.onlyChild(c, "abac").flatMap(a -> SignedCredential.onlyChild(a, "rt0"))
                .orElseThrow(() -> SignedCredential.invalid("the speaks-for credential has no <abac><rt0> statement"));
        Element head = SignedCredential.onlyChild(rt0, "head")
                .orElseThrow(() -> SignedCredential.invalid("the ABAC statement has no <head>"));
        List<Element> tails = SignedCredential.children(rt0, null, "tail");
        if (tails.size() != 1) {
            throw SignedCredential.invalid("the ABAC statement must have exactly one <tail>, not " + tails.size());
        }
        String headKeyId = keyId(head).orElseThrow(() -> SignedCredential.invalid("the ABAC head has no keyid"));
        String role = SignedCredential.text(head, "role").map(String::strip).orElse("");
        String toolKeyId = keyId(tails.get(0)).orElseThrow(() -> SignedCredential.invalid("the ABAC tail has no keyid"));
        String userKeyId = KeyIds.of(user, GeniCode.CREDENTIAL_INVALID, "the signer of the speaks-for credential");
        if (!headKeyId.equals(userKeyId)) {
            throw SignedCredential.invalid("the speaks-for statement is about key " + headKeyId
                    + " but was signed by " + userUrn + " (key " + userKeyId + "); only users can let a tool speak for them");
        }
        if (!role.equals(ROLE_PREFIX + headKeyId)) {
            throw SignedCredential.invalid("the ABAC role is '" + role + "', not " + ROLE_PREFIX + headKeyId);
        }
        String tool = SignedCredential.onlyChild(tails.get(0), "ABACprincipal")
                .flatMap(p -> SignedCredential.text(p, "mnemonic")).map(String::strip).orElse("");
        Instant validUntil = SfaCredentialCheck.min(expires, SfaCredentialCheck.notAfter(path));
        return new VerifiedSpeaksFor(userUrn, userKeyId, toolKeyId, tool, expires, validUntil);
    }

    /**
     * Matches a verified speaks-for credential to a call: it must be the user named by {@code geni_speaking_for}, and
     * the TLS caller must be the tool the user named.
     *
     * @throws GeniException {@link GeniCode#CREDENTIAL_MISMATCH} (22) otherwise
     */
    public static void allows(VerifiedSpeaksFor verified, GeniUrn speakingFor, CallerIdentity tool)
            throws GeniException {
        if (!verified.user().equals(speakingFor)) {
            throw new GeniException(GeniCode.CREDENTIAL_MISMATCH, "the speaks-for credential is from "
                    + verified.user() + ", but geni_speaking_for names " + speakingFor
                    + "; pass the speaks-for credential of the user you act for");
        }
        String callerKeyId = KeyIds.of(tool.certificate(), GeniCode.CREDENTIAL_MISMATCH, "your client certificate");
        if (!verified.toolKeyId().equals(callerKeyId)) {
            throw new GeniException(GeniCode.CREDENTIAL_MISMATCH, "the speaks-for credential of " + verified.user()
                    + " is for another tool (key " + verified.toolKeyId() + (verified.tool().isEmpty() ? ""
                    : ", " + verified.tool()) + "), not for " + tool.urn() + " (key " + callerKeyId
                    + "); the user must let this tool speak for them");
        }
    }

    private static Optional<String> keyId(Element headOrTail) {
        return SignedCredential.onlyChild(headOrTail, "ABACprincipal").flatMap(p -> SignedCredential.text(p, "keyid"))
                .map(s -> s.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT)).filter(s -> !s.isEmpty());
    }
}
