package io.edgefed.am.credential;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The certificates the AM trusts as roots (GENI clearinghouses, the Fed4FIRE+ imec authority, the local authority),
 * and the PKIX validation of certificate chains against them: for TLS callers ({@link #identify}) and for the
 * certificates inside credentials ({@link #validate}).
 *
 * <p>Configured by {@code edgefed.am.trust.roots}: a comma-separated list of PEM files (each may hold several
 * certificates) or directories, from which every {@code *.pem} file is read. Without any root every caller and every
 * credential is refused. Each root speaks only for its own namespace ({@link NamespaceBinding}): a root with an
 * authority URN for that URN's authority, a plain CA for what {@code edgefed.am.trust.authorities} names; two roots
 * claiming one namespace stop the AM at start.
 *
 * <p>Refusals of {@link #identify}: {@link GeniCode#FORBIDDEN} (3) for every authentication failure — no certificate,
 * a chain that does not lead to a trusted root, a certificate outside the namespace of its issuer, an expired
 * certificate, no {@code urn:publicid} URI in the subjectAltName. The caller is not authenticated, so no credential
 * code (20-23) applies; 3 is the AM API's code for "you may not do this".
 */
@ApplicationScoped
@Startup // a configuration where two roots claim one namespace must stop the AM at start, not at the first call
public class TrustedRoots {

    private static final Logger LOG = Logger.getLogger(TrustedRoots.class);

    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> anchors;
    private final NamespaceBinding namespaces;
    private final Clock clock;
    /** Set once by the injecting constructor; the defaults for the others. */
    private PathLimits limits = PathLimits.DEFAULT;

    @Inject
    public TrustedRoots(AmConfig config, Clock clock) {
        this(config.trust().roots(), configured(config.trust().authorities()), clock);
        this.limits = new PathLimits(config.limits().certificatesPerChain(), config.limits().pathCandidates());
    }

    /** Trusts the roots under {@code locations} (files or directories of PEM), each for its own URN's namespace. */
    public TrustedRoots(Optional<List<String>> locations, Clock clock) {
        this(locations, Map.of(), clock);
    }

    private TrustedRoots(Optional<List<String>> locations, Map<X509Certificate, List<String>> configured, Clock clock) {
        this(withConfigured(load(locations.orElse(List.of())), configured), configured, clock);
        if (roots.isEmpty()) {
            LOG.warn("no trusted roots configured (edgefed.am.trust.roots): every caller and credential will be refused");
        } else {
            LOG.infof("trusting %d root certificate(s) from %s", roots.size(), locations.orElse(List.of()));
        }
        for (RootNamespaces idle : namespaces.idle()) {
            LOG.warnf("trusted root %s has no authority URN and edgefed.am.trust.authorities names no namespace for it:"
                    + " it vouches for nobody", idle.describe());
        }
    }

    /** Trusts exactly {@code roots}, each for its own URN's namespace, judging validity periods by {@code clock}. */
    public TrustedRoots(List<X509Certificate> roots, Clock clock) {
        this(roots, Map.of(), clock);
    }

    /**
     * Trusts exactly {@code roots}; those in {@code configured} speak for the namespaces given there instead of their
     * URN's (a plain CA speaks for nothing else).
     *
     * @throws IllegalArgumentException when two roots claim one namespace
     */
    public TrustedRoots(List<X509Certificate> roots, Map<X509Certificate, List<String>> configured, Clock clock) {
        this.roots = List.copyOf(new LinkedHashSet<>(roots));
        this.clock = clock;
        Set<TrustAnchor> a = new LinkedHashSet<>();
        List<RootNamespaces> claims = new ArrayList<>();
        for (X509Certificate root : this.roots) {
            a.add(new TrustAnchor(root, null));
            List<String> named = configured.get(root);
            claims.add(named != null ? new RootNamespaces(root, named, true) : RootNamespaces.ofCertificate(root));
        }
        this.anchors = Set.copyOf(a);
        this.namespaces = new NamespaceBinding(claims);
    }

    /** The trusted root certificates. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /** How much path building one chain may cost. */
    public PathLimits limits() {
        return limits;
    }

    /** The namespaces (GENI authorities) a trusted root speaks for; none for a certificate that is not a root. */
    public List<String> namespacesOf(X509Certificate root) {
        return namespaces.namespacesOf(root);
    }

    /**
     * Authenticates a TLS caller: validates the presented chain (leaf first, then any intermediates) to a trusted root
     * and reads the caller's URN from the leaf's subjectAltName.
     *
     * @throws GeniException {@link GeniCode#FORBIDDEN} when there is no certificate, the chain is not trusted or has
     *                       expired, or the certificate carries no {@code urn:publicid} URI
     */
    public CallerIdentity identify(X509Certificate[] presentedChain) throws GeniException {
        if (presentedChain == null || presentedChain.length == 0) {
            throw new GeniException(GeniCode.FORBIDDEN,
                    "no client certificate: call the AM over TLS with your GENI user certificate and key");
        }
        List<X509Certificate> chain;
        try {
            chain = validate(Arrays.asList(presentedChain));
        } catch (UntrustedCertificateException e) {
            throw new GeniException(GeniCode.FORBIDDEN, "client certificate " + describe(presentedChain[0])
                    + " is not trusted: " + e.getMessage()
                    + "; use a certificate from an authority this AM trusts (a GENI clearinghouse or Fed4FIRE+)", e);
        }
        GeniUrn urn = CertificateNames.urn(chain.get(0)).orElseThrow(() -> new GeniException(GeniCode.FORBIDDEN,
                "client certificate " + describe(presentedChain[0]) + " has no urn:publicid:IDN+... URI in its "
                        + "subjectAltName; use the GENI certificate your authority issued (e.g. your omni or jFed "
                        + "certificate)"));
        return new CallerIdentity(urn, chain);
    }

    /**
     * Re-checks, at {@code now}, a caller that {@link #identify} accepted earlier on the same TLS session (a kept-alive
     * connection, or a session resumed from a ticket): every certificate of its chain must still be valid.
     *
     * @throws GeniException {@link GeniCode#FORBIDDEN} naming the certificate and when it expired (or starts)
     */
    public void requireValid(CallerIdentity caller, Instant now) throws GeniException {
        Date at = Date.from(now);
        for (X509Certificate c : caller.chain()) {
            try {
                checkValidity(c, at);
            } catch (UntrustedCertificateException e) {
                throw new GeniException(GeniCode.FORBIDDEN, "client certificate " + describe(caller.certificate())
                        + " is not valid now: " + e.getMessage() + "; get a new certificate from your authority", e);
            }
        }
    }

    /**
     * PKIX-validates a chain (leaf first; the other certificates may come in any order and may include the root)
     * to one of the trusted roots, at the clock's current time, without revocation checks (GENI authorities publish
     * no CRLs).
     *
     * @return the validated path, leaf first, ending with the trusted root
     */
    public List<X509Certificate> validate(List<X509Certificate> presented) throws UntrustedCertificateException {
        if (presented.isEmpty()) {
            throw new UntrustedCertificateException("no certificate");
        }
        X509Certificate leaf = presented.get(0);
        Date now = Date.from(clock.instant());
        if (roots.contains(leaf)) {
            // A trusted root used directly (e.g. a clearinghouse signing with its own certificate).
            checkValidity(leaf, now);
            namespaces.check(List.of(leaf));
            return List.of(leaf);
        }
        List<X509Certificate> path = BoundedPathBuilder.build(anchors, presented, now, limits);
        namespaces.check(path);
        return path;
    }

    private static void checkValidity(X509Certificate c, Date now) throws UntrustedCertificateException {
        BoundedPathBuilder.checkValidity(c, now);
    }

    /** A certificate's URN if it has one, else its subject DN: for messages. */
    static String describe(X509Certificate c) {
        return CertificateNames.urn(c).map(GeniUrn::toString)
                .orElse("'" + c.getSubjectX500Principal().getName() + "'");
    }

    private static Map<X509Certificate, List<String>> configured(Map<String, AmConfig.Authority> authorities) {
        Map<X509Certificate, List<String>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, AmConfig.Authority> e : authorities.entrySet()) {
            List<X509Certificate> certs = load(List.of(e.getValue().root()));
            if (certs.size() != 1) {
                throw new IllegalArgumentException("edgefed.am.trust.authorities." + e.getKey() + ".root must name a PEM "
                        + "file with exactly one certificate, the root; " + e.getValue().root() + " holds " + certs.size());
            }
            out.put(certs.get(0), List.copyOf(e.getValue().namespaces()));
        }
        return out;
    }

    private static List<X509Certificate> withConfigured(List<X509Certificate> loaded,
                                                        Map<X509Certificate, List<String>> configured) {
        List<X509Certificate> all = new ArrayList<>(loaded);
        all.addAll(configured.keySet());
        return all;
    }

    static List<X509Certificate> load(List<String> locations) {
        List<X509Certificate> out = new ArrayList<>();
        for (String location : locations) {
            if (location.isBlank()) {
                continue;
            }
            Path path = Path.of(location.strip());
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.list(path)) {
                        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                            // A directory may also hold keys (a local authority's ca-key.pem): skip what has no
                            // certificate, but never a certificate we cannot read.
                            if (Files.readString(file, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE")) {
                                out.addAll(readPem(file));
                            }
                        }
                    }
                } else {
                    out.addAll(readPem(path));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read trusted roots from " + path
                        + " (edgefed.am.trust.roots)", e);
            }
        }
        return out;
    }

    private static List<X509Certificate> readPem(Path file) throws IOException {
        try {
            List<X509Certificate> certs = Pem.certificates(Files.readString(file, StandardCharsets.ISO_8859_1));
            if (certs.isEmpty()) {
                throw new IOException("no PEM certificate in " + file);
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("unreadable certificate in " + file + ": " + e.getMessage(), e);
        }
    }
}
