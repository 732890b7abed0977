package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.authority.OwnerOnlyFile;
import io.edgefed.authority.SshKeyPair;
import io.edgefed.geni.GeniUrn;

/**
 * Everything a newcomer needs to book a sliver on the embedded testbed: a local certificate authority (kept across
 * runs so that trust set up once stays valid), a user {@code alice} with certificate and key, an ed25519 SSH key
 * pair for her (kept across runs too), her user credential and a slice credential for the slice {@code demo} (so
 * that omni needs no clearinghouse), the AM's TLS server certificate, an omni configuration and an example request
 * RSpec.
 */
record LocalBooking(Path authorityDir, Path caCertificate, Path userCertificate, Path userKey, Path userKeyAndCertificate,
        Path serverCertificate, Path serverKey, Path sliceCredential, Path userCredential, Path sshKey, Path sshPublicKey,
        Path omniConfig, Path requestRspec, GeniUrn user, GeniUrn slice) {

    static final String USER = "alice";
    static final String SLICE = "demo";
    private static final Duration CREDENTIAL_LIFETIME = Duration.ofDays(30);

    static LocalBooking prepare(EmbeddedSettings settings) throws IOException {
        Path dir = settings.dir().resolve("authority");
        LocalAuthority authority;
        if (Files.isDirectory(dir) && Files.exists(dir.resolve("ca-cert.pem"))) {
            authority = LocalAuthority.load(dir);
        } else {
            authority = LocalAuthority.create(EmbeddedSettings.AUTHORITY);
            authority.save(dir);
        }
        IssuedIdentity alice = authority.issueUser(USER);
        IssuedIdentity server = authority.issueServer(serverNames(settings));
        GeniUrn slice = GeniUrn.of(EmbeddedSettings.AUTHORITY, "slice", SLICE);
        String credential = authority.sliceCredential(alice, slice, Instant.now().plus(CREDENTIAL_LIFETIME), "*");

        Path userCert = writePublic(dir.resolve(USER + "-cert.pem"), alice.pem());
        Path userKey = writeSecret(dir.resolve(USER + "-key.pem"), alice.keyPem());
        Path userBoth = writeSecret(dir.resolve(USER + "-jfed.pem"), alice.keyAndCertificatePem());
        Path serverCert = writePublic(dir.resolve("am-cert.pem"), server.pem());
        Path serverKey = writeSecret(dir.resolve("am-key.pem"), server.keyPem());
        Path sliceCredential = writeSecret(dir.resolve(SLICE + "-slice-credential.xml"), credential);
        Path userCredential = writeSecret(dir.resolve(USER + "-user-credential.xml"),
                authority.userCredential(alice, Instant.now().plus(CREDENTIAL_LIFETIME)));
        Path sshKey = dir.resolve(USER + "_ed25519");
        SshKeyPair.writeOnce(sshKey, USER + "@edgefed-local");
        Path sshPublicKey = dir.resolve(USER + "_ed25519.pub");
        Path omniConfig = writePublic(settings.dir().resolve("omni_config"), omniConfig(alice.urn(), userCert, userKey, sshPublicKey));
        Path request = writePublic(settings.dir().resolve("request.rspec"), exampleRequest());
        return new LocalBooking(dir, dir.resolve("ca-cert.pem"), userCert, userKey, userBoth, serverCert, serverKey,
                sliceCredential, userCredential, sshKey, sshPublicKey, omniConfig, request, alice.urn(), slice);
    }

    private static Path writePublic(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static Path writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        OwnerOnlyFile.write(file, content);
        return file;
    }

    /** The names the AM's server certificate holds: the loopback ones, plus the address it listens on. */
    private static String[] serverNames(EmbeddedSettings settings) {
        String host = settings.reachableHost();
        return "localhost".equals(host) ? new String[] {"localhost", "127.0.0.1"} : new String[] {"localhost", "127.0.0.1", host};
    }

    private static String omniConfig(GeniUrn user, Path cert, Path key, Path sshPublicKey) {
        return """
                # omni configuration for the embedded edgefed testbed (written by edgefed-embedded).
                # No clearinghouse runs here: the printed commands name the AM with -a and pass alice's
                # credentials by file (--usercredfile, --slicecredfile), so omni never contacts the ch below.
                [omni]
                default_cf = edgefed
                users = %s

                [edgefed]
                type = gcf
                authority = %s
                ch = https://localhost:8001
                cert = %s
                key = %s

                [%s]
                urn = %s
                keys = %s
                """.formatted(USER, EmbeddedSettings.AUTHORITY, cert, key, USER, user, sshPublicKey);
    }

    private static String exampleRequest() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rspec type="request" xmlns="http://www.geni.net/resources/rspec/3"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xsi:schemaLocation="http://www.geni.net/resources/rspec/3 http://www.geni.net/resources/rspec/3/request.xsd">
                  <node client_id="node0" exclusive="false">
                    <sliver_type name="container"/>
                  </node>
                  <node client_id="pi0" exclusive="false" component_id="urn:publicid:IDN+%s+node+%s">
                    <sliver_type name="container"/>
                  </node>
                </rspec>
                """.formatted(EmbeddedSettings.AUTHORITY, ExampleNodes.HOME_NODE);
    }
}
