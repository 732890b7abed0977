package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.authority.IssuedIdentity;
import io.edgefed.geni.GeniUrn;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.edgefed.am.credential.CredentialVerifierTest.assertRefused;
import static io.edgefed.am.credential.SpeaksForTest.abac;
import static io.edgefed.am.credential.SpeaksForTest.sfa;
import static io.edgefed.am.credential.TestAuthorities.ALICE;
import static io.edgefed.am.credential.TestAuthorities.IN_AN_HOUR;
import static io.edgefed.am.credential.TestAuthorities.LOCAL;
import static io.edgefed.am.credential.TestAuthorities.NOW;
import static io.edgefed.am.credential.TestAuthorities.PORTAL;
import static io.edgefed.am.credential.TestAuthorities.SLICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chains of decoy CA certificates whose possible paths multiply (levels of certificates that share a name and a key,
 * the top level naming the trusted root as issuer but not signed by it): in a credential's KeyInfo and as a TLS
 * client's chain, of growing width, each is refused at once with a message saying which limit it met — too many
 * certificates, or too many candidates for the path builder — and never costs the search over every path.
 */
class DecoyChainsTest {

    static final int LEVELS = 8;
    static final KeyPair DECOY_KEYS = keys();

    MutableClock clock;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
    }

    @ParameterizedTest(name = "{0} wide")
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void aCredentialWhoseKeyInfoCarriesDecoysIsRefusedAtTheCertificateLimit(int width) throws Exception {
        TrustedRoots roots = new TrustedRoots(TestAuthorities.trustedRoots(), clock);
        IssuedIdentity signer = decoyed(width);
        CredentialVerifier verifier = new CredentialVerifier(roots, 0, 16);
        Object[] creds = {sfa(LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR)),
                abac(LOCAL.speaksForCredential(signer, PORTAL, IN_AN_HOUR))};
        CallerIdentity portal = roots.identify(PORTAL.chainArray());
        Map<String, Object> speakingFor = Map.of(CredentialVerifier.SPEAKING_FOR, signer.urn().toString());

        if (signer.chain().size() > PathLimits.DEFAULT.certificates()) {
            assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, speakingFor, clock.instant()),
                    GeniCode.TOOBIG, signer.chain().size() + " certificates in its KeyInfo; this aggregate accepts at most 10");
            assertRefused(() -> roots.identify(signer.chain().toArray(X509Certificate[]::new)), GeniCode.FORBIDDEN,
                    "holds " + signer.chain().size() + " certificates; this aggregate accepts at most 10");
        } else {
            assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, speakingFor, clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "no chain from");
        }
    }

    /** With the certificate limit out of the way, the path builder's candidates run out instead. */
    @ParameterizedTest(name = "{0} wide")
    @ValueSource(ints = {2, 3, 5, 8})
    void aChainOfDecoysWithinTheCertificateLimitIsRefusedWhenTheCandidatesRunOut(int width) throws Exception {
        TrustedRoots roots = new TrustedRoots(TestAuthorities.trustedRoots(), clock);
        java.lang.reflect.Field limits = TrustedRoots.class.getDeclaredField("limits");
        limits.setAccessible(true);
        limits.set(roots, new PathLimits(1000, 40));
        IssuedIdentity signer = decoyed(width);
        CredentialVerifier verifier = new CredentialVerifier(roots, 0, 16);
        Object[] creds = {sfa(LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR)),
                abac(LOCAL.speaksForCredential(signer, PORTAL, IN_AN_HOUR))};
        CallerIdentity portal = roots.identify(PORTAL.chainArray());

        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE,
                        Map.of(CredentialVerifier.SPEAKING_FOR, signer.urn().toString()), clock.instant()),
                GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "among the first 40 candidate certificates");
        assertRefused(() -> roots.identify(signer.chain().toArray(X509Certificate[]::new)), GeniCode.FORBIDDEN,
                "among the first 40 candidate certificates");
        // A real chain still passes with the same limits.
        assertThat(roots.identify(ALICE.chainArray()).urn()).isEqualTo(ALICE.urn());
    }

    /**
     * A user of the local namespace whose certificate names "decoy 1" as issuer, followed by {@link #LEVELS} levels of
     * {@code width} CA certificates: level i is "decoy i", issued by "decoy i+1"; the last names the local root.
     */
    static IssuedIdentity decoyed(int width) throws Exception {
        GeniUrn urn = GeniUrn.of("edgefed:local", "user", "decoyed" + width);
        KeyPair own = keys();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate(new X500Principal("CN=decoy 1"), new X500Principal("CN=decoyed user"), own, urn, false));
        X500Principal top = LOCAL.caCertificate().getSubjectX500Principal();
        for (int level = 1; level <= LEVELS; level++) {
            X500Principal issuer = level == LEVELS ? top : new X500Principal("CN=decoy " + (level + 1));
            for (int i = 0; i < width; i++) {
                chain.add(certificate(issuer, new X500Principal("CN=decoy " + level), DECOY_KEYS, null, true));
            }
        }
        return new IssuedIdentity(urn, chain.get(0), own.getPrivate(), chain);
    }

    static X509Certificate certificate(X500Principal issuer, X500Principal subject, KeyPair subjectKeys, GeniUrn urn,
                                       boolean ca) throws Exception {
        PrivateKey signingKey = DECOY_KEYS.getPrivate(); // not the issuer's: no path verifies
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(NOW.minusSeconds(3600)), Date.from(NOW.plusSeconds(86_400)), subject, subjectKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (urn != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString())));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
    }

    static KeyPair keys() {
        try {
            return NamespaceBindingTest.keys();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
