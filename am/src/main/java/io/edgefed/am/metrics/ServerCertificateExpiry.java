package io.edgefed.am.metrics;

import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;

/**
 * When the AM's server certificate chain (the TLS configuration named {@value #TLS_NAME}) stops being valid: the
 * earliest {@code notAfter} of its certificates, read from the live key store at each call, so a reloaded
 * certificate shows at once.
 */
@ApplicationScoped
public class ServerCertificateExpiry {

    static final String TLS_NAME = "am";

    private final TlsConfigurationRegistry registry;

    ServerCertificateExpiry(TlsConfigurationRegistry registry) {
        this.registry = registry;
    }

    /** Seconds since the epoch at which the first certificate of the chain expires; NaN without a key store. */
    public double earliestNotAfter() {
        Optional<KeyStore> store = registry.get(TLS_NAME).map(TlsConfiguration::getKeyStore);
        if (store.isEmpty()) {
            return Double.NaN;
        }
        try {
            long earliest = Long.MAX_VALUE;
            for (String alias : Collections.list(store.get().aliases())) {
                Certificate[] chain = store.get().getCertificateChain(alias);
                for (Certificate c : chain == null ? new Certificate[0] : chain) {
                    if (c instanceof X509Certificate x509) {
                        earliest = Math.min(earliest, x509.getNotAfter().getTime());
                    }
                }
            }
            return earliest == Long.MAX_VALUE ? Double.NaN : earliest / 1000.0;
        } catch (KeyStoreException e) {
            return Double.NaN;
        }
    }
}
