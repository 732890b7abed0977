package io.edgefed.authority;

import io.edgefed.geni.GeniUrn;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The X.509 certificates a {@link LocalAuthority} makes, GENI-style (the URN in the subjectAltName, as gcf's
 * {@code gen-certs.py} does): CA certificates for itself and its sub-authorities, and leaf certificates for users,
 * slices, tools and the AM's TLS server.
 */
final class AuthorityCertificates {

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration LEAF_LIFETIME = Duration.ofDays(365);
    /** Certificates start a day early so that clocks that lag behind accept them. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    /** An AIA access method OID with an arc above 2^32, the shape that broke Go's parser on Fed4FIRE+ certificates. */
    static final String LARGE_ARC_OID = "1.3.6.1.4.1.4294967301.1.2";

    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthorityCertificates() {
    }

    /** A CA certificate for {@code keys}: self-signed when {@code issuer} is null; with {@code urn} in its SAN if given. */
    static X509Certificate ca(String authorityName, GeniUrn urn, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey) {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + authorityName.replace(":", "//") + (urn == null ? ".ca" : ".authority.sa"));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            Instant notAfter = now.plus(CA_LIFETIME);
            if (issuer != null && notAfter.isAfter(issuer.getNotAfter().toInstant())) {
                notAfter = issuer.getNotAfter().toInstant();
            }
            X509v3CertificateBuilder b = (issuer == null
                    ? new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                            Date.from(notAfter), subject, keys.getPublic())
                    : new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minus(BACKDATE)),
                            Date.from(notAfter), new X500Principal(subject.toString()), keys.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
            }
            List<GeneralName> san = new ArrayList<>();
            if (urn != null) {
                san.add(new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString()));
            }
            san.add(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:uuid:" + UUID.randomUUID()));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0])));
            return sign(b, issuer == null ? keys.getPrivate() : issuerKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the authority certificate", e);
        }
    }

    /**
     * A leaf certificate for {@code urn} and {@code keys}, signed by {@code ca}, valid for TLS server and client
     * authentication. CN is the first of {@code extraNames} (DNS names or IP addresses, for a server) or else made
     * from the URN; {@code largeOidAia} adds an Authority Information Access extension whose access method OID has an
     * arc above 2^32, as Fed4FIRE+ (imec) certificates carry.
     */
    static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, GeniUrn urn, KeyPair keys,
                                List<GeneralName> extraNames, boolean largeOidAia) {
        Instant now = Instant.now();
        Instant notAfter = now.plus(LEAF_LIFETIME);
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            notAfter = ca.getNotAfter().toInstant();
        }
        String cn = extraNames.isEmpty() ? urn.authority().replace(":", "//") + "." + urn.type() + "." + urn.name()
                : extraNames.get(0).getName().toString();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<GeneralName> san = new ArrayList<>(extraNames);
            san.add(new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString()));
            san.add(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:uuid:" + UUID.randomUUID()));
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), new X500Name("CN=" + cn), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(san.toArray(new GeneralName[0])));
            if (largeOidAia) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription(new ASN1ObjectIdentifier(LARGE_ARC_OID),
                                new GeneralName(GeneralName.uniformResourceIdentifier,
                                        "https://authority.example.org/" + urn.name()))));
            }
            return sign(b, caKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + urn, e);
        }
    }

    /** SAN entries for a TLS server: an IP address entry for what looks like one, a DNS name entry otherwise. */
    static List<GeneralName> serverNames(String... dnsNamesOrIps) {
        List<GeneralName> names = new ArrayList<>();
        for (String n : dnsNamesOrIps) {
            boolean ip = n.matches("[0-9.]+") || n.contains(":");
            names.add(ip ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        return names;
    }

    static KeyPair newKeyPair(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is missing from this JDK", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }
}
