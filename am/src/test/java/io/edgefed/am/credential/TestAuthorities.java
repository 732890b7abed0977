package io.edgefed.am.credential;

import io.edgefed.authority.IssuedIdentity;
import io.edgefed.authority.LocalAuthority;
import io.edgefed.geni.GeniUrn;
import java.time.Instant;
import java.util.List;

/**
 * Authorities and identities made once per test run (RSA key generation is the slow part): the trusted local
 * authority {@code edgefed:local} with users alice and bob and a portal tool, a second trusted authority
 * {@code partner:testbed}, and an authority nobody trusts.
 */
final class TestAuthorities {

    /** RSA 1024 keeps key generation at ~40 ms instead of up to seconds; the omni-wire tests cover 2048-bit keys. */
    static final int TEST_KEY_BITS = 1024;

    static final LocalAuthority LOCAL = LocalAuthority.create("edgefed:local", TEST_KEY_BITS);
    static final LocalAuthority PARTNER = LocalAuthority.create("partner:testbed", TEST_KEY_BITS);
    static final LocalAuthority UNTRUSTED = LocalAuthority.create("edgefed:local", TEST_KEY_BITS);

    static final IssuedIdentity ALICE = LOCAL.issueUser("alice");
    static final IssuedIdentity BOB = LOCAL.issueUser("bob");
    static final IssuedIdentity PORTAL = LOCAL.issue("tool", "portal");
    static final IssuedIdentity OTHER_TOOL = LOCAL.issue("tool", "other");
    static final IssuedIdentity MALLORY = UNTRUSTED.issueUser("alice");

    static final GeniUrn SLICE = GeniUrn.of("edgefed:local", "slice", "exp1");
    static final GeniUrn OTHER_SLICE = GeniUrn.of("edgefed:local", "slice", "exp2");
    static final GeniUrn PARTNER_SLICE = GeniUrn.of("partner:testbed", "slice", "theirs");

    /** "now" in the tests: certificates are valid (issued a day back), credentials expire an hour later. */
    static final Instant NOW = Instant.now().plusSeconds(60);
    static final Instant IN_AN_HOUR = NOW.plusSeconds(3600);

    private TestAuthorities() {
    }

    static List<java.security.cert.X509Certificate> trustedRoots() {
        return List.of(LOCAL.caCertificate(), PARTNER.caCertificate());
    }
}
