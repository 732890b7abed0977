package io.edgefed.am.credential;

import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SFA rule that ties a certificate's URN to the authority that issued it (geni-tools {@code GID.verify_chain},
 * GENI certificates, groups.geni.net/geni/wiki/GeniApiCertificates): walking a validated chain from its trusted root down, every certificate's URN must lie in the
 * namespace of the certificate that signed it (the same authority or a sub-authority {@code parent:child}), every
 * certificate that signs another must be an {@code authority}, and the root must speak for the namespace below it
 * ({@link RootNamespaces}). Without it any trusted root could mint users, slices and slice authorities of every
 * other one.
 *
 * <p>A certificate without a GENI URN inside a chain (an intermediate plain CA) passes on its issuer's namespace
 * unchanged: it can never widen it.
 */
final class NamespaceBinding {

    private final Map<X509Certificate, RootNamespaces> roots;

    /**
     * @throws IllegalArgumentException when two different roots claim one namespace (the same, or one below the
     *                                  other): either could then vouch for the other's users
     */
    NamespaceBinding(List<RootNamespaces> roots) {
        Map<X509Certificate, RootNamespaces> byCert = new LinkedHashMap<>();
        for (RootNamespaces r : roots) {
            byCert.put(r.certificate(), r);
        }
        List<RootNamespaces> all = new ArrayList<>(byCert.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Optional<String> shared = all.get(i).overlap(all.get(j));
                if (shared.isPresent()) {
                    throw new IllegalArgumentException("trusted roots " + named(all.get(i)) + " and "
                            + named(all.get(j)) + " both claim namespace " + shared.get() + "; each namespace "
                            + "may have one root only: remove one of them from edgefed.am.trust.roots or narrow "
                            + "edgefed.am.trust.authorities.<name>.namespaces");
                }
            }
        }
        this.roots = Map.copyOf(byCert);
    }

    private static String named(RootNamespaces r) {
        return r.describe() + " (subject '" + r.certificate().getSubjectX500Principal().getName() + "', namespaces "
                + r.namespaces() + ")";
    }

    /** The namespaces of a trusted root, or none for a certificate that is not one. */
    List<String> namespacesOf(X509Certificate root) {
        RootNamespaces r = roots.get(root);
        return r == null ? List.of() : r.namespaces();
    }

    /** The roots that vouch for nobody (no authority URN and nothing configured), for a warning at start. */
    List<RootNamespaces> idle() {
        return roots.values().stream().filter(r -> r.namespaces().isEmpty()).toList();
    }

    /**
     * Checks a validated path, leaf first and ending with its trusted root.
     *
     * @throws UntrustedCertificateException naming the certificate and the authority that may not vouch for it
     */
    void check(List<X509Certificate> path) throws UntrustedCertificateException {
        X509Certificate root = path.get(path.size() - 1);
        RootNamespaces top = roots.get(root);
        if (top == null || top.namespaces().isEmpty()) {
            throw new UntrustedCertificateException("the trusted root " + TrustedRoots.describe(root)
                    + " is no authority for any namespace (it has no authority URN and "
                    + "edgefed.am.trust.authorities names none for it), so it vouches for nobody");
        }
        List<String> allowed = top.namespaces();
        String grantor = top.describe();
        for (int i = path.size() - 2; i >= 0; i--) {
            X509Certificate cert = path.get(i);
            Optional<GeniUrn> urn = CertificateNames.urn(cert);
            if (urn.isEmpty()) {
                continue; // a plain intermediate keeps its issuer's namespace; a leaf without URN is refused by its user
            }
            GeniUrn u = urn.get();
            if (allowed.stream().noneMatch(u::isWithinAuthority)) {
                throw new UntrustedCertificateException(u + " was issued under " + grantor + ", which is an authority "
                        + "only for " + String.join(", ", allowed) + " and may not vouch for " + u.authority()
                        + "; a certificate must come from the authority of its own namespace");
            }
            if (i > 0) {
                if (!u.type().equals("authority")) {
                    throw new UntrustedCertificateException(TrustedRoots.describe(path.get(i - 1))
                            + " was issued by " + u + ", which is not an authority and so may not issue certificates");
                }
                allowed = List.of(u.authority());
                grantor = u.toString();
            }
        }
    }
}
