package io.edgefed.am.credential;

import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The authenticated caller of an AM method: the GENI URN from the subjectAltName of its TLS client certificate and the
 * certificate chain (leaf first) that {@link TrustedRoots#identify} validated to a trusted root.
 *
 * @param urn   the caller's URN, e.g. {@code urn:publicid:IDN+geni:gpo:gcf+user+alice}
 * @param chain the validated chain, leaf first; never empty
 */
public record CallerIdentity(GeniUrn urn, List<X509Certificate> chain) {

    public CallerIdentity {
        Objects.requireNonNull(urn, "urn");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a caller identity needs at least its own certificate");
        }
    }

    /** The caller's own (leaf) certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }
}
