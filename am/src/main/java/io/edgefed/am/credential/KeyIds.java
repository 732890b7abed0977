package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.CertificateNames;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The key id by which ABAC (speaks-for) statements name a principal, taken from the principal's key: the SHA-1 of
 * its public key bits ({@link CertificateNames#keyId}). A certificate whose subjectKeyIdentifier says otherwise is
 * refused, so that an authority (or anyone it certifies) cannot give its own key another principal's key id. This is
 * stricter than geni-tools, which reads the extension.
 */
final class KeyIds {

    private KeyIds() {
    }

    /**
     * The key id of {@code certificate}.
     *
     * @param code the refusal's code when the certificate's subjectKeyIdentifier is not its key's id
     * @param role who the certificate is, for the message (e.g. "your client certificate")
     */
    static String of(X509Certificate certificate, GeniCode code, String role) throws GeniException {
        String computed = CertificateNames.keyId(certificate);
        Optional<String> declared = CertificateNames.declaredKeyId(certificate);
        if (declared.isPresent() && !declared.get().equals(computed)) {
            throw new GeniException(code, role + " " + TrustedRoots.describe(certificate)
                    + " declares the subjectKeyIdentifier " + declared.get() + ", which does not match its public key"
                    + " (whose key id is " + computed + "); this aggregate identifies speakers by their key, so it"
                    + " refuses a certificate whose subjectKeyIdentifier disagrees with its key");
        }
        return computed;
    }
}
