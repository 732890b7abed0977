package io.edgefed.am.xmlrpc;

import io.edgefed.am.credential.PathLimits;
import io.edgefed.am.support.DecoyChains;
import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.GeniUrn;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS handshake's client-chain check: chains of decoys of growing width are refused by the certificate limit or
 * once the path builder's candidates run out, each saying which; a real chain passes through to the JDK's check.
 */
class BoundedClientTrustTest {

    static LocalAuthority ca;
    static X509TrustManager jdk;

    @BeforeAll
    static void trustStore() throws Exception {
        ca = LocalAuthority.create("edgefed:tls", 1024);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        jdk = (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @ParameterizedTest(name = "{0} levels of {1}")
    @CsvSource({"8, 5, holds 41 certificates; this aggregate accepts at most 10", "8, 2, holds 17 certificates",
            "3, 3, among the first 32 candidate certificates", "9, 1, no chain from"})
    void decoyChainsAreRefusedSayingWhichLimit(int levels, int width, String message) {
        IssuedIdentity decoyed = DecoyChains.decoyed(GeniUrn.of("edgefed:tls", "user", "decoyed"),
                ca.caCertificate().getSubjectX500Principal(), levels, width);
        BoundedClientTrust.Bounded bounded = new BoundedClientTrust.Bounded(jdk, PathLimits.DEFAULT);

        assertThatThrownBy(() -> bounded.checkClientTrusted(decoyed.chain().toArray(X509Certificate[]::new), "RSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice"})
    void aRealChainPasses(String user) {
        IssuedIdentity alice = ca.issueUser(user);
        BoundedClientTrust.Bounded bounded = new BoundedClientTrust.Bounded(jdk, PathLimits.DEFAULT);

        assertThatCode(() -> bounded.checkClientTrusted(alice.chainArray(), "RSA")).doesNotThrowAnyException();
    }
}
