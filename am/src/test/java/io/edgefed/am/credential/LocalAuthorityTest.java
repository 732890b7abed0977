package io.edgefed.am.credential;

import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

import static org.assertj.core.api.Assertions.assertThat;

/** The local authority: certificates shaped like gcf's, saved keys private, credentials valid by the schema and xmlsec1. */
class LocalAuthorityTest {

    static final LocalAuthority AUTHORITY = LocalAuthority.create("edgefed:local", 1024);
    static final IssuedIdentity ALICE = AUTHORITY.issueUser("alice");
    static final GeniUrn SLICE = GeniUrn.of("edgefed:local", "slice", "exp1");
    static final Instant IN_AN_HOUR = Instant.now().plusSeconds(3600);

    @Test
    void userCertificateCarriesTheUrnAndChainsToTheAuthority() throws Exception {
        X509Certificate cert = ALICE.certificate();

        assertThat(ALICE.urn().toString()).isEqualTo("urn:publicid:IDN+edgefed:local+user+alice");
        assertThat(cert.getSubjectAlternativeNames()).anySatisfy(n -> assertThat(n.get(1)).isEqualTo(ALICE.urn().toString()));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        cert.verify(AUTHORITY.caCertificate().getPublicKey());
        assertThat(ALICE.chain()).containsExactly(cert, AUTHORITY.caCertificate());
        assertThat(AUTHORITY.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ALICE.pem()).startsWith("-----BEGIN CERTIFICATE-----").contains("-----END CERTIFICATE-----");
        assertThat(ALICE.keyAndCertificatePem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void serverCertificateNamesTheHostAndTheAm() throws Exception {
        IssuedIdentity server = AUTHORITY.issueServer("am.example.org", "127.0.0.1");

        assertThat(server.urn().toString()).isEqualTo("urn:publicid:IDN+edgefed:local+authority+am");
        List<String> names = server.certificate().getSubjectAlternativeNames().stream()
                .map(n -> n.get(0) + "=" + n.get(1)).toList();
        assertThat(names).contains("2=am.example.org", "7=127.0.0.1");
        assertThat(server.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void savedAuthorityKeepsItsKeyPrivateAndLoadsBack(@TempDir Path dir) throws Exception {
        AUTHORITY.save(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve("ca-key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        LocalAuthority loaded = LocalAuthority.load(dir);
        assertThat(loaded.caCertificate()).isEqualTo(AUTHORITY.caCertificate());
        assertThat(loaded.caKey().getEncoded()).isEqualTo(AUTHORITY.caKey().getEncoded());
        assertThat(loaded.authorityName()).isEqualTo("edgefed:local");

        // What the loaded authority signs verifies against the original's certificate.
        TrustedRoots roots = new TrustedRoots(List.of(AUTHORITY.caCertificate()), Clock.systemUTC());
        CredentialVerifier verifier = new CredentialVerifier(roots, 0, 16);
        IssuedIdentity bob = loaded.issueUser("bob");
        Authorization a = verifier.authorize(roots.identify(bob.chainArray()),
                new Object[] {Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value",
                        loaded.sliceCredential(bob, SLICE, IN_AN_HOUR))}, SLICE, Privileges.ALLOCATE, Map.of(), Instant.now());
        assertThat(a.user()).isEqualTo(bob.urn());
    }

    @Test
    void issuedCredentialsValidateAgainstTheCredentialSchema() throws Exception {
        Schema schema = credentialSchema();
        IssuedIdentity bob = AUTHORITY.issueUser("bob");
        String slice = AUTHORITY.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String delegated = AUTHORITY.delegate(slice, ALICE, bob, IN_AN_HOUR.minusSeconds(60), "control", "info");

        for (String cred : List.of(slice, delegated, AUTHORITY.userCredential(ALICE, IN_AN_HOUR))) {
            schema.newValidator().validate(new StreamSource(new StringReader(cred)));
        }
    }

    @Test
    void xmlsec1VerifiesIssuedCredentialsAsGcfWould(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/xmlsec1")),
                "xmlsec1 not installed (apt-get install xmlsec1); skipping the interoperability check");
        IssuedIdentity bob = AUTHORITY.issueUser("bob");
        String slice = AUTHORITY.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String delegated = AUTHORITY.delegate(slice, ALICE, bob, IN_AN_HOUR.minusSeconds(60), "control");
        Path root = dir.resolve("root.pem");
        Files.writeString(root, io.edgefed.geni.Pem.encode(AUTHORITY.caCertificate()));
        Path file = dir.resolve("cred.xml");
        Files.writeString(file, delegated);

        for (String node : List.of("Sig_ref0", "Sig_ref1")) {
            assertThat(xmlsec1Verify(file, root, node)).as("xmlsec1 --verify --node-id " + node).startsWith("OK");
        }
        Files.writeString(file, delegated.replace("<name>control</name>", "<name>embed</name>"));
        assertThat(xmlsec1Verify(file, root, "Sig_ref1")).doesNotStartWith("OK");
    }

    static String xmlsec1Verify(Path file, Path root, String nodeId) throws IOException, InterruptedException {
        // Our signatures carry Id="Sig_refN" (the JDK writes Id, gcf's template xml:id): tell xmlsec1 about Id.
        Process p = new ProcessBuilder("xmlsec1", "--verify", "--id-attr:Id", "Signature", "--node-id", nodeId,
                "--trusted-pem", root.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    static Schema credentialSchema() throws SAXException {
        Path xsd = sharedDir().resolve("geni/credential/credential.xsd");
        Assumptions.assumeTrue(Files.exists(xsd), "credential.xsd not found at " + xsd + "; skipping");
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f.newSchema(xsd.toFile());
    }

    static Path sharedDir() {
        String property = System.getProperty("edgefed.shared");
        if (property != null) {
            return Path.of(property);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.exists(d.resolve("am"))) {
                return d.resolveSibling("shared");
            }
        }
        return Path.of("../shared");
    }
}
