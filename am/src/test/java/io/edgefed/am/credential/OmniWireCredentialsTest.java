package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real credentials of the recorded omni session (geni-tools clearinghouse, rsa-sha1) verify in-process against the
 * recorded trust root, with the clock fixed before they expire (2026-11-27T08:58:35Z).
 */
class OmniWireCredentialsTest {

    static final Instant DURING_SESSION = Instant.parse("2026-11-27T08:30:00Z");
    static final Instant SLICE_CREDENTIAL_EXPIRY = Instant.parse("2026-11-27T08:58:35Z");
    static final GeniUrn ALICE = GeniUrn.parse("urn:publicid:IDN+geni:gpo:gcf+user+alice");

    MutableClock clock;
    TrustedRoots roots;
    CredentialVerifier verifier;
    CallerIdentity alice;
    GeniUrn slice;

    @BeforeEach
    void setUp() throws Exception {
        Path wire = SharedGeniData.omniWire();
        clock = new MutableClock(DURING_SESSION);
        roots = new TrustedRoots(SharedGeniData.certificates(wire.resolve("trusted-root-ch-cert.pem")), clock);
        verifier = new CredentialVerifier(roots, 16, 16);
        alice = roots.identify(SharedGeniData.certificates(wire.resolve("client-alice-cert.pem"))
                .toArray(new X509Certificate[0]));
        slice = GeniUrn.parse(SharedGeniData.firstStringParam("04-request.xml"));
    }

    @Test
    void theRecordedClientCertificateIdentifiesAlice() {
        assertThat(alice.urn()).isEqualTo(ALICE);
        assertThat(alice.chain()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} ({1}) allows {2}")
    @CsvSource({
            "04-request.xml, Allocate, createsliver",
            "05-request.xml, Provision, createsliver",
            "06-request.xml, Status, getsliceresources",
            "07-request.xml, PerformOperationalAction, createsliver",
            "08-request.xml, Describe, getsliceresources",
            "09-request.xml, Renew, renewsliver",
            "10-request.xml, Delete, deleteslice"})
    void recordedSliceCredentialAllowsEachMethod(String file, String method, String privilege) throws Exception {
        Authorization a = verifier.authorize(alice, credentials(file), slice, privilege, Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(ALICE);
        assertThat(a.target()).isEqualTo(slice);
        assertThat(a.expires()).isEqualTo(SLICE_CREDENTIAL_EXPIRY);
        assertThat(a.privileges()).contains("embed", "control");
        assertThat(a.speaksFor()).isFalse();
    }

    @Test
    void recordedUserCredentialIsEnoughForListResources() throws Exception {
        Authorization a = verifier.authorizeAny(alice, credentials("03-request.xml"), Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(ALICE);
        assertThat(a.target()).isEqualTo(ALICE);
        assertThat(a.privileges()).containsExactlyInAnyOrder("refresh", "resolve", "info");
    }

    @Test
    void recordedUserCredentialDoesNotAllowAllocate() throws Exception {
        assertThatThrownBy(() -> verifier.authorize(alice, credentials("03-request.xml"), slice, Privileges.ALLOCATE,
                Map.of(), clock.instant()))
                .isInstanceOfSatisfying(GeniException.class,
                        e -> assertThat(e.code()).isEqualTo(GeniCode.CREDENTIAL_MISMATCH));
    }

    @Test
    void recordedSliceCredentialIsRefusedWithCode15OnceExpired() throws Exception {
        clock.set(SLICE_CREDENTIAL_EXPIRY.plusSeconds(1));

        assertThatThrownBy(() -> verifier.authorize(alice, credentials("04-request.xml"), slice, Privileges.ALLOCATE,
                Map.of(), clock.instant()))
                .isInstanceOfSatisfying(GeniException.class, e -> {
                    assertThat(e.code()).isEqualTo(GeniCode.EXPIRED);
                    assertThat(e.getMessage()).contains("expired at 2026-11-27T08:58:35Z", "ask your authority");
                });
    }

    @Test
    void tamperedRecordedCredentialIsRefusedWithCode20() throws Exception {
        String value = SharedGeniData.credentialValues("04-request.xml").get(0);
        String tampered = value.replace("<name>info</name>", "<name>sa</name>");
        assertThat(tampered).isNotEqualTo(value);

        assertThatThrownBy(() -> verifier.authorize(alice, sfa(tampered), slice, Privileges.ALLOCATE, Map.of(), clock.instant()))
                .isInstanceOfSatisfying(GeniException.class, e -> {
                    assertThat(e.code()).isEqualTo(GeniCode.CREDENTIAL_INVALID);
                    assertThat(e.getMessage()).contains("altered");
                });
    }

    @Test
    void recordedCredentialIsRefusedWithCode23WithoutItsTrustRoot() throws Exception {
        TrustedRoots otherRoots = new TrustedRoots(List.of(
                SharedGeniData.certificates(SharedGeniData.shared().resolve("geni/fed4fire-ilabt.imec.be-root.pem"))
                        .get(0)), clock);
        CredentialVerifier strict = new CredentialVerifier(otherRoots, 16, 16);

        assertThatThrownBy(() -> strict.authorize(alice, credentials("04-request.xml"), slice, Privileges.ALLOCATE,
                Map.of(), clock.instant()))
                .isInstanceOfSatisfying(GeniException.class,
                        e -> assertThat(e.code()).isEqualTo(GeniCode.CREDENTIAL_SIGNER_UNTRUSTED));
    }

    static Object[] credentials(String file) throws Exception {
        return SharedGeniData.credentialValues(file).stream()
                .map(v -> Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", v)).toArray();
    }

    static Object[] sfa(String... values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", values[i]);
        }
        return out;
    }
}
