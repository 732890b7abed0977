package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether the credentials of an AM call allow it (GENI credentials and speaks-for, see
 * groups.geni.net/geni/wiki/GeniApiCredentials and TIEDCredentials, as geni-tools'
 * {@code cred_util.CredentialVerifier}): at least one {@code geni_sfa} credential must be valid, owned by the caller
 * (or by the user the caller speaks for), target the slice of the call, and carry a privilege that allows the method.
 * Credentials of other types are ignored, except {@code geni_abac} speaks-for credentials when the option
 * {@code geni_speaking_for} is given. Everything is verified in-process with the JDK's XML-DSig API
 * ({@link SfaCredentialCheck}) on the {@link VerificationPool} (as many threads as cores); verified credentials are
 * cached by digest ({@link VerifiedCredentialCache}, {@code edgefed.am.credential.cache-size}, default 1024, 0
 * disables) until they or a certificate involved expire.
 *
 * <h2>Refusals and their {@code geni_code}</h2>
 * <table>
 * <caption>which refusal gives which code</caption>
 * <tr><th>refusal</th><th>code</th></tr>
 * <tr><td>more credentials than {@code edgefed.am.limits.credentials-per-call} (default 16); a signature whose KeyInfo
 *     carries more than {@code edgefed.am.limits.certificates-per-chain} (default 10) certificates</td><td>6 TOOBIG</td></tr>
 * <tr><td>an {@code <expires>} outside RFC 3339's years 0001-9999</td><td>19 OUTOFRANGE</td></tr>
 * <tr><td>credentials argument not an array of {geni_type, geni_version, geni_value} structs;
 *     {@code geni_speaking_for} not a URN</td><td>1 BADARGS</td></tr>
 * <tr><td>no {@code geni_sfa} credential at all; {@code geni_speaking_for} without any {@code geni_abac}
 *     credential</td><td>3 FORBIDDEN</td></tr>
 * <tr><td>valid credential for the right slice and owner, but no privilege allows the method</td>
 *     <td>3 FORBIDDEN</td></tr>
 * <tr><td>credential (or a parent, or the speaks-for credential) past its {@code expires}</td><td>15 EXPIRED (the
 *     issue's choice; 21 CREDENTIAL_EXPIRED is the later gcf addition and is not used)</td></tr>
 * <tr><td>not XML, too large, DOCTYPE, wrong shape, duplicate ids, missing signature, signature that does not verify
 *     (tampered), disallowed algorithm or transform, owner/target URN differing from its certificate</td>
 *     <td>20 CREDENTIAL_INVALID</td></tr>
 * <tr><td>delegation that widens privileges, passes on a non-delegatable one, extends the expiry, changes the
 *     target, or is signed by someone other than the parent's owner</td><td>20 CREDENTIAL_INVALID</td></tr>
 * <tr><td>speaks-for credential not signed by the user it names, malformed ABAC statement</td>
 *     <td>20 CREDENTIAL_INVALID</td></tr>
 * <tr><td>credential owned by another user than the caller (or the spoken-for user); credential for another
 *     slice; speaks-for credential from another user or for another tool</td><td>22 CREDENTIAL_MISMATCH</td></tr>
 * <tr><td>a signer, owner or target certificate that does not chain to a trusted root (or has expired), or whose chain
 *     holds too many certificates or needs too many path candidates ({@link PathLimits}); root signer that is not an
 *     authority over the target's namespace</td><td>23 CREDENTIAL_SIGNER_UNTRUSTED</td></tr>
 * <tr><td>a speaks-for tool whose subjectKeyIdentifier disagrees with its key ({@link KeyIds})</td>
 *     <td>22 CREDENTIAL_MISMATCH</td></tr>
 * </table>
 * When several credentials are given and none passes, the refusal reported is the most telling one: a refusal about a
 * credential for the call's slice (wrong owner, missing privilege) first, then one that failed verification, then a
 * credential for another target.
 */
@ApplicationScoped
public class CredentialVerifier {

    /** The option by which a tool says which user it acts for (the GENI speaks-for credentials, groups.geni.net/geni/wiki/TIEDCredentials). */
    public static final String SPEAKING_FOR = "geni_speaking_for";
    public static final String TYPE_SFA = "geni_sfa";
    public static final String TYPE_ABAC = "geni_abac";

    private final SfaCredentialCheck sfaCheck;
    private final SpeaksFor speaksFor;
    private final VerifiedCredentialCache cache;

    private final int maxCredentials;
    private final VerificationPool pool;

    @Inject
    public CredentialVerifier(TrustedRoots roots,
                              @ConfigProperty(name = "edgefed.am.credential.cache-size", defaultValue = "1024")
                              int cacheSize,
                              @ConfigProperty(name = "edgefed.am.limits.credentials-per-call", defaultValue = "16")
                              int maxCredentials, VerificationPool pool) {
        this.pool = pool;
        this.maxCredentials = maxCredentials;
        this.sfaCheck = new SfaCredentialCheck(roots);
        this.speaksFor = new SpeaksFor(roots);
        this.cache = new VerifiedCredentialCache(cacheSize);
    }

    /** A verifier that verifies on the calling thread (tests, benchmarks). */
    public CredentialVerifier(TrustedRoots roots, int cacheSize, int maxCredentials) {
        this(roots, cacheSize, maxCredentials, null);
    }

    /**
     * Authorizes {@code privilege} on {@code target}.
     *
     * @param caller      the authenticated TLS caller
     * @param credentials the XML-RPC credentials array: {@code Object[]} of {@code Map} {geni_type, geni_version,
     *                    geni_value} (a bare string is taken as a {@code geni_sfa} credential, the AM API v2 form)
     * @param target      the slice of the call (for sliver URNs: the slice that holds them)
     * @param privilege   the operation, a {@link Privileges} constant
     * @param options     the call's options; {@code geni_speaking_for} is read, may be null
     * @param now         the instant the call is judged at (the call's one clock reading)
     */
    public Authorization authorize(CallerIdentity caller, Object[] credentials, GeniUrn target, String privilege,
                                   Map<String, Object> options, Instant now) throws GeniException {
        return decide(caller, credentials, target, privilege, options, now);
    }

    /**
     * ListResources: at least one valid {@code geni_sfa} credential (any target, e.g. a user credential) owned by the
     * caller or by the user it speaks for.
     */
    public Authorization authorizeAny(CallerIdentity caller, Object[] credentials, Map<String, Object> options,
                                      Instant now) throws GeniException {
        return decide(caller, credentials, null, null, options, now);
    }

    /** The cache of verified credentials (its hit and miss counters show whether it works). */
    public VerifiedCredentialCache cache() {
        return cache;
    }

    private Authorization decide(CallerIdentity caller, Object[] credentials, GeniUrn target, String privilege,
                                 Map<String, Object> options, Instant now) throws GeniException {
        if (credentials != null && credentials.length > maxCredentials) {
            throw new GeniException(GeniCode.TOOBIG, "the call carries " + credentials.length + " credentials; pass at "
                    + "most " + maxCredentials + " (usually your slice credential is enough)");
        }
        List<TypedCredential> all = TypedCredential.list(credentials);
        Acting acting = acting(caller, all, options, now);
        List<String> sfa = all.stream().filter(c -> c.type().equals(TYPE_SFA)).map(TypedCredential::value).toList();
        if (sfa.isEmpty()) {
            throw new GeniException(GeniCode.FORBIDDEN, "no geni_sfa credential given; pass your "
                    + (target == null ? "user or slice" : "slice") + " credential (from your slice authority)");
        }
        Refusal refusal = new Refusal();
        for (String value : sfa) {
            VerifiedSfaCredential v;
            try {
                v = verified(value, now, VerifiedSfaCredential.class);
            } catch (GeniException e) {
                refusal.offer(e, Refusal.VERIFICATION);
                continue;
            }
            boolean forTarget = target == null || v.target().equals(target);
            if (!v.owner().equals(acting.user())) {
                refusal.offer(new GeniException(GeniCode.CREDENTIAL_MISMATCH, "the credential for " + v.target()
                        + " belongs to " + v.owner() + ", not to " + acting.user() + (acting.speaksFor()
                        ? " (the user your tool speaks for)" : " (your certificate)")
                        + "; pass a credential issued or delegated to you"), forTarget ? Refusal.ABOUT_TARGET
                        : Refusal.OTHER_TARGET);
                continue;
            }
            if (!forTarget) {
                refusal.offer(new GeniException(GeniCode.CREDENTIAL_MISMATCH, "the credential is for " + v.target()
                        + ", not for " + target + "; pass the slice credential of " + target), Refusal.OTHER_TARGET);
                continue;
            }
            if (privilege != null && !v.allows(privilege)) {
                refusal.offer(new GeniException(GeniCode.FORBIDDEN, "the credential for " + v.target()
                        + " grants " + names(v) + ", none of which allows '" + privilege
                        + "'; ask the slice's owner for a credential with that privilege"), Refusal.ABOUT_TARGET);
                continue;
            }
            return new Authorization(acting.user(), v.target(), v.expires(),
                    v.privileges().stream().map(Privilege::name).collect(Collectors.toSet()), acting.speaksFor());
        }
        throw refusal.best();
    }

    /** Who the call acts for: the TLS caller, or the user it validly speaks for. */
    private Acting acting(CallerIdentity caller, List<TypedCredential> all, Map<String, Object> options, Instant now)
            throws GeniException {
        Object named = options == null ? null : options.get(SPEAKING_FOR);
        if (named == null) {
            return new Acting(caller.urn(), false);
        }
        GeniUrn user;
        try {
            user = GeniUrn.parse(named instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw new GeniException(GeniCode.BADARGS, "option " + SPEAKING_FOR + ": " + e.getMessage());
        }
        if (user.equals(caller.urn())) {
            return new Acting(user, false);
        }
        List<String> abac = all.stream().filter(c -> c.type().equals(TYPE_ABAC)).map(TypedCredential::value).toList();
        if (abac.isEmpty()) {
            throw new GeniException(GeniCode.FORBIDDEN, "option " + SPEAKING_FOR + " names " + user
                    + " but no geni_abac speaks-for credential was given; pass the user's speaks-for credential for "
                    + caller.urn());
        }
        Refusal refusal = new Refusal();
        for (String value : abac) {
            try {
                VerifiedSpeaksFor v = verified(value, now, VerifiedSpeaksFor.class);
                SpeaksFor.allows(v, user, caller);
                return new Acting(user, true);
            } catch (GeniException e) {
                refusal.offer(e, Refusal.VERIFICATION);
            }
        }
        throw refusal.best();
    }

    /** The verified form of a credential, from the cache or verified now (and then cached). */
    private <T extends VerifiedCredential> T verified(String value, Instant now, Class<T> kind) throws GeniException {
        String digest = VerifiedCredentialCache.digest(value);
        VerifiedCredential v = cache.get(digest, now).orElse(null);
        if (v == null) {
            VerificationPool.Check<VerifiedCredential> check = () -> {
                SignedCredential parsed = SignedCredential.parse(value);
                return kind == VerifiedSpeaksFor.class ? speaksFor.check(parsed, now) : sfaCheck.check(parsed, now);
            };
            v = pool == null ? check.run() : pool.run(check);
            cache.put(digest, v);
        }
        if (!kind.isInstance(v)) {
            // The same text sent once as geni_abac and once as geni_sfa: judge it by the type it claims now.
            throw SignedCredential.invalid("a " + (kind == VerifiedSpeaksFor.class ? TYPE_ABAC : TYPE_SFA)
                    + " credential holds a credential of another type");
        }
        return kind.cast(v);
    }

    private static String names(VerifiedSfaCredential v) {
        return v.privileges().isEmpty() ? "no privileges"
                : v.privileges().stream().map(Privilege::name).collect(Collectors.joining(", "));
    }

    private record Acting(GeniUrn user, boolean speaksFor) {
    }

    /** One element of the credentials array. */
    record TypedCredential(String type, String version, String value) {

        static List<TypedCredential> list(Object[] credentials) throws GeniException {
            if (credentials == null) {
                throw new GeniException(GeniCode.BADARGS, "credentials must be an array of {geni_type, geni_version, "
                        + "geni_value} structs");
            }
            List<TypedCredential> out = new ArrayList<>();
            for (Object c : credentials) {
                if (c instanceof String xml) {
                    out.add(new TypedCredential(TYPE_SFA, "2", xml)); // AM API v2 style: the bare credential
                } else if (c instanceof Map<?, ?> struct) {
                    Object type = struct.get("geni_type");
                    Object value = struct.get("geni_value");
                    Object version = struct.get("geni_version");
                    if (!(type instanceof String t) || !(value instanceof String v)) {
                        throw new GeniException(GeniCode.BADARGS, "each credential must be a struct with string "
                                + "members geni_type and geni_value (and geni_version)");
                    }
                    out.add(new TypedCredential(t.strip().toLowerCase(Locale.ROOT), String.valueOf(version), v));
                } else {
                    throw new GeniException(GeniCode.BADARGS, "each credential must be a {geni_type, geni_version, "
                            + "geni_value} struct, not " + (c == null ? "nil" : c.getClass().getSimpleName()));
                }
            }
            return out;
        }
    }

    /** Keeps the most telling of several refusals. */
    private static final class Refusal {
        static final int OTHER_TARGET = 1;
        static final int VERIFICATION = 2;
        static final int ABOUT_TARGET = 3;

        private GeniException best;
        private int rank;

        void offer(GeniException e, int r) {
            if (best == null || r > rank) {
                best = e;
                rank = r;
            }
        }

        GeniException best() {
            return best != null ? best : new GeniException(GeniCode.FORBIDDEN, "no credential allows this call");
        }
    }
}
