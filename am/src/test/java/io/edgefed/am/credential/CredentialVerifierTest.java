package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.authority.IssuedIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.edgefed.am.credential.TestAuthorities.ALICE;
import static io.edgefed.am.credential.TestAuthorities.BOB;
import static io.edgefed.am.credential.TestAuthorities.IN_AN_HOUR;
import static io.edgefed.am.credential.TestAuthorities.LOCAL;
import static io.edgefed.am.credential.TestAuthorities.MALLORY;
import static io.edgefed.am.credential.TestAuthorities.NOW;
import static io.edgefed.am.credential.TestAuthorities.OTHER_SLICE;
import static io.edgefed.am.credential.TestAuthorities.PARTNER;
import static io.edgefed.am.credential.TestAuthorities.PARTNER_SLICE;
import static io.edgefed.am.credential.TestAuthorities.SLICE;
import static io.edgefed.am.credential.TestAuthorities.UNTRUSTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Slice credentials from a local authority: what is allowed, and each refusal with its geni_code. */
class CredentialVerifierTest {

    MutableClock clock;
    TrustedRoots roots;
    CredentialVerifier verifier;
    CallerIdentity alice;
    CallerIdentity bob;

    @BeforeEach
    void setUp() throws GeniException {
        clock = new MutableClock(NOW);
        roots = new TrustedRoots(TestAuthorities.trustedRoots(), clock);
        verifier = new CredentialVerifier(roots, 64, 16);
        alice = roots.identify(ALICE.chainArray());
        bob = roots.identify(BOB.chainArray());
    }

    @Test
    void sliceCredentialOfTheCallerAllowsAllocate() throws GeniException {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);

        Authorization a = verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(ALICE.urn());
        assertThat(a.target()).isEqualTo(SLICE);
        assertThat(a.expires()).isEqualTo(IN_AN_HOUR.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(a.privileges()).contains("*", "embed", "control", "info");
        assertThat(a.speaksFor()).isFalse();
    }

    @Test
    void starAllowsEveryAmMethodIncludingShutdown() throws GeniException {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR, "*");
        for (String p : List.of(Privileges.ALLOCATE, Privileges.RENEW, Privileges.DELETE, Privileges.STATUS,
                Privileges.SHUTDOWN)) {
            assertThat(verifier.authorize(alice, sfa(cred), SLICE, p, Map.of(), clock.instant()).user()).isEqualTo(ALICE.urn());
        }
    }

    @Test
    void rsaSha256CredentialIsAcceptedToo() throws GeniException {
        String cred = LOCAL.signingWithSha256().sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        assertThat(cred).contains("rsa-sha256");

        assertThat(verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()).target())
                .isEqualTo(SLICE);
    }

    @Test
    void credentialFromAPartnerAuthorityIsAcceptedForItsOwnSlices() throws GeniException {
        IssuedIdentity carol = PARTNER.issueUser("carol");
        CallerIdentity caller = roots.identify(carol.chainArray());

        Authorization a = verifier.authorize(caller, sfa(PARTNER.sliceCredential(carol, PARTNER_SLICE, IN_AN_HOUR)),
                PARTNER_SLICE, Privileges.STATUS, Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(carol.urn());
    }

    @Test
    void tamperedCredentialIsRefusedWithCode20() {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR, "info");
        String tampered = cred.replace("<name>info</name>", "<name>embed</name>");

        assertRefused(() -> verifier.authorize(alice, sfa(tampered), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "altered");
    }

    @Test
    void expiredCredentialIsRefusedWithCode15() {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, NOW.minusSeconds(5));

        assertRefused(() -> verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.EXPIRED, "ask your authority for a new slice credential");
    }

    @Test
    void credentialOfAnotherUserIsRefusedWithCode22() {
        String bobs = LOCAL.sliceCredential(BOB, SLICE, IN_AN_HOUR);

        assertRefused(() -> verifier.authorize(alice, sfa(bobs), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "belongs to " + BOB.urn());
    }

    @Test
    void credentialForAnotherSliceIsRefusedWithCode22() {
        String cred = LOCAL.sliceCredential(ALICE, OTHER_SLICE, IN_AN_HOUR);

        assertRefused(() -> verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "not for " + SLICE);
    }

    @Test
    void credentialWithoutTheMethodsPrivilegeIsRefusedWithCode3() {
        String infoOnly = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR, "info");

        assertRefused(() -> verifier.authorize(alice, sfa(infoOnly), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.FORBIDDEN, "createsliver");
    }

    @Test
    void controlDoesNotAllowShutdown() {
        String control = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR, "control");

        assertRefused(() -> verifier.authorize(alice, sfa(control), SLICE, Privileges.SHUTDOWN, Map.of(), clock.instant()),
                GeniCode.FORBIDDEN, "shutdown");
    }

    @Test
    void credentialFromAnUntrustedAuthorityIsRefusedWithCode23() {
        String forged = UNTRUSTED.sliceCredential(ALICE, SLICE, IN_AN_HOUR);

        assertRefused(() -> verifier.authorize(alice, sfa(forged), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "not trusted");
    }

    @Test
    void trustedAuthorityThatIsNotAuthorityOverTheSliceIsRefusedWithCode23() throws GeniException {
        // PARTNER is trusted, but only for partner:testbed; here it grants rights on a slice of edgefed:local (and
        // issued that slice's certificate, which is refused first).
        IssuedIdentity carol = PARTNER.issueUser("carol");
        CallerIdentity caller = roots.identify(carol.chainArray());
        String overreach = PARTNER.sliceCredential(carol, SLICE, IN_AN_HOUR);

        assertRefused(() -> verifier.authorize(caller, sfa(overreach), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "may not vouch for edgefed:local");
    }

    @Test
    void delegatedCredentialNarrowingPrivilegesIsAccepted() throws GeniException {
        String alices = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String toBob = LOCAL.delegate(alices, ALICE, BOB, NOW.plusSeconds(600), "control", "info");

        Authorization a = verifier.authorize(bob, sfa(toBob), SLICE, Privileges.STATUS, Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(BOB.urn());
        assertThat(a.privileges()).containsExactlyInAnyOrder("control", "info");
    }

    @Test
    void twoLevelDelegationIsAccepted() throws GeniException {
        IssuedIdentity carol = LOCAL.issueUser("carol");
        String alices = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String toBob = LOCAL.delegate(alices, ALICE, BOB, NOW.plusSeconds(900), "control", "info");
        String toCarol = LOCAL.delegate(toBob, BOB, carol, NOW.plusSeconds(600), "control");

        Authorization a = verifier.authorize(roots.identify(carol.chainArray()), sfa(toCarol), SLICE,
                Privileges.DELETE, Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(carol.urn());
    }

    @Test
    void delegationThatWidensPrivilegesIsRefusedWithCode20() {
        String infoOnly = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR, "info");
        String widened = LOCAL.delegate(infoOnly, ALICE, BOB, NOW.plusSeconds(600), "info", "embed");

        assertRefused(() -> verifier.authorize(bob, sfa(widened), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "claims privilege 'embed'");
    }

    @Test
    void delegationThatExtendsTheExpiryIsRefusedWithCode20() {
        String alices = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String extended = LOCAL.delegate(alices, ALICE, BOB, IN_AN_HOUR.plusSeconds(3600), "control");

        assertRefused(() -> verifier.authorize(bob, sfa(extended), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "can only shorten");
    }

    @Test
    void delegationSignedByAnotherThanTheParentsOwnerIsRefusedWithCode20() {
        String alices = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        // Bob takes alice's credential and delegates it to himself.
        String stolen = LOCAL.delegate(alices, BOB, BOB, NOW.plusSeconds(600), "control");

        assertRefused(() -> verifier.authorize(bob, sfa(stolen), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "only the owner of its parent");
    }

    @Test
    void nonDelegatableUserCredentialCannotBeDelegated() {
        String user = LOCAL.userCredential(ALICE, IN_AN_HOUR);
        String delegated = LOCAL.delegate(user, ALICE, BOB, NOW.plusSeconds(600), "info");

        assertRefused(() -> verifier.authorizeAny(bob, sfa(delegated), Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "does not grant as delegatable");
    }

    @Test
    void listResourcesAcceptsAUserCredential() throws GeniException {
        Authorization a = verifier.authorizeAny(alice, sfa(LOCAL.userCredential(ALICE, IN_AN_HOUR)), Map.of(), clock.instant());

        assertThat(a.target()).isEqualTo(ALICE.urn());
    }

    @Test
    void listResourcesRefusesWithoutCredentialsWithCode3() {
        assertRefused(() -> verifier.authorizeAny(alice, new Object[0], Map.of(), clock.instant()), GeniCode.FORBIDDEN,
                "no geni_sfa credential");
    }

    @Test
    void listResourcesRefusesAnotherUsersCredentialWithCode22() {
        assertRefused(() -> verifier.authorizeAny(alice, sfa(LOCAL.userCredential(BOB, IN_AN_HOUR)), Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "belongs to");
    }

    @Test
    void unknownCredentialTypesAreIgnored() throws GeniException {
        Object[] creds = {Map.of("geni_type", "ProtoGENI", "geni_version", "1", "geni_value", "<junk/>"),
                sfa(LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR))[0]};

        assertThat(verifier.authorize(alice, creds, SLICE, Privileges.STATUS, Map.of(), clock.instant()).user())
                .isEqualTo(ALICE.urn());
    }

    @Test
    void validSliceCredentialBesideAUserCredentialWins() throws GeniException {
        Object[] jfedStyle = sfa(LOCAL.userCredential(ALICE, IN_AN_HOUR), LOCAL.sliceCredential(ALICE, SLICE,
                IN_AN_HOUR));

        assertThat(verifier.authorize(alice, jfedStyle, SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()).target())
                .isEqualTo(SLICE);
    }

    @Test
    void expiredSliceCredentialBesideAUserCredentialReportsTheExpiry() {
        Object[] jfedStyle = sfa(LOCAL.userCredential(ALICE, IN_AN_HOUR), LOCAL.sliceCredential(ALICE, SLICE,
                NOW.minusSeconds(1)));

        assertRefused(() -> verifier.authorize(alice, jfedStyle, SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.EXPIRED, "expired");
    }

    @Test
    void malformedCredentialsArgumentIsBadArgs() {
        assertRefused(() -> verifier.authorize(alice, new Object[] {42}, SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.BADARGS, "struct");
        assertRefused(() -> verifier.authorize(alice, null, SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.BADARGS, "array");
    }

    @Test
    void notXmlAndDoctypePayloadsAreRefusedWithCode20() {
        assertRefused(() -> verifier.authorize(alice, sfa("not xml"), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "not well-formed");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<signed-credential>&e;</signed-credential>";
        assertRefused(() -> verifier.authorize(alice, sfa(xxe), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "DOCTYPE");
        String huge = "<signed-credential>" + "x".repeat(SignedCredential.MAX_CHARS) + "</signed-credential>";
        assertRefused(() -> verifier.authorize(alice, sfa(huge), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "exceeds the limit");
    }

    @Test
    void credentialWhoseOwnerCertificateIsUntrustedIsRefusedWithCode23() {
        // Signed by the trusted authority, but issued to a certificate from the untrusted one.
        String cred = LOCAL.sliceCredential(MALLORY, SLICE, IN_AN_HOUR);

        assertRefused(() -> verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "owner of credential");
    }

    @Test
    void cacheServesARepeatedCredential() throws GeniException {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);

        verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant());
        verifier.authorize(alice, sfa(cred), SLICE, Privileges.STATUS, Map.of(), clock.instant());
        verifier.authorize(alice, sfa(cred), SLICE, Privileges.RENEW, Map.of(), clock.instant());

        assertThat(verifier.cache().misses()).isEqualTo(1);
        assertThat(verifier.cache().hits()).isEqualTo(2);
    }

    @Test
    void cachedCredentialStillChecksTheCallerTargetAndPrivilege() throws GeniException {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR, "info");
        assertRefused(() -> verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.FORBIDDEN, "createsliver");

        assertRefused(() -> verifier.authorize(bob, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_MISMATCH, "belongs to");
        assertThat(verifier.cache().hits()).isEqualTo(1);
    }

    @Test
    void expiredCacheEntryIsNotUsed() throws GeniException {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, NOW.plusSeconds(60));
        verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant());
        assertThat(verifier.cache().size()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));

        assertRefused(() -> verifier.authorize(alice, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.EXPIRED, "expired");
        assertThat(verifier.cache().hits()).isZero();
        assertThat(verifier.cache().misses()).isEqualTo(2);
        assertThat(verifier.cache().size()).isZero();
    }

    @Test
    void refusedCredentialsAreNotCached() {
        String forged = UNTRUSTED.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        for (int i = 0; i < 2; i++) {
            assertRefused(() -> verifier.authorize(alice, sfa(forged), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                    GeniCode.CREDENTIAL_SIGNER_UNTRUSTED, "not trusted");
        }
        assertThat(verifier.cache().size()).isZero();
    }

    @Test
    void credentialStatingAnotherUrnThanItsCertificateIsRefusedWithCode20() {
        // Re-signing is impossible for an attacker; the URN check is made at parse time, before signatures.
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR)
                .replace("<owner_urn>" + ALICE.urn() + "</owner_urn>", "<owner_urn>" + BOB.urn() + "</owner_urn>");

        assertRefused(() -> verifier.authorize(bob, sfa(cred), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()),
                GeniCode.CREDENTIAL_INVALID, "differs from the URN of its certificate");
    }

    @Test
    void signerChainListedIssuerFirstIsStillFound() throws GeniException {
        String alices = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String toBob = LOCAL.delegate(alices, ALICE, BOB, NOW.plusSeconds(600), "control");
        // Swap the two certificates of alice's signature (the last X509Data): KeyInfo is not signed.
        int data = toBob.lastIndexOf("<X509Data>");
        String keyInfo = toBob.substring(data, toBob.indexOf("</X509Data>", data));
        String[] certs = keyInfo.split("</X509Certificate>");
        String swapped = keyInfo.replace(certs[0].substring(certs[0].indexOf("<X509Certificate>")), "@@")
                .replace(certs[1].substring(certs[1].indexOf("<X509Certificate>")),
                        certs[0].substring(certs[0].indexOf("<X509Certificate>")))
                .replace("@@", certs[1].substring(certs[1].indexOf("<X509Certificate>")));
        assertThat(swapped).isNotEqualTo(keyInfo);

        Authorization a = verifier.authorize(bob, sfa(toBob.replace(keyInfo, swapped)), SLICE, Privileges.STATUS,
                Map.of(), clock.instant());

        assertThat(a.user()).isEqualTo(BOB.urn());
    }

    @Test
    void deeplyNestedOrGarbledCredentialsAreRefusedWithCode20InPlainWords() {
        String cred = LOCAL.sliceCredential(ALICE, SLICE, IN_AN_HOUR);
        String deep = cred.replace("<privileges>", "<privileges>" + "<x>".repeat(20_000) + "</x>".repeat(20_000));
        String badCert = cred.replaceFirst("<X509Certificate>[A-Za-z0-9+/]{10}", "<X509Certificate>AAAA!!!!AA");
        String badSignature = cred.replaceFirst("<SignatureValue>[^<]+</SignatureValue>", "<SignatureValue>AAAA</SignatureValue>");

        for (String bad : List.of(deep, badCert, badSignature)) {
            assertThatThrownBy(() -> verifier.authorize(alice, sfa(bad), SLICE, Privileges.ALLOCATE, Map.of(), clock.instant()))
                    .isInstanceOfSatisfying(GeniException.class, e -> {
                        assertThat(e.code()).as(e.getMessage()).isEqualTo(GeniCode.CREDENTIAL_INVALID);
                        assertThat(io.edgefed.am.geni.GeniReply.error(e).get("output").toString())
                                .doesNotContainPattern("java\\.|javax\\.|Exception");
                    });
        }
    }

    static Object[] sfa(String... values) {
        return OmniWireCredentialsTest.sfa(values);
    }

    static void assertRefused(ThrowingCallable call, GeniCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GeniException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
