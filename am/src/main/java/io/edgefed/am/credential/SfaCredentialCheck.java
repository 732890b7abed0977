package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Verifies a {@code geni_sfa} credential independently of the call (the GENI credentials specification at
 * groups.geni.net/geni/wiki/GeniApiCredentials, as geni-tools'
 * {@code credential.verify}): not expired; every owner and target certificate chains to a trusted root; every
 * credential of the delegation chain carries a valid XML signature by a certificate that chains to a trusted root;
 * the {@link DelegationRules} hold between each child and its parent; and the root credential was signed by an
 * authority over the target's namespace.
 */
public final class SfaCredentialCheck {

    private final TrustedRoots roots;

    public SfaCredentialCheck(TrustedRoots roots) {
        this.roots = roots;
    }

    public VerifiedSfaCredential check(SignedCredential credential, Instant now) throws GeniException {
        List<CredentialLevel> levels = new ArrayList<>();
        for (Element e : credential.chain()) {
            levels.add(CredentialLevel.read(e));
        }
        Instant validUntil = Instant.MAX;
        for (CredentialLevel level : levels) {
            if (!now.isBefore(level.expires())) {
                String kind = "slice".equals(level.target().type()) ? "slice credential" : "credential";
                String which = level == levels.get(0) ? "credential" : "the parent of the delegated credential";
                throw new GeniException(GeniCode.EXPIRED, which + " for " + level.target() + " expired at "
                        + level.expires() + "; ask your authority for a new " + kind);
            }
            validUntil = min(validUntil, level.expires());
        }
        List<X509Certificate> signers = new ArrayList<>();
        for (CredentialLevel level : levels) {
            Element signature = credential.signatureFor(level.id());
            List<X509Certificate> offered = XmlSignatureCheck.signerCertificates(signature, roots.limits());
            if (offered.isEmpty()) {
                throw SignedCredential.invalid("the signature of credential " + level.id()
                        + " carries no X509Certificate, so its signer cannot be established");
            }
            List<X509Certificate> signerPath = trusted(offered, "signer of credential " + level.id());
            // Verify with the key of the chain we validated, never a KeyValue the document offers.
            XmlSignatureCheck.verify(signature, level.element(), signerPath.get(0).getPublicKey());
            signers.add(signerPath.get(0));
            validUntil = min(validUntil, notAfter(signerPath));
            validUntil = min(validUntil, notAfter(trusted(level.ownerGid(), "owner of credential " + level.id())));
            validUntil = min(validUntil, notAfter(trusted(level.targetGid(), "target of credential " + level.id())));
        }
        for (int i = 0; i + 1 < levels.size(); i++) {
            DelegationRules.check(levels.get(i), signers.get(i), levels.get(i + 1));
        }
        CredentialLevel root = levels.get(levels.size() - 1);
        checkIssuingAuthority(root, signers.get(signers.size() - 1));
        CredentialLevel outer = levels.get(0);
        return new VerifiedSfaCredential(outer.owner(), outer.target(), outer.expires(), outer.privileges(),
                validUntil);
    }

    /**
     * The root credential's signer must be an authority ({@code ...+authority+sa} etc.) whose namespace contains the
     * target: a trusted authority may only grant rights over its own slices and users. A trusted root that signs
     * directly speaks for its root namespaces (a plain CA for those configured for it).
     */
    private void checkIssuingAuthority(CredentialLevel root, X509Certificate signer) throws GeniException {
        Optional<GeniUrn> signerUrn = CertificateNames.urn(signer);
        List<String> namespaces = roots.namespacesOf(signer);
        if (namespaces.isEmpty()) {
            namespaces = signerUrn.filter(u -> u.type().equals("authority")).map(u -> List.of(u.authority()))
                    .orElse(List.of());
        }
        String who = TrustedRoots.describe(signer);
        if (namespaces.isEmpty()) {
            throw new GeniException(GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "credential " + root.id() + " for "
                    + root.target() + " is signed by " + who + ", which is no authority; use a credential issued by "
                    + "the slice authority of " + root.target().authority());
        }
        if (namespaces.stream().noneMatch(root.target()::isWithinAuthority)) {
            throw new GeniException(GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "credential " + root.id() + " for "
                    + root.target() + " is signed by " + who + ", which is an authority only for "
                    + String.join(", ", namespaces) + ", not over " + root.target().authority()
                    + "; use a credential issued by that slice authority");
        }
    }

    private List<X509Certificate> trusted(List<X509Certificate> chain, String role) throws GeniException {
        try {
            return roots.validate(chain);
        } catch (UntrustedCertificateException e) {
            throw new GeniException(GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "the " + role + ", "
                    + TrustedRoots.describe(chain.get(0)) + ", is not trusted here (" + e.getMessage()
                    + "); this AM accepts credentials from the authorities it trusts only", e);
        }
    }

    static Instant notAfter(List<X509Certificate> path) {
        Instant earliest = Instant.MAX;
        for (X509Certificate c : path) {
            earliest = min(earliest, c.getNotAfter().toInstant());
        }
        return earliest;
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
