package io.edgefed.am.credential;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.support.FixedConfig;
import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.edgefed.am.credential.CredentialVerifierTest.assertRefused;
import static io.edgefed.am.credential.CredentialVerifierTest.sfa;
import static io.edgefed.am.credential.TestAuthorities.ALICE;
import static io.edgefed.am.credential.TestAuthorities.IN_AN_HOUR;
import static io.edgefed.am.credential.TestAuthorities.LOCAL;
import static io.edgefed.am.credential.TestAuthorities.NOW;
import static io.edgefed.am.credential.TestAuthorities.PARTNER;
import static io.edgefed.am.credential.TestAuthorities.PORTAL;
import static io.edgefed.am.credential.TestAuthorities.SLICE;
import static io.edgefed.am.credential.TestAuthorities.TEST_KEY_BITS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every trusted root speaks only for its own namespace (geni-tools {@code GID.verify_chain}): with two and three
 * trusted roots, none may vouch for users, slices or slice authorities of another, on the TLS connection (3
 * FORBIDDEN) or inside a credential (23 CREDENTIAL_SIGNER_UNTRUSTED), and each refusal names both URNs.
 */
class NamespaceBindingTest {

    /** A third root without a GENI URN, trusted only for what the configuration names. */
    static final LocalAuthority PLAIN = LocalAuthority.createPlainCa("plain:lab", TEST_KEY_BITS);
    static final GeniUrn LOCAL_SA = GeniUrn.of("edgefed:local", "authority", "sa");
    static final GeniUrn PARTNER_SA = GeniUrn.of("partner:testbed", "authority", "sa");

    MutableClock clock;
    TrustedRoots roots;
    CredentialVerifier verifier;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        roots = new TrustedRoots(List.of(LOCAL.caCertificate(), PARTNER.caCertificate(), PLAIN.caCertificate()),
                Map.of(PLAIN.caCertificate(), List.of("plain:lab")), clock);
        verifier = new CredentialVerifier(roots, 64, 16);
    }

    @Nested
    class TlsCallers {

        @Test
        void anotherRootsCertificateForALocalUserIsRefusedWithCode3NamingBothUrns() {
            IssuedIdentity forgedAlice = PARTNER.issue(ALICE.urn());

            assertRefused(() -> roots.identify(forgedAlice.chainArray()), GeniCode.FORBIDDEN, ALICE.urn().toString());
            assertRefused(() -> roots.identify(forgedAlice.chainArray()), GeniCode.FORBIDDEN, PARTNER_SA.toString());
        }

        @Test
        void authorityCaseDoesNotLetAnotherRootIn() {
            IssuedIdentity forged = PARTNER.issue(GeniUrn.parse("urn:publicid:IDN+EDGEFED:Local+user+alice"));

            assertRefused(() -> roots.identify(forged.chainArray()), GeniCode.FORBIDDEN, "may not vouch for");
        }

        @Test
        void anotherRootsCertificateForALocalSubAuthorityUserIsRefused() {
            IssuedIdentity forged = PARTNER.issue(GeniUrn.of("edgefed:local:lab", "user", "dave"));

            assertRefused(() -> roots.identify(forged.chainArray()), GeniCode.FORBIDDEN, "edgefed:local:lab");
        }

        @Test
        void aPrefixThatIsNoSubAuthorityIsOutsideTheNamespace() {
            // "edgefed:localhost" starts with "edgefed:local" but is not below it.
            IssuedIdentity sibling = LOCAL.issue(GeniUrn.of("edgefed:localhost", "user", "eve"));

            assertRefused(() -> roots.identify(sibling.chainArray()), GeniCode.FORBIDDEN, "edgefed:localhost");
        }

        @Test
        void aRootMayIssueForItsSubAuthoritiesDirectly() throws GeniException {
            IssuedIdentity dave = LOCAL.issue(GeniUrn.of("EdgeFed:Local:lab", "user", "dave"));

            assertThat(roots.identify(dave.chainArray()).urn()).isEqualTo(dave.urn());
        }

        @Test
        void chainThroughAnIntermediateSubAuthorityIsAccepted() throws GeniException {
            LocalAuthority lab = LOCAL.subAuthority("edgefed:local:lab");
            IssuedIdentity dave = lab.issueUser("dave");

            CallerIdentity caller = roots.identify(dave.chainArray());

            assertThat(caller.urn()).isEqualTo(dave.urn());
            assertThat(caller.chain()).hasSize(3);
        }

        @Test
        void subAuthorityMayNotIssueForItsParentsNamespace() {
            LocalAuthority lab = LOCAL.subAuthority("edgefed:local:lab");
            IssuedIdentity alice = lab.issue(ALICE.urn());

            assertRefused(() -> roots.identify(alice.chainArray()), GeniCode.FORBIDDEN,
                    GeniUrn.of("edgefed:local:lab", "authority", "sa").toString());
        }

        @Test
        void intermediateOfAnotherRootClaimingALocalNamespaceIsRefused() {
            LocalAuthority rogue = PARTNER.subAuthority("edgefed:local");
            IssuedIdentity alice = rogue.issue(ALICE.urn());

            assertRefused(() -> roots.identify(alice.chainArray()), GeniCode.FORBIDDEN, LOCAL_SA.toString());
            assertRefused(() -> roots.identify(alice.chainArray()), GeniCode.FORBIDDEN, PARTNER_SA.toString());
        }

        @Test
        void aSignerThatIsNoAuthorityIsRefusedEvenInsideItsNamespace() throws Exception {
            // alice holds a CA:TRUE certificate (her authority's mistake) and issues one for "alice2".
            KeyPair aliceCaKeys = keys();
            X509Certificate aliceCa = certificate(LOCAL.caCertificate(), LOCAL.caKey(), ALICE.urn(), aliceCaKeys, true);
            X509Certificate alice2 = certificate(aliceCa, aliceCaKeys.getPrivate(),
                    GeniUrn.of("edgefed:local", "user", "alice2"), keys(), false);

            assertRefused(() -> roots.identify(new X509Certificate[] {alice2, aliceCa, LOCAL.caCertificate()}),
                    GeniCode.FORBIDDEN, "not an authority");
        }

        @Test
        void plainIntermediateWithoutUrnCannotWidenTheNamespace() throws Exception {
            KeyPair plainKeys = keys();
            X509Certificate plainIntermediate = certificate(PARTNER.caCertificate(), PARTNER.caKey(), null, plainKeys,
                    true);
            X509Certificate forged = certificate(plainIntermediate, plainKeys.getPrivate(), ALICE.urn(), keys(), false);
            X509Certificate own = certificate(plainIntermediate, plainKeys.getPrivate(),
                    GeniUrn.of("partner:testbed", "user", "frank"), keys(), false);

            assertRefused(() -> roots.identify(new X509Certificate[] {forged, plainIntermediate}), GeniCode.FORBIDDEN,
                    PARTNER_SA.toString());
            assertThat(roots.identify(new X509Certificate[] {own, plainIntermediate}).urn().name()).isEqualTo("frank");
        }

        @Test
        void plainCaIsTrustedForItsConfiguredNamespaceAndBelowOnly() throws GeniException {
            assertThat(roots.identify(PLAIN.issueUser("erin").chainArray()).urn().authority()).isEqualTo("plain:lab");
            assertThat(roots.identify(PLAIN.issue(GeniUrn.of("plain:lab:x", "user", "gil")).chainArray()).urn().name())
                    .isEqualTo("gil");

            IssuedIdentity forged = PLAIN.issue(ALICE.urn());
            assertRefused(() -> roots.identify(forged.chainArray()), GeniCode.FORBIDDEN, "plain:lab");
            assertRefused(() -> roots.identify(forged.chainArray()), GeniCode.FORBIDDEN, ALICE.urn().toString());
        }

        @Test
        void plainCaWithoutConfiguredNamespacesVouchesForNobody() {
            TrustedRoots unconfigured = new TrustedRoots(List.of(LOCAL.caCertificate(), PLAIN.caCertificate()), clock);

            assertRefused(() -> unconfigured.identify(PLAIN.issueUser("erin").chainArray()), GeniCode.FORBIDDEN,
                    "vouches for nobody");
        }

        @Test
        void configuredNamespacesReplaceThoseOfARootsUrn() throws GeniException {
            TrustedRoots narrowed = new TrustedRoots(List.of(LOCAL.caCertificate()),
                    Map.of(LOCAL.caCertificate(), List.of("edgefed:local:lab")), clock);

            assertRefused(() -> narrowed.identify(ALICE.chainArray()), GeniCode.FORBIDDEN, "edgefed:local:lab");
            assertThat(narrowed.identify(LOCAL.issue(GeniUrn.of("edgefed:local:lab", "user", "dave")).chainArray())
                    .urn().name()).isEqualTo("dave");
        }
    }

    @Nested
    class Credentials {

        @Test
        void anotherRootsSliceAuthorityForALocalSliceIsRefusedWithCode23NamingBothUrns() {
            LocalAuthority rogueSa = PARTNER.subAuthority("edgefed:local");
            String forged = rogueSa.sliceCredential(ALICE, SLICE, IN_AN_HOUR);

            assertRefused(() -> verifier.authorize(alice(), sfa(forged), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, LOCAL_SA.toString());
            assertRefused(() -> verifier.authorize(alice(), sfa(forged), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, PARTNER_SA.toString());
        }

        @Test
        void aLocalSlicesCredentialOwnedByAForgedUserIsRefused() {
            IssuedIdentity forgedBob = PARTNER.issue(GeniUrn.of("edgefed:local", "user", "bob"));
            String cred = LOCAL.sliceCredential(forgedBob, SLICE, IN_AN_HOUR);

            assertRefused(() -> verifier.authorize(alice(), sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "owner of credential");
        }

        @Test
        void aForgedTargetCertificateIsRefused() {
            // The partner root signs the credential and issues the slice GID, both for a local slice.
            String cred = PARTNER.sliceCredential(ALICE, SLICE, IN_AN_HOUR);

            assertRefused(() -> verifier.authorize(alice(), sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, SLICE.toString());
        }

        @Test
        void delegationToAForgedUserIsRefused() {
            IssuedIdentity forgedBob = PARTNER.issue(GeniUrn.of("edgefed:local", "user", "bob"));
            String delegated = LOCAL.delegate(LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR), ALICE, forgedBob,
                    IN_AN_HOUR.minusSeconds(60), "embed");

            assertRefused(() -> verifier.authorize(alice(), sfa(delegated), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, PARTNER_SA.toString());
        }

        @Test
        void delegationSignedByAForgedParentOwnerIsRefused() {
            // Same URN as alice, other root: signs "as alice" a delegation of her real credential.
            IssuedIdentity forgedAlice = PARTNER.issue(ALICE.urn());
            IssuedIdentity carol = PARTNER.issueUser("carol");
            String delegated = LOCAL.delegate(LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR), forgedAlice, carol,
                    IN_AN_HOUR.minusSeconds(60), "embed");

            assertThatThrownBy(() -> verifier.authorize(roots.identify(carol.chainArray()), sfa(delegated), SLICE,
                    Privileges.ALLOCATE, Map.of(), clock.instant())).isInstanceOfSatisfying(GeniException.class,
                    e -> assertThat(e.code()).isIn(GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, GeniCode.CREDENTIAL_INVALID));
        }

        @Test
        void speaksForSignedByAForgedUserIsRefused() throws GeniException {
            IssuedIdentity forgedAlice = PARTNER.issue(ALICE.urn());
            Object[] creds = {SpeaksForTest.sfa(LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR)),
                    SpeaksForTest.abac(LOCAL.speaksForCredential(forgedAlice, PORTAL, IN_AN_HOUR))};
            CallerIdentity portal = roots.identify(PORTAL.chainArray());

            assertRefused(() -> verifier.authorize(portal, creds, SLICE, Privileges.ALLOCATE,
                    SpeaksForTest.speakingFor(ALICE), clock.instant()), GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, PARTNER_SA.toString());
        }

        @Test
        void subAuthoritySliceCredentialThroughAnIntermediateIsAccepted() throws GeniException {
            LocalAuthority lab = LOCAL.subAuthority("edgefed:local:lab");
            IssuedIdentity dave = lab.issueUser("dave");
            GeniUrn labSlice = GeniUrn.of("edgefed:local:lab", "slice", "exp");

            Authorization a = verifier.authorize(roots.identify(dave.chainArray()),
                    sfa(lab.sliceCredential(dave, labSlice, IN_AN_HOUR)), labSlice, Privileges.ALLOCATE, Map.of(), clock.instant());

            assertThat(a.target()).isEqualTo(labSlice);
        }

        @Test
        void subAuthorityMayNotGrantRightsOverItsParentsSlices() {
            LocalAuthority lab = LOCAL.subAuthority("edgefed:local:lab");
            String cred = lab.sliceCredential(ALICE, SLICE, IN_AN_HOUR);

            assertRefused(() -> verifier.authorize(alice(), sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, GeniUrn.of("edgefed:local:lab", "authority", "sa").toString());
        }

        @Test
        void plainCaSliceAuthorityIsTrustedForItsConfiguredNamespace() throws GeniException {
            LocalAuthority plainSa = PLAIN.subAuthority("plain:lab");
            IssuedIdentity erin = plainSa.issueUser("erin");
            GeniUrn slice = GeniUrn.of("plain:lab", "slice", "s1");

            Authorization a = verifier.authorize(roots.identify(erin.chainArray()),
                    sfa(plainSa.sliceCredential(erin, slice, IN_AN_HOUR)), slice, Privileges.ALLOCATE, Map.of(), clock.instant());

            assertThat(a.user()).isEqualTo(erin.urn());
        }

        @Test
        void plainCaSigningDirectlySpeaksForItsConfiguredNamespaceOnly() throws GeniException {
            IssuedIdentity erin = PLAIN.issueUser("erin");
            GeniUrn own = GeniUrn.of("plain:lab", "slice", "s1");

            assertThat(verifier.authorize(roots.identify(erin.chainArray()),
                    sfa(PLAIN.sliceCredential(erin, own, IN_AN_HOUR)), own, Privileges.ALLOCATE, Map.of(), clock.instant()).target())
                    .isEqualTo(own);
            assertRefused(() -> verifier.authorize(alice(), sfa(PLAIN.sliceCredential(ALICE, SLICE, IN_AN_HOUR)),
                    SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()), GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "plain:lab");
        }

        @Test
        void usersOfOneRootMayHoldSliceCredentialsOfAnother() throws GeniException {
            // Federation as intended: the local slice authority lets a partner user into a local slice.
            IssuedIdentity carol = PARTNER.issueUser("carol");

            Authorization a = verifier.authorize(roots.identify(carol.chainArray()),
                    sfa(LOCAL.sliceCredential(carol, SLICE, IN_AN_HOUR)), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant());

            assertThat(a.user()).isEqualTo(carol.urn());
        }

        private CallerIdentity alice() throws GeniException {
            return roots.identify(ALICE.chainArray());
        }
    }

    @Nested
    class Configuration {

        @Test
        void twoRootsClaimingOneNamespaceAreRefusedAtStartNamingBoth() {
            LocalAuthority second = LocalAuthority.create("EDGEFED:local", TEST_KEY_BITS);

            assertThatThrownBy(() -> new TrustedRoots(List.of(LOCAL.caCertificate(), second.caCertificate()), clock))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(LOCAL_SA.toString())
                    .hasMessageContaining(second.urn().toString())
                    .hasMessageContaining("both claim namespace");
        }

        @Test
        void aRootBelowAnotherRootsNamespaceIsRefusedAtStart() {
            LocalAuthority lab = LocalAuthority.create("edgefed:local:lab", TEST_KEY_BITS);

            assertThatThrownBy(() -> new TrustedRoots(List.of(LOCAL.caCertificate(), lab.caCertificate()), clock))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edgefed:local:lab");
        }

        @Test
        void aPlainCaConfiguredForAnotherRootsNamespaceIsRefusedAtStart() {
            assertThatThrownBy(() -> new TrustedRoots(List.of(PARTNER.caCertificate(), PLAIN.caCertificate()),
                    Map.of(PLAIN.caCertificate(), List.of("plain:lab", "partner:testbed:sub")), clock))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(PARTNER_SA.toString())
                    .hasMessageContaining("partner:testbed:sub");
        }

        @Test
        void theSameRootTwiceIsOneRoot() throws GeniException {
            TrustedRoots twice = new TrustedRoots(List.of(LOCAL.caCertificate(), LOCAL.caCertificate()), clock);

            assertThat(twice.roots()).hasSize(1);
            assertThat(twice.identify(ALICE.chainArray()).urn()).isEqualTo(ALICE.urn());
        }

        @Test
        void authoritiesConfigurationNamesPlainCaNamespacesFromItsFile(@TempDir Path dir) throws Exception {
            Path localRoots = dir.resolve("roots");
            LOCAL.save(localRoots);
            Path plainFile = dir.resolve("plain-ca.pem");
            Files.writeString(plainFile, Pem.encode(PLAIN.caCertificate()));

            TrustedRoots configured = new TrustedRoots(config(List.of(localRoots.toString()),
                    Map.of("lab", authority(plainFile.toString(), List.of("plain:lab")))), clock);

            assertThat(configured.roots()).containsExactlyInAnyOrder(LOCAL.caCertificate(), PLAIN.caCertificate());
            assertThat(configured.namespacesOf(PLAIN.caCertificate())).containsExactly("plain:lab");
            assertThat(configured.identify(PLAIN.issueUser("erin").chainArray()).urn().name()).isEqualTo("erin");
            assertThat(configured.identify(ALICE.chainArray()).urn()).isEqualTo(ALICE.urn());
        }

        @Test
        void authoritiesConfigurationThatOverlapsIsRefused(@TempDir Path dir) throws Exception {
            Path localRoots = dir.resolve("roots");
            LOCAL.save(localRoots);
            Path plainFile = dir.resolve("plain-ca.pem");
            Files.writeString(plainFile, Pem.encode(PLAIN.caCertificate()));

            assertThatThrownBy(() -> new TrustedRoots(config(List.of(localRoots.toString()),
                    Map.of("lab", authority(plainFile.toString(), List.of("edgefed")))), clock))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(LOCAL_SA.toString())
                    .hasMessageContaining("both claim namespace edgefed:local");
        }

        private AmConfig config(List<String> rootLocations, Map<String, AmConfig.Authority> authorities) {
            return new FixedConfig() {
                @Override
                public Trust trust() {
                    return new Trust() {
                        @Override
                        public Optional<List<String>> roots() {
                            return Optional.of(rootLocations);
                        }

                        @Override
                        public Map<String, AmConfig.Authority> authorities() {
                            return authorities;
                        }
                    };
                }
            };
        }

        private AmConfig.Authority authority(String root, List<String> namespaces) {
            return new AmConfig.Authority() {
                @Override
                public String root() {
                    return root;
                }

                @Override
                public List<String> namespaces() {
                    return namespaces;
                }
            };
        }
    }

    static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(TEST_KEY_BITS);
        return g.generateKeyPair();
    }

    /** A certificate issued by {@code issuer}, with {@code urn} (or none) in its subjectAltName. */
    static X509Certificate certificate(X509Certificate issuer, PrivateKey issuerKey, GeniUrn urn, KeyPair keys,
                                       boolean ca) throws Exception {
        return certificate(issuer, issuerKey, urn, keys, ca, null);
    }

    /** The same, declaring {@code subjectKeyIdentifier} (the extension's DER value, as the JDK returns it) if given. */
    static X509Certificate certificate(X509Certificate issuer, PrivateKey issuerKey, GeniUrn urn, KeyPair keys,
                                       boolean ca, byte[] subjectKeyIdentifier) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(NOW.minusSeconds(3600)), Date.from(NOW.plusSeconds(86_400)),
                new X500Principal("CN=" + (urn == null ? "plain intermediate" : urn.name()) + "-" + System.nanoTime()),
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (subjectKeyIdentifier != null) {
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(subjectKeyIdentifier).getOctets());
        }
        if (urn != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString())));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }
}
