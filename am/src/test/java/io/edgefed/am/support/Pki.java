package io.edgefed.am.support;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The test's view of {@link TestPki}: TLS contexts for each user and slice credentials they hold. */
public final class Pki {

    private Pki() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> handover() {
        Object o = System.getProperties().get(TestPki.HANDOVER);
        if (o == null) {
            throw new IllegalStateException("TestPki has not started");
        }
        return (Map<String, Object>) o;
    }

    /** A TLS context presenting {@code user}'s certificate and trusting the test CA; null user: no certificate. */
    public static SSLContext tls(String user) {
        return tlsWith(user == null ? null : (String) handover().get("keystore." + user));
    }

    /**
     * A TLS context presenting a new certificate of the test CA for {@code user} that expires at {@code notAfter}.
     * One context keeps its TLS sessions, so a second connection may resume the first's session.
     */
    @SuppressWarnings("unchecked")
    public static SSLContext tlsExpiringAt(String user, Instant notAfter) {
        return tlsWith(((Function<Object[], String>) handover().get("expiring")).apply(new Object[] {user, notAfter}));
    }

    /** A TLS context presenting {@code identity}'s chain as it is (e.g. with decoys), trusting the test CA. */
    public static SSLContext tlsOf(io.edgefed.authority.IssuedIdentity identity) {
        try {
            // A key store refuses a chain that is not in order; this key manager sends it as it is.
            java.security.cert.X509Certificate[] chain = identity.chain().toArray(java.security.cert.X509Certificate[]::new);
            javax.net.ssl.X509ExtendedKeyManager keys = new javax.net.ssl.X509ExtendedKeyManager() {
                @Override
                public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                    return new String[] {"client"};
                }

                @Override
                public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                    return "client";
                }

                @Override
                public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                    return "client";
                }

                @Override
                public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                    return null;
                }

                @Override
                public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                    return null;
                }

                @Override
                public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
                    return chain;
                }

                @Override
                public java.security.PrivateKey getPrivateKey(String alias) {
                    return identity.key();
                }
            };
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load((String) handover().get("truststore")));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {keys}, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext tlsWith(String keyStore) {
        try {
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                KeyStore ks = load(keyStore);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, TestPki.PASSWORD);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load((String) handover().get("truststore")));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The AM's server key store (PKCS12, password "changeit"), for a stand-in server in benchmarks. */
    public static KeyStore serverKeyStore() {
        try {
            return load((String) handover().get("keystore.server"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trust store holding the test CA. */
    public static KeyStore trustStore() {
        try {
            return load((String) handover().get("truststore"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static char[] password() {
        return TestPki.PASSWORD.clone();
    }

    public static String urn(String user) {
        return (String) handover().get("urn." + user);
    }

    /** The user's certificate chain as PEM, as a proxy would forward it. */
    public static String pem(String user) {
        return (String) handover().get("pem." + user);
    }

    /** A signed slice credential of {@code user} for {@code sliceUrn}. */
    @SuppressWarnings("unchecked")
    public static String sliceCredential(String user, String sliceUrn, Instant expires, String... privileges) {
        return ((Function<Object[], String>) handover().get("mint")).apply(new Object[] {user, sliceUrn, expires, privileges});
    }

    /** The credentials argument of a call: one geni_sfa 3 credential. */
    public static Object[] credentials(String credential) {
        return new Object[] {Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", credential)};
    }

    public static List<String> users() {
        return TestPki.names();
    }

    private static KeyStore load(String path) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            ks.load(in, TestPki.PASSWORD);
        }
        return ks;
    }
}
