package io.edgefed.am.credential;

import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A trusted root and the GENI namespaces (URN authorities such as {@code ilabt.imec.be} or {@code geni:gpo:gcf}) it
 * speaks for, itself and every sub-authority below them. A root whose URN is an {@code authority} URN speaks for
 * that URN's authority; a root without a URN (a plain CA) speaks only for the namespaces its operator configured
 * ({@code edgefed.am.trust.authorities.<name>.namespaces}), which also replace those of a root that has one.
 *
 * @param certificate the root certificate
 * @param namespaces  the authorities it speaks for; empty: it vouches for nobody
 * @param configured  whether {@code namespaces} came from the configuration rather than the certificate's URN
 */
public record RootNamespaces(X509Certificate certificate, List<String> namespaces, boolean configured) {

    public RootNamespaces {
        namespaces = namespaces.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The namespaces a root has by its own URN: its authority if it is an authority URN, else none. */
    static RootNamespaces ofCertificate(X509Certificate root) {
        Optional<GeniUrn> urn = CertificateNames.urn(root);
        List<String> own = urn.filter(u -> u.type().equals("authority")).map(u -> List.of(u.authority()))
                .orElse(List.of());
        return new RootNamespaces(root, own, false);
    }

    /** Whether this root speaks for the namespace of {@code urn}. */
    boolean covers(GeniUrn urn) {
        return namespaces.stream().anyMatch(urn::isWithinAuthority);
    }

    /** The first namespace of {@code other} that overlaps one of ours (equal, or one below the other), if any. */
    Optional<String> overlap(RootNamespaces other) {
        for (String mine : namespaces) {
            for (String theirs : other.namespaces) {
                if (within(mine, theirs) || within(theirs, mine)) {
                    return Optional.of(mine.length() >= theirs.length() ? mine : theirs);
                }
            }
        }
        return Optional.empty();
    }

    /** This root for messages: its URN, or its subject DN when it has none. */
    String describe() {
        return TrustedRoots.describe(certificate);
    }

    private static boolean within(String inner, String outer) {
        String i = inner.toLowerCase(Locale.ROOT);
        String o = outer.toLowerCase(Locale.ROOT);
        return i.equals(o) || i.startsWith(o + ":");
    }
}
