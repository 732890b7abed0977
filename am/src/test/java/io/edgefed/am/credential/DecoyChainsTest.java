package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.support.DecoyChains;
import io.edgefed.authority.IssuedIdentity;
import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.util.Map;
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
 * Chains of decoy CA certificates whose possible paths multiply ({@link DecoyChains}): in a credential's KeyInfo and as a TLS
 * client's chain, of growing width, each is refused at once with a message saying which limit it met — too many
 * certificates, or too many candidates for the path builder — and never costs the search over every path.
 */
class DecoyChainsTest {

    static final int LEVELS = 8;

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

    static IssuedIdentity decoyed(int width) {
        return DecoyChains.decoyed(GeniUrn.of("edgefed:local", "user", "decoyed" + width),
                LOCAL.caCertificate().getSubjectX500Principal(), LEVELS, width);
    }
}
