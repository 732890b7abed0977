package io.edgefed.am.support;

import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.GeniUrn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes the test PKI at test time with the local authority (Bouncy Castle): a trusted CA with a server certificate
 * for localhost, users alice and bob, a user whose AIA holds an OID arc above 2^32 (as Fed4FIRE+ certificates do), a
 * proxy, and a user of an untrusted CA. Configures the AM's TLS and trust roots with them.
 *
 * <p>The test instance may live in another class loader than this resource, so what tests need is handed over
 * through the system properties as JDK types only: key store paths and a credential-minting function.
 */
public class TestPki implements QuarkusTestResourceLifecycleManager {

    /** The test-wide GENI authority. */
    public static final String AUTHORITY = "edgefed:test";
    /** The authority of the second trusted root. */
    public static final String PARTNER_AUTHORITY = "partner:test";
    /** HTTPS port of the AM in tests. */
    public static final int PORT = 8453;
    /** The per-slice sliver limit in tests (edgefed.am.limits.slivers-per-slice). */
    public static final int SLIVERS_PER_SLICE = 210;
    /** Trusted-proxy address; tests bind their socket to it to act as the proxy. */
    public static final String PROXY_ADDRESS = "127.0.0.2";
    static final String HANDOVER = "edgefed.test.pki";
    static final char[] PASSWORD = "changeit".toCharArray();

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("edgefed-pki");
            LocalAuthority ca = LocalAuthority.create(AUTHORITY, 1024);
            LocalAuthority rogue = LocalAuthority.create("rogue:ca", 1024);
            // A second trusted root, for partner:test only; "forged-alice" is its certificate with alice's URN.
            LocalAuthority partner = LocalAuthority.create(PARTNER_AUTHORITY, 1024);
            Map<String, IssuedIdentity> users = new HashMap<>();
            users.put("alice", ca.issueUser("alice"));
            users.put("bob", ca.issueUser("bob"));
            users.put("fed4fire", ca.issueUserWithLargeOidAia("fedf"));
            users.put("proxy", ca.issueUser("proxy"));
            users.put("mallory", rogue.issueUser("mallory"));
            users.put("carol", partner.issueUser("carol"));
            users.put("forged-alice", partner.issue(users.get("alice").urn()));
            IssuedIdentity server = ca.issueServer("localhost", "127.0.0.1");

            Path caPem = dir.resolve("ca.pem");
            Files.writeString(caPem, pem(ca.caCertificate()));
            Path partnerPem = dir.resolve("partner.pem");
            Files.writeString(partnerPem, pem(partner.caCertificate()));
            Path serverCert = dir.resolve("server.pem");
            Files.writeString(serverCert, pem(server.chain().toArray(X509Certificate[]::new)));
            Path serverKey = dir.resolve("server-key.pem");
            Files.writeString(serverKey, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(server.key().getEncoded()) + "\n-----END PRIVATE KEY-----\n");

            Map<String, Object> handover = new HashMap<>();
            for (var e : users.entrySet()) {
                handover.put("keystore." + e.getKey(), keyStore(dir, e.getKey(), e.getValue()).toString());
                handover.put("urn." + e.getKey(), e.getValue().urn().toString());
                handover.put("pem." + e.getKey(), pem(e.getValue().chain().toArray(X509Certificate[]::new)));
            }
            handover.put("keystore.server", keyStore(dir, "server", server).toString());
            handover.put("truststore", trustStore(dir, ca.caCertificate()).toString());
            // (user name, slice URN, expiry, privileges) -> signed slice credential
            Function<Object[], String> mint = a -> ca.sliceCredential(users.get((String) a[0]), GeniUrn.parse((String) a[1]),
                    (Instant) a[2], (String[]) a[3]);
            handover.put("mint", mint);
            // (user name, notAfter) -> key store of a certificate for that user of the test CA, valid until notAfter
            Function<Object[], String> expiring = a -> {
                try {
                    return keyStore(dir, a[0] + "-" + System.nanoTime(), expiringUser(ca, (String) a[0], (Instant) a[1])).toString();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            handover.put("expiring", expiring);
            System.getProperties().put(HANDOVER, handover);

            Map<String, String> config = new HashMap<>();
            config.put("quarkus.tls.am.key-store.pem.0.cert", serverCert.toString());
            config.put("quarkus.tls.am.key-store.pem.0.key", serverKey.toString());
            config.put("quarkus.tls.am.trust-store.pem.certs", caPem + "," + partnerPem);
            config.put("quarkus.http.test-ssl-port", String.valueOf(PORT));
            config.put("edgefed.am.trust.roots", caPem + "," + partnerPem);
            config.put("edgefed.am.authority", AUTHORITY);
            config.put("edgefed.am.url", "https://localhost:" + PORT + "/xmlrpc/am/3.0");
            config.put("edgefed.am.namespace", "slivers");
            config.put("edgefed.am.images", "ubuntu2204=docker.io/library/ubuntu:22.04,debian12=docker.io/library/debian:12");
            config.put("edgefed.am.proxy.addresses", PROXY_ADDRESS);
            config.put("edgefed.am.max-request-bytes", String.valueOf(512 * 1024));
            // Below the default 500 (above one full Allocate of 200), so that racing Allocates at the limit write fewer slivers.
            config.put("edgefed.am.limits.slivers-per-slice", String.valueOf(SLIVERS_PER_SLICE));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test PKI", e);
        }
    }

    @Override
    public void stop() {
        System.getProperties().remove(HANDOVER);
    }

    /** A user certificate of {@code ca} valid from an hour ago until {@code notAfter} (second precision, as X.509). */
    private static IssuedIdentity expiringUser(LocalAuthority ca, String user, Instant notAfter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair keys = generator.generateKeyPair();
        GeniUrn urn = GeniUrn.of(AUTHORITY, "user", user);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                ca.caCertificate(), BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(3600)),
                Date.from(notAfter), new X500Principal("CN=" + user + "-expiring"), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString())))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.caKey())));
        return new IssuedIdentity(urn, cert, keys.getPrivate(), List.of(cert, ca.caCertificate()));
    }

    private static Path keyStore(Path dir, String name, IssuedIdentity id) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(name, id.key(), PASSWORD, id.chain().toArray(X509Certificate[]::new));
        return store(dir.resolve(name + ".p12"), ks);
    }

    private static Path trustStore(Path dir, X509Certificate ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        return store(dir.resolve("trust.p12"), ks);
    }

    private static Path store(Path file, KeyStore ks) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }

    static String pem(X509Certificate... certs) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    static List<String> names() {
        return List.of("alice", "bob", "fed4fire", "proxy", "mallory", "carol", "forged-alice");
    }
}
