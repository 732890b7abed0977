package io.edgefed.am.support;

import io.edgefed.authority.IssuedIdentity;
import io.edgefed.geni.GeniUrn;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Chains of decoy CA certificates whose possible paths multiply, made with Bouncy Castle: a leaf for a URN whose
 * issuer is "decoy 1", then {@code levels} levels of {@code width} CA certificates that share a name and a key per
 * level; level i is "decoy i" issued by "decoy i+1", the last names a trusted root as issuer. None is signed by the
 * key its issuer name stands for, so no path verifies, but a path builder that searches every path tries
 * {@code width^levels} of them.
 */
public final class DecoyChains {

    private static final KeyPair DECOY_KEYS = keys();

    private DecoyChains() {
    }

    /** The decoyed identity: its key, and as chain the leaf followed by every decoy. */
    public static IssuedIdentity decoyed(GeniUrn urn, X500Principal trustedRoot, int levels, int width) {
        try {
            KeyPair own = keys();
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate(new X500Principal("CN=decoy 1"), new X500Principal("CN=decoyed " + urn.name()), own, urn, false));
            for (int level = 1; level <= levels; level++) {
                X500Principal issuer = level == levels ? trustedRoot : new X500Principal("CN=decoy " + (level + 1));
                for (int i = 0; i < width; i++) {
                    chain.add(certificate(issuer, new X500Principal("CN=decoy " + level), DECOY_KEYS, null, true));
                }
            }
            return new IssuedIdentity(urn, chain.get(0), own.getPrivate(), chain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make decoys", e);
        }
    }

    private static X509Certificate certificate(X500Principal issuer, X500Principal subject, KeyPair subjectKeys, GeniUrn urn,
                                               boolean ca) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minusSeconds(86_400)), Date.from(now.plusSeconds(86_400)), subject, subjectKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (urn != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString())));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(DECOY_KEYS.getPrivate())));
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
