package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.edgefed.am.credential.CredentialVerifierTest.assertRefused;
import static io.edgefed.am.credential.TestAuthorities.ALICE;
import static io.edgefed.am.credential.TestAuthorities.LOCAL;
import static io.edgefed.am.credential.TestAuthorities.MALLORY;
import static io.edgefed.am.credential.TestAuthorities.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Authenticating TLS callers: chain to a trusted root, URN from the subjectAltName; refusals are 3 FORBIDDEN. */
class TrustedRootsTest {

    final TrustedRoots roots = new TrustedRoots(TestAuthorities.trustedRoots(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void userCertificateWithItsChainIdentifiesTheUser() throws GeniException {
        CallerIdentity caller = roots.identify(ALICE.chainArray());

        assertThat(caller.urn()).isEqualTo(ALICE.urn());
        assertThat(caller.chain()).containsExactly(ALICE.certificate(), LOCAL.caCertificate());
    }

    @Test
    void leafAloneIsEnoughWhenItsIssuerIsARoot() throws GeniException {
        assertThat(roots.identify(new X509Certificate[] {ALICE.certificate()}).urn()).isEqualTo(ALICE.urn());
    }

    @Test
    void certificateFromAnUntrustedAuthorityIsRefusedWithCode3() {
        assertRefused(() -> roots.identify(MALLORY.chainArray()), GeniCode.FORBIDDEN, "is not trusted");
    }

    @Test
    void noCertificateIsRefusedWithCode3() {
        assertRefused(() -> roots.identify(new X509Certificate[0]), GeniCode.FORBIDDEN, "no client certificate");
        assertRefused(() -> roots.identify(null), GeniCode.FORBIDDEN, "no client certificate");
    }

    @Test
    void certificateWithoutUrnIsRefusedWithCode3() throws Exception {
        // Issued by the trusted authority, but with only a DNS name: no caller URN to act as.
        X509Certificate noUrn = withoutUrn(LOCAL);

        assertRefused(() -> roots.identify(new X509Certificate[] {noUrn, LOCAL.caCertificate()}), GeniCode.FORBIDDEN,
                "has no urn:publicid");
    }

    static X509Certificate withoutUrn(LocalAuthority ca) throws Exception {
        var keys = java.security.KeyPairGenerator.getInstance("RSA");
        keys.initialize(1024);
        var pair = keys.generateKeyPair();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(ca.caCertificate(),
                java.math.BigInteger.TEN, java.util.Date.from(NOW.minusSeconds(3600)),
                java.util.Date.from(NOW.plusSeconds(3600)), new javax.security.auth.x500.X500Principal("CN=plain"),
                pair.getPublic())
                .addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                                org.bouncycastle.asn1.x509.GeneralName.dNSName, "plain.example.org")));
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(ca.caKey())));
    }

    @Test
    void expiredCertificateIsRefusedWithCode3SayingWhen() {
        TrustedRoots later = new TrustedRoots(TestAuthorities.trustedRoots(),
                Clock.fixed(ALICE.certificate().getNotAfter().toInstant().plusSeconds(1), ZoneOffset.UTC));

        assertRefused(() -> later.identify(ALICE.chainArray()), GeniCode.FORBIDDEN, "expired at");
    }

    @Test
    void fed4fireLikeCertificateWithAiaOidArcAbove2To32IsAccepted() throws Exception {
        IssuedIdentity f4f = LOCAL.issueUserWithLargeOidAia("f4fuser");
        // The extension is really there, with the large arc, as the JDK parsed it.
        assertThat(f4f.certificate().getExtensionValue("1.3.6.1.5.5.7.1.1")).isNotNull();
        X509Certificate reparsed = Pem.certificates(f4f.pem()).get(0);
        assertThat(new String(reparsed.getExtensionValue("1.3.6.1.5.5.7.1.1"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isNotEmpty();
        assertThat(org.bouncycastle.asn1.x509.AuthorityInformationAccess.fromExtensions(
                new org.bouncycastle.cert.X509CertificateHolder(reparsed.getEncoded()).getExtensions())
                .getAccessDescriptions()[0].getAccessMethod().getId()).contains("4294967301");

        CallerIdentity caller = roots.identify(Pem.certificates(f4f.pem()).toArray(new X509Certificate[0]));

        assertThat(caller.urn()).isEqualTo(f4f.urn());
    }

    @Test
    void rootsLoadFromFilesAndDirectoriesOfPem(@TempDir Path dir) throws Exception {
        LOCAL.save(dir.resolve("local"));
        Path file = dir.resolve("partner.pem");
        Files.writeString(file, Pem.encode(TestAuthorities.PARTNER.caCertificate()));
        Files.writeString(dir.resolve("local/README.txt"), "not a certificate");

        TrustedRoots loaded = new TrustedRoots(Optional.of(List.of(dir.resolve("local").toString(), file.toString())),
                Clock.fixed(NOW, ZoneOffset.UTC));

        // The directory holds ca-cert.pem and ca-key.pem; only certificates count, the key file has none.
        assertThat(loaded.roots()).containsExactlyInAnyOrder(LOCAL.caCertificate(),
                TestAuthorities.PARTNER.caCertificate());
    }

    @Test
    void recordedFed4fireRootParses() throws Exception {
        Path root = SharedGeniData.shared().resolve("geni/fed4fire-ilabt.imec.be-root.pem");
        TrustedRoots f4f = new TrustedRoots(Optional.of(List.of(root.toString())), Clock.fixed(Instant.now(),
                ZoneOffset.UTC));

        assertThat(f4f.roots()).hasSize(1);
        assertThat(CertificateNames.urn(f4f.roots().get(0))).hasValueSatisfying(
                u -> assertThat(u.toString()).isEqualTo("urn:publicid:IDN+ilabt.imec.be+authority+ca"));
        // An authority root: it speaks for ilabt.imec.be and its projects (ilabt.imec.be:<project>), nobody else.
        assertThat(f4f.namespacesOf(f4f.roots().get(0))).containsExactly("ilabt.imec.be");
    }
}
