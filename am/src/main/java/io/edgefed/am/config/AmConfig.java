package io.edgefed.am.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an operator of the aggregate manager sets, under {@code edgefed.am.*}. Defaults suit the embedded
 * local setup; a real deployment sets at least {@code authority}, {@code url} and the trust roots.
 */
@ConfigMapping(prefix = "edgefed.am")
public interface AmConfig {

    /** The AM's GENI authority, e.g. {@code edgefed.example.org}: URNs of the AM, its nodes, images and slivers use it. */
    @WithDefault("edgefed:local")
    String authority();

    /** The absolute URL advertised in GetVersion's {@code geni_api_versions}. */
    @WithDefault("https://localhost:8443/xmlrpc/am/3.0")
    String url();

    /** Kubernetes namespace that holds the Sliver resources. */
    @WithDefault("edgefed")
    String namespace();

    /**
     * Disk images experimenters may ask for, each {@code name=container-image}; the first is used when a request
     * names none. Requests may give the short name or the URN {@code urn:publicid:IDN+<authority>+image+<name>}.
     */
    @WithDefault("ubuntu2404=ghcr.io/edgefed/sliver-ubuntu:24.04")
    List<String> images();

    /** How long an allocated but not provisioned sliver lives (GENI's short allocation timeout). */
    @WithDefault("PT10M")
    Duration allocationLifetime();

    /**
     * How long the Slivers of an Allocate that never committed (the AM died half-way) may remain before they are
     * swept; they are invisible meanwhile, and a retry of the same Allocate takes them over at once.
     */
    @WithDefault("PT60S")
    Duration allocationGrace();

    /** The longest a provisioned sliver may live from now, whatever the slice credential allows. */
    @WithDefault("P7D")
    Duration maxLease();

    /** Largest XML-RPC request body accepted, in bytes; larger requests get geni_code 6 (TOOBIG). */
    @WithDefault("2097152")
    int maxRequestBytes();

    /**
     * Threads that authenticate callers, parse bodies, verify credentials and run methods, off the I/O threads; they
     * mostly wait for the API server on writes, so more than the cores.
     */
    @WithDefault("16")
    int workers();

    /** Calls that may wait for a worker thread; a call beyond them gets geni_code 14 (BUSY) at once. */
    @WithDefault("64")
    int workerQueue();

    /** Largest request RSpec accepted, in characters; larger ones get geni_code 6 (TOOBIG). */
    @WithDefault("1048576")
    int maxRspecChars();

    /** How long a write waits for the informer cache to show it, so the next call on this replica reads it. */
    @WithDefault("PT2S")
    Duration cacheSyncWait();

    /** Trust anchors for callers and credentials. */
    Trust trust();

    /** How much one call may ask for; over a limit the call gets geni_code 6 (TOOBIG) before anything is written. */
    Limits limits();

    /** Request limits, sized for real experiments; read by {@code io.edgefed.am.call.RequestLimits}. */
    interface Limits {
        /** Most nodes one Allocate may request. */
        @WithDefault("200")
        int nodesPerAllocate();

        /** Most live slivers one slice may hold at this aggregate, counting those an Allocate adds. */
        @WithDefault("500")
        int sliversPerSlice();

        /** Most users in {@code geni_users} of one call. */
        @WithDefault("100")
        int usersPerCall();

        /** Most SSH keys of one user in {@code geni_users}. */
        @WithDefault("20")
        int keysPerUser();

        /** Most credentials in one call's credentials argument (each may cost several signature checks). */
        @WithDefault("16")
        int credentialsPerCall();

        /**
         * Most certificates in one presented chain: a TLS client's chain, a credential signature's KeyInfo, an owner
         * or target GID. GENI chains hold 2 or 3; above the limit a credential gets 6 TOOBIG (KeyInfo) or 23, a TLS
         * caller 3 (or a refused handshake).
         */
        @WithDefault("10")
        int certificatesPerChain();

        /**
         * Most candidate certificates the path builder may examine for one chain: decoys whose possible paths multiply
         * are refused once they are spent, instead of costing seconds of CPU.
         */
        @WithDefault("32")
        int pathCandidates();
    }

    /** Credential verification; read by {@code io.edgefed.am.credential.CredentialVerifier}. */
    Credential credential();

    /** TLS-terminating proxy mode. */
    Proxy proxy();

    /** Trust anchors; read by {@code io.edgefed.am.credential.TrustedRoots}, declared here so the mapping owns the prefix. */
    interface Trust {
        /** PEM files or directories of PEM files with the trusted root certificates (GENI authorities, Fed4FIRE+). */
        Optional<List<String>> roots();

        /**
         * The namespaces a trusted root speaks for, by a name of the operator's choosing:
         * {@code edgefed.am.trust.authorities.<name>.root} is the root's PEM file (trusted even if it is not under
         * {@code roots}), {@code ...<name>.namespaces} the GENI authorities it may vouch for, each with its
         * sub-authorities. Needed for a root without a GENI URN (a plain CA), which otherwise vouches for nobody;
         * for a root with an authority URN it replaces the URN's namespace. Two roots may not share a namespace:
         * the AM refuses to start.
         */
        Map<String, Authority> authorities();
    }

    /** A trusted root and the namespaces it speaks for. */
    interface Authority {
        /** PEM file with the root certificate. */
        String root();

        /** GENI authorities (URN authority parts, e.g. {@code wall2.ilabt.iminds.be}) this root speaks for. */
        List<String> namespaces();
    }

    /** Credential verification settings. */
    interface Credential {
        /** How many verified credentials are cached by digest until they expire; 0 disables the cache. */
        @WithDefault("1024")
        int cacheSize();
    }

    /** A TLS-terminating proxy in front of the AM that forwards the client certificate in a header. */
    interface Proxy {
        /**
         * TCP peer addresses (IP literals) of trusted proxies. Only requests from these may carry the certificate
         * header; from anyone else such a request is refused. Empty (the default) disables proxy mode.
         */
        Optional<List<String>> addresses();

        /** The header holding the URL-escaped PEM client certificate (NGINX's {@code $ssl_client_escaped_cert}). */
        @WithDefault("X-Fed4Fire-Certificate")
        String header();
    }
}
