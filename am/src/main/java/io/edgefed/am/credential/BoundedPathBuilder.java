package io.edgefed.am.credential;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The JDK's PKIX path builder within {@link PathLimits}: a presented chain (leaf first, the rest in any order) with
 * more certificates than allowed is refused before any search, and the search gets at most the allowed number of
 * candidate certificates ({@link BudgetedCertStore}). Used for credentials' certificates and TLS client chains alike.
 */
public final class BoundedPathBuilder {

    /** Longest chain (leaf, intermediates, root) we try to build; GENI chains have 2 or 3 certificates. */
    private static final int MAX_PATH_LENGTH = 8;

    private BoundedPathBuilder() {
    }

    /**
     * Builds and PKIX-validates a path from {@code presented.get(0)} to one of {@code anchors} at {@code at}, without
     * revocation checks (GENI authorities publish no CRLs).
     *
     * @return the path, leaf first, ending with the anchor's certificate
     */
    public static List<X509Certificate> build(Set<TrustAnchor> anchors, List<X509Certificate> presented, Date at,
                                              PathLimits limits) throws UntrustedCertificateException {
        if (presented.isEmpty()) {
            throw new UntrustedCertificateException("no certificate");
        }
        X509Certificate leaf = presented.get(0);
        if (presented.size() > limits.certificates()) {
            throw new UntrustedCertificateException("the chain of " + TrustedRoots.describe(leaf) + " holds "
                    + presented.size() + " certificates; this aggregate accepts at most " + limits.certificates()
                    + " in one chain (GENI chains hold 2 or 3)");
        }
        if (anchors.isEmpty()) {
            throw new UntrustedCertificateException("this AM has no trusted roots configured");
        }
        BudgetedCertStore.Budgeted store = BudgetedCertStore.of(presented, limits.candidates());
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(at);
            params.setMaxPathLength(MAX_PATH_LENGTH);
            params.addCertStore(store);
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                    .build(params);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            path.add(result.getTrustAnchor().getTrustedCert());
            return List.copyOf(path);
        } catch (CertPathBuilderException e) {
            if (store.exhausted()) {
                throw new UntrustedCertificateException("no chain from " + TrustedRoots.describe(leaf) + " to a trusted"
                        + " root among the first " + limits.candidates() + " candidate certificates; this aggregate looks"
                        + " no further (the " + presented.size() + " certificates presented offer too many paths to try)", e);
            }
            // Say why when we can: an expired certificate is the common, fixable case.
            for (X509Certificate c : presented) {
                checkValidity(c, at);
            }
            throw new UntrustedCertificateException("no chain from " + TrustedRoots.describe(leaf) + " to a trusted root", e);
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX validation is not available in this JDK", e);
        }
    }

    /** @throws UntrustedCertificateException naming the certificate and when it expired or starts */
    static void checkValidity(X509Certificate c, Date at) throws UntrustedCertificateException {
        if (at.after(c.getNotAfter())) {
            throw new UntrustedCertificateException("certificate " + TrustedRoots.describe(c) + " expired at "
                    + c.getNotAfter().toInstant());
        }
        if (at.before(c.getNotBefore())) {
            throw new UntrustedCertificateException("certificate " + TrustedRoots.describe(c) + " is not valid before "
                    + c.getNotBefore().toInstant());
        }
    }
}
