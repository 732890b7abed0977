package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.CertificateNames;
import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.GeniUrn;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.edgefed.am.credential.CredentialVerifierTest.assertRefused;
import static io.edgefed.am.credential.TestAuthorities.ALICE;
import static io.edgefed.am.credential.TestAuthorities.BOB;
import static io.edgefed.am.credential.TestAuthorities.IN_AN_HOUR;
import static io.edgefed.am.credential.TestAuthorities.LOCAL;
import static io.edgefed.am.credential.TestAuthorities.NOW;
import static io.edgefed.am.credential.TestAuthorities.OTHER_TOOL;
import static io.edgefed.am.credential.TestAuthorities.PARTNER;
import static io.edgefed.am.credential.TestAuthorities.PORTAL;
import static io.edgefed.am.credential.TestAuthorities.SLICE;
import static org.assertj.core.api.Assertions.assertThat;

/** A tool (portal) calls with {@code geni_speaking_for} and the user's {@code geni_abac} credential (the GENI speaks-for credentials, groups.geni.net/geni/wiki/TIEDCredentials). */
class SpeaksForTest {

    MutableClock clock;
    TrustedRoots roots;
    CredentialVerifier verifier;
    CallerIdentity portal;
    String alicesSlice;

    @BeforeEach
    void setUp() throws GeniException {
        clock = new MutableClock(NOW);
        roots = new TrustedRoots(TestAuthorities.trustedRoots(), clock);
        verifier = new CredentialVerifier(roots, 64, 16);
        portal = roots.identify(PORTAL.chainArray());
        alicesSlice = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
    }

    @Test
    void toolSpeakingForAliceWithHerAbacCredentialActsAsAlice() throws GeniException {
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(ALICE, PORTAL, IN_AN_HOUR))};

        Authorization a = verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, speakingFor(ALICE), clock.instant());

        assertThat(a.user()).isEqualTo(ALICE.urn());
        assertThat(a.speaksFor()).isTrue();
    }

    @Test
    void abacCredentialLooksLikeGcfs() {
        String cred = LOCAL.speaksForCredential(ALICE, PORTAL, IN_AN_HOUR);
        String aliceKey = CertificateNames.keyId(ALICE.certificate());

        assertThat(cred).contains("<type>abac</type>", "<role>speaks_for_" + aliceKey + "</role>",
                "<keyid>" + CertificateNames.keyId(PORTAL.certificate()) + "</keyid>", "<version>1.1</version>");
        assertThat(aliceKey).matches("[0-9a-f]{40}");
    }

    @Test
    void abacCredentialForAnotherToolIsRefusedWithCode22() {
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(ALICE, OTHER_TOOL, IN_AN_HOUR))};

        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, speakingFor(ALICE), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "for another tool");
    }

    @Test
    void abacCredentialOfAnotherUserIsRefusedWithCode22() {
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(BOB, PORTAL, IN_AN_HOUR))};

        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, speakingFor(ALICE), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "geni_speaking_for names " + ALICE.urn());
    }

    @Test
    void speakingForWithoutAbacCredentialIsRefusedWithCode3() {
        assertRefused(() -> verifier.authorize(portal, new Object[] {sfa(alicesSlice)}, SLICE, Privileges.ALLOCATE,
                speakingFor(ALICE), clock.instant()), GeniCode.FORBIDDEN, "no geni_abac speaks-for credential");
    }

    @Test
    void withoutTheSpeakingForOptionTheToolIsJustAnotherCaller() {
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(ALICE, PORTAL, IN_AN_HOUR))};

        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "belongs to " + ALICE.urn());
    }

    @Test
    void expiredAbacCredentialIsRefusedWithCode15() {
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(ALICE, PORTAL, NOW.minusSeconds(1)))};

        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE, speakingFor(ALICE), clock.instant()),
                GeniCode.EXPIRED, "speaks-for credential expired");
    }

    @Test
    void tamperedAbacCredentialIsRefusedWithCode20() {
        String honest = LOCAL.speaksForCredential(ALICE, PORTAL, IN_AN_HOUR);
        // Redirect the statement to another tool's key: the signature no longer matches.
        String tampered = honest.replace(CertificateNames.keyId(PORTAL.certificate()),
                CertificateNames.keyId(OTHER_TOOL.certificate()));
        CallerIdentity other;
        try {
            other = roots.identify(OTHER_TOOL.chainArray());
        } catch (GeniException e) {
            throw new AssertionError(e);
        }
        Object[] creds = {sfa(alicesSlice), abac(tampered)};

        assertRefused(() -> verifier.authorize(other, creds, SLICE, Privileges.ALLOCATE, speakingFor(ALICE), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "altered");
    }

    /**
     * A certificate with its own key but the portal's subjectKeyIdentifier, from another trusted root or from the
     * local CA itself, replays alice's speaks-for credential for the portal: the key id is its key's, not the number
     * it declares, and the disagreement is named.
     */
    @ParameterizedTest(name = "issued by {0}")
    @ValueSource(strings = {"partner", "local"})
    void aCertificateDeclaringAnotherToolsKeyIdCannotReplayItsSpeaksForCredential(String issuer) throws Exception {
        LocalAuthority ca = issuer.equals("partner") ? PARTNER : LOCAL;
        X509Certificate copycat = NamespaceBindingTest.certificate(ca.caCertificate(), ca.caKey(),
                GeniUrn.of(ca.authorityName(), "tool", "copycat"), NamespaceBindingTest.keys(), false,
                PORTAL.certificate().getExtensionValue("2.5.29.14"));
        assertThat(CertificateNames.declaredKeyId(copycat)).contains(CertificateNames.keyId(PORTAL.certificate()));
        CallerIdentity caller = roots.identify(new X509Certificate[] {copycat, ca.caCertificate()});
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(ALICE, PORTAL, IN_AN_HOUR))};

        assertRefused(() -> verifier.authorize(caller, creds, SLICE, Privileges.ALLOCATE, speakingFor(ALICE), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "does not match its public key");
        assertRefused(() -> verifier.authorize(caller, creds, SLICE, Privileges.DESCRIBE, speakingFor(ALICE), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "subjectKeyIdentifier " + CertificateNames.keyId(PORTAL.certificate()));
    }

    @Test
    void aUserCertificateWhoseKeyIdentifierIsNotItsKeyCannotSignASpeaksForCredential() throws Exception {
        KeyPair keys = NamespaceBindingTest.keys();
        X509Certificate carol = NamespaceBindingTest.certificate(LOCAL.caCertificate(), LOCAL.caKey(),
                GeniUrn.of("edgefed:local", "user", "carol"), keys, false, ALICE.certificate().getExtensionValue("2.5.29.14"));
        IssuedIdentity signer = new IssuedIdentity(GeniUrn.of("edgefed:local", "user", "carol"), carol, keys.getPrivate(),
                List.of(carol, LOCAL.caCertificate()));
        Object[] creds = {sfa(alicesSlice), abac(LOCAL.speaksForCredential(signer, PORTAL, IN_AN_HOUR))};

        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE,
                Map.of(CredentialVerifier.SPEAKING_FOR, signer.urn().toString()), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "does not match its public key");
    }

    @Test
    void malformedSpeakingForOptionIsBadArgs() {
        Object[] creds = {sfa(alicesSlice)};
        assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE,
                Map.of(CredentialVerifier.SPEAKING_FOR, "alice"), clock.instant()), GeniCode.BADARGS, "geni_speaking_for");
    }

    static Map<String, Object> speakingFor(io.edgefed.authority.IssuedIdentity user) {
        return Map.of(CredentialVerifier.SPEAKING_FOR, user.urn().toString());
    }

    static Map<String, Object> sfa(String value) {
        return Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", value);
    }

    static Map<String, Object> abac(String value) {
        return Map.of("geni_type", "geni_abac", "geni_version", "1", "geni_value", value);
    }
}
