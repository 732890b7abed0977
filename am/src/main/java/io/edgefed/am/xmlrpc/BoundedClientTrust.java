package io.edgefed.am.xmlrpc;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.credential.BoundedPathBuilder;
import io.edgefed.am.credential.PathLimits;
import io.edgefed.am.credential.UntrustedCertificateException;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/**
 * Bounds what a TLS client's certificate chain may cost in the handshake, which runs on the I/O threads: the JDK's
 * trust manager builds a path over every certificate the client sends, in any order, and over decoys whose paths
 * multiply that costs seconds. Before it, this one refuses a chain of more than
 * {@code edgefed.am.limits.certificates-per-chain} certificates and finds the path with at most
 * {@code edgefed.am.limits.path-candidates} candidates ({@link BoundedPathBuilder}), then hands the JDK's trust manager
 * only that path, in order, which it checks without searching.
 */
@ApplicationScoped
public class BoundedClientTrust implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(BoundedClientTrust.class);

    private final Vertx vertx;
    private final PathLimits limits;

    BoundedClientTrust(Vertx vertx, AmConfig config) {
        this.vertx = vertx;
        this.limits = new PathLimits(config.limits().certificatesPerChain(), config.limits().pathCandidates());
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        TrustOptions configured = options.getTrustOptions();
        if (configured == null) {
            LOG.warn("the HTTPS server has no trust store: client chains are not bounded here");
            return;
        }
        try {
            for (TrustManager tm : configured.getTrustManagerFactory(vertx).getTrustManagers()) {
                if (tm instanceof X509TrustManager jdk) {
                    options.setTrustOptions(TrustOptions.wrap(new Bounded(jdk, limits)));
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the HTTPS trust store", e);
        }
        throw new IllegalStateException("the HTTPS trust store offers no X.509 trust manager");
    }

    /** The JDK's trust manager behind the limits. */
    static final class Bounded extends X509ExtendedTrustManager {
        private final X509TrustManager jdk;
        private final PathLimits limits;

        Bounded(X509TrustManager jdk, PathLimits limits) {
            this.jdk = jdk;
            this.limits = limits;
        }

        /** The path from the leaf to (not including) a trusted root, found within the limits. */
        private X509Certificate[] bounded(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no client certificate");
            }
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate root : jdk.getAcceptedIssuers()) {
                anchors.add(new TrustAnchor(root, null));
            }
            try {
                List<X509Certificate> path = BoundedPathBuilder.build(anchors, Arrays.asList(chain), new Date(), limits);
                return path.subList(0, path.size() - 1).toArray(X509Certificate[]::new);
            } catch (UntrustedCertificateException e) {
                throw new CertificateException(e.getMessage(), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(bounded(chain), authType, engine, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(bounded(chain), authType, null, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(bounded(chain), authType, null, null);
        }

        /** The JDK's own check of the one path found, with the connection when it can take one. */
        private void check(X509Certificate[] path, String authType, SSLEngine engine, Socket socket) throws CertificateException {
            if (jdk instanceof X509ExtendedTrustManager extended && engine != null) {
                extended.checkClientTrusted(path, authType, engine);
            } else if (jdk instanceof X509ExtendedTrustManager extended && socket != null) {
                extended.checkClientTrusted(path, authType, socket);
            } else {
                jdk.checkClientTrusted(path, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            jdk.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            jdk.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }
}
