package io.edgefed.authority;

import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A small GENI authority (a CA and slice authority in one) for the embedded local default and for tests: it issues
 * identity certificates whose subjectAltName carries {@code urn:publicid:IDN+<authority>+<type>+<name>} (as gcf's
 * {@code gen-certs.py} does; made by {@link AuthorityCertificates}) and signs SFA v3 slice credentials, delegations
 * and speaks-for credentials ({@link CredentialWriter}).
 *
 * <p>Its own certificate is a self-signed CA whose URN is {@code urn:publicid:IDN+<authority>+authority+sa}, so the
 * credentials it signs pass the AM's "signer is an authority over the slice" rule for slices in its namespace.
 */
public final class LocalAuthority {

    private static final String CA_CERT_FILE = "ca-cert.pem";
    private static final String CA_KEY_FILE = "ca-key.pem";
    private static final int KEY_BITS = 2048;

    private final String authorityName;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    /** The CA certificate and, for a sub-authority, the certificates above it up to its root. */
    private final List<X509Certificate> caChain;

    private final CredentialWriter writer;
    /** Slice GID certificates issued so far, reused so that each slice keeps one GID as at a real authority. */
    private final Map<GeniUrn, IssuedIdentity> sliceGids;

    private final int keyBits;

    private LocalAuthority(String authorityName, X509Certificate caCertificate, PrivateKey caKey, int keyBits) {
        this(authorityName, List.of(caCertificate), caKey, keyBits, new CredentialWriter(false),
                new ConcurrentHashMap<>());
    }

    private LocalAuthority(String authorityName, List<X509Certificate> caChain, PrivateKey caKey, int keyBits,
                           CredentialWriter writer, Map<GeniUrn, IssuedIdentity> sliceGids) {
        this.authorityName = authorityName;
        this.keyBits = keyBits;
        this.caCertificate = caChain.get(0);
        this.caChain = List.copyOf(caChain);
        this.caKey = caKey;
        this.writer = writer;
        this.sliceGids = sliceGids;
    }

    /** A new authority with a fresh RSA 2048 key, e.g. {@code create("edgefed:local")}. */
    public static LocalAuthority create(String authorityName) {
        return create(authorityName, KEY_BITS);
    }

    /**
     * A new authority whose keys, and those of everything it issues, have {@code keyBits} bits. Tests use 1024 because
     * RSA 2048 key generation takes 0.2-4 s on a busy two-core machine; deployments use {@link #create(String)}.
     */
    public static LocalAuthority create(String authorityName, int keyBits) {
        KeyPair keys = AuthorityCertificates.newKeyPair(keyBits);
        X509Certificate cert = AuthorityCertificates.ca(authorityName, GeniUrn.of(authorityName, "authority", "sa"), keys,
                null, null);
        return new LocalAuthority(authorityName, cert, keys.getPrivate(), keyBits);
    }

    /**
     * A self-signed CA without a GENI URN (a "plain CA", as some federations' roots are); it issues certificates in
     * {@code defaultAuthority} with {@link #issueUser} and {@link #issue(String, String)}, and any URN with
     * {@link #issue(GeniUrn)}. The AM trusts it only for the namespaces its configuration names.
     */
    public static LocalAuthority createPlainCa(String defaultAuthority, int keyBits) {
        KeyPair keys = AuthorityCertificates.newKeyPair(keyBits);
        X509Certificate cert = AuthorityCertificates.ca(defaultAuthority, null, keys, null, null);
        return new LocalAuthority(defaultAuthority, cert, keys.getPrivate(), keyBits);
    }

    /**
     * A sub-authority whose CA certificate ({@code urn:publicid:IDN+<authorityName>+authority+sa}) this authority
     * signs, e.g. {@code edgefed:local:lab} below {@code edgefed:local}. Nothing is checked: tests also make one for
     * another authority's namespace, which the AM must refuse.
     */
    public LocalAuthority subAuthority(String subAuthorityName) {
        KeyPair keys = AuthorityCertificates.newKeyPair(keyBits);
        X509Certificate cert = AuthorityCertificates.ca(subAuthorityName, GeniUrn.of(subAuthorityName, "authority", "sa"),
                keys, caCertificate, caKey);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(caChain);
        return new LocalAuthority(subAuthorityName, chain, keys.getPrivate(), keyBits, new CredentialWriter(false),
                new ConcurrentHashMap<>());
    }

    /** An authority saved by {@link #save(Path)}. */
    public static LocalAuthority load(Path dir) {
        try {
            List<X509Certificate> certs = Pem.certificates(Files.readString(dir.resolve(CA_CERT_FILE),
                    StandardCharsets.US_ASCII));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + dir.resolve(CA_CERT_FILE));
            }
            X509Certificate cert = certs.get(0);
            String keyPem = Files.readString(dir.resolve(CA_KEY_FILE), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyPem)));
            GeniUrn urn = CertificateNames.urn(cert).orElseThrow(() -> new IllegalArgumentException(
                    dir.resolve(CA_CERT_FILE) + " has no urn:publicid URI in its subjectAltName"));
            return new LocalAuthority(urn.authority(), cert, key, ((RSAKey) key).getModulus().bitLength());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the authority from " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable authority key or certificate in " + dir, e);
        }
    }

    /** Writes {@code ca-cert.pem} and {@code ca-key.pem} (mode 0600 where the file system has POSIX modes). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CA_CERT_FILE), Pem.encode(caCertificate), StandardCharsets.US_ASCII);
            OwnerOnlyFile.write(dir.resolve(CA_KEY_FILE), asIdentity().keyPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the authority to " + dir, e);
        }
    }

    public String authorityName() {
        return authorityName;
    }

    /** The authority's URN, {@code urn:publicid:IDN+<authority>+authority+sa}. */
    public GeniUrn urn() {
        return GeniUrn.of(authorityName, "authority", "sa");
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public PrivateKey caKey() {
        return caKey;
    }

    /** The authority itself as an identity (its CA certificate and key): the signer of the credentials it issues. */
    public IssuedIdentity asIdentity() {
        return new IssuedIdentity(urn(), caCertificate, caKey, caChain);
    }

    /** A user certificate, SAN {@code urn:publicid:IDN+<authority>+user+<userName>}, for TLS client authentication. */
    public IssuedIdentity issueUser(String userName) {
        return issue(GeniUrn.of(authorityName, "user", userName), List.of(), false);
    }

    /** A certificate for any URN type in this authority's namespace, e.g. {@code tool} for a speaks-for portal. */
    public IssuedIdentity issue(String type, String name) {
        return issue(GeniUrn.of(authorityName, type, name), List.of(), false);
    }

    /**
     * A leaf certificate for any URN, also one outside this authority's namespace (which the AM must refuse: tests
     * use it to forge identities of another authority).
     */
    public IssuedIdentity issue(GeniUrn urn) {
        return issue(urn, List.of(), false);
    }

    /**
     * A TLS server certificate for the AM: SAN DNS names and IP addresses as given, plus the AM's URN
     * {@code urn:publicid:IDN+<authority>+authority+am}; CN is the first name.
     */
    public IssuedIdentity issueServer(String... dnsNamesOrIps) {
        return issue(GeniUrn.of(authorityName, "authority", "am"), AuthorityCertificates.serverNames(dnsNamesOrIps), false);
    }

    /**
     * A user certificate with an Authority Information Access extension whose access method OID has an arc above
     * 2^32, as Fed4FIRE+ (imec) certificates carry: Go's x509 parser refused those.
     */
    public IssuedIdentity issueUserWithLargeOidAia(String userName) {
        return issue(GeniUrn.of(authorityName, "user", userName), List.of(), true);
    }

    /** A slice's GID certificate (the credential's {@code target_gid}). */
    IssuedIdentity issueSlice(GeniUrn slice) {
        return issue(slice, List.of(), false);
    }

    private IssuedIdentity issue(GeniUrn urn, List<GeneralName> extraNames, boolean largeOidAia) {
        KeyPair keys = AuthorityCertificates.newKeyPair(keyBits);
        X509Certificate cert = AuthorityCertificates.leaf(caCertificate, caKey, urn, keys, extraNames, largeOidAia);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(caChain);
        return new IssuedIdentity(urn, cert, keys.getPrivate(), chain);
    }

    // ---- credentials (signed SFA v3 XML) ----

    /**
     * The same authority (same keys) signing credentials with rsa-sha256 and sha256 digests instead of the rsa-sha1
     * that geni-tools and jFed use.
     */
    public LocalAuthority signingWithSha256() {
        return new LocalAuthority(authorityName, caChain, caKey, keyBits, new CredentialWriter(true), sliceGids);
    }

    /**
     * A slice credential for {@code owner} on {@code slice}, signed by this authority (rsa-sha1, as the GENI
     * clearinghouse signs). Privileges default to {@code *} when none are given; all are delegatable, as gcf's are.
     * The slice's GID certificate is issued on first use and reused.
     */
    public String sliceCredential(IssuedIdentity owner, GeniUrn slice, Instant expires, String... privileges) {
        IssuedIdentity gid = sliceGids.computeIfAbsent(slice, this::issueSlice);
        return writer.privilegeCredential(asIdentity(), owner, gid.chain(), slice, expires,
                privileges.length == 0 ? List.of("*") : List.of(privileges), true);
    }

    /** A user credential (target = the user; refresh, resolve, info), what omni sends to ListResources. */
    public String userCredential(IssuedIdentity user, Instant expires) {
        return writer.privilegeCredential(asIdentity(), user, user.chain(), user.urn(), expires,
                List.of("refresh", "resolve", "info"), false);
    }

    /**
     * {@code parentCredentialXml} delegated by its owner {@code parentOwner} to {@code newOwner} with the given
     * privileges (delegatable again) and expiry, signed by {@code parentOwner}'s key. Nothing is checked, so tests can
     * make delegations that widen privileges or extend the expiry.
     */
    public String delegate(String parentCredentialXml, IssuedIdentity parentOwner, IssuedIdentity newOwner,
                           Instant expires, String... privileges) {
        return writer.delegate(parentCredentialXml, parentOwner, newOwner, expires, List.of(privileges), true);
    }

    /**
     * A {@code geni_abac} speaks-for credential, signed by {@code user}, saying that {@code tool} may speak for
     * {@code user} (the GENI speaks-for credentials, groups.geni.net/geni/wiki/TIEDCredentials). The user and the tool
     * may come from different authorities.
     */
    public String speaksForCredential(IssuedIdentity user, IssuedIdentity tool, Instant expires) {
        return writer.speaksFor(user, tool, expires);
    }
}
