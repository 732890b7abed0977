package io.edgefed.am.credential;

import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CRL;
import java.security.cert.CRLSelector;
import java.security.cert.CertSelector;
import java.security.cert.CertStore;
import java.security.cert.CertStoreSpi;
import java.security.cert.Certificate;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The presented certificates as a {@link CertStore} for the JDK's PKIX path builder, which hands out at most a budget
 * of candidates in all: once it is spent every lookup finds nothing, so the builder's search (which over decoys that
 * share names and keys grows with the number of paths, not of certificates) ends within the budget.
 */
final class BudgetedCertStore extends CertStoreSpi {

    private final List<X509Certificate> certificates;
    private final int budget;
    private int handed;
    private boolean exhausted;

    private BudgetedCertStore(List<X509Certificate> certificates, int budget) throws InvalidAlgorithmParameterException {
        super(new CollectionCertStoreParameters(certificates));
        this.certificates = List.copyOf(certificates);
        this.budget = budget;
    }

    /** A store of {@code certificates} that hands out at most {@code budget} candidates; one path search only. */
    static Budgeted of(List<X509Certificate> certificates, int budget) {
        try {
            return new Budgeted(new BudgetedCertStore(certificates, budget));
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("CertStoreSpi refused collection parameters", e);
        }
    }

    @Override
    public synchronized Collection<? extends Certificate> engineGetCertificates(CertSelector selector) {
        List<Certificate> out = new ArrayList<>();
        for (X509Certificate c : certificates) {
            if (selector == null || selector.match(c)) {
                if (handed == budget) {
                    exhausted = true;
                    break;
                }
                handed++;
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public Collection<? extends CRL> engineGetCRLs(CRLSelector selector) {
        return List.of();
    }

    /** The store and whether its budget ran out. */
    static final class Budgeted extends CertStore {
        private final BudgetedCertStore spi;

        private Budgeted(BudgetedCertStore spi) {
            super(spi, null, "Collection", spi.params());
            this.spi = spi;
        }

        /** Whether the builder asked for more candidates than the budget allowed. */
        boolean exhausted() {
            synchronized (spi) {
                return spi.exhausted;
            }
        }
    }

    private CollectionCertStoreParameters params() {
        return new CollectionCertStoreParameters(certificates);
    }
}
