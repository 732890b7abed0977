package io.edgefed.authority;

import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A certificate and its private key issued by a {@link LocalAuthority}: a user, a tool or the AM's TLS server.
 *
 * @param urn         the URN in the certificate's subjectAltName
 * @param certificate the certificate
 * @param key         its private key
 * @param chain       the certificate followed by its issuers (the authority's CA certificate)
 */
public record IssuedIdentity(GeniUrn urn, X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {

    public IssuedIdentity {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
    }

    /** The certificate chain as PEM, leaf first: what omni's certificate file and a TLS client present. */
    public String pem() {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : chain) {
            out.append(Pem.encode(c));
        }
        return out.toString();
    }

    /** The private key as unencrypted PKCS#8 PEM. */
    public String keyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** Key and certificate chain in one PEM file, as jFed's {@code pemKeyAndCertFilename} expects. */
    public String keyAndCertificatePem() {
        return keyPem() + pem();
    }

    /** Names the identity without its private key (a record would print every component). */
    @Override
    public String toString() {
        return "IssuedIdentity[" + urn + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }

    /** The chain as an array, leaf first, e.g. for a TLS key manager or {@code TrustedRoots.identify}. */
    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }
}
