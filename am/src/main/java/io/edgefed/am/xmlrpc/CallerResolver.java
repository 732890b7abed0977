package io.edgefed.am.xmlrpc;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.credential.CallerIdentity;
import io.edgefed.am.credential.TrustedRoots;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Finds who is calling: the client certificate chain of the TLS connection, or, only when the TCP peer is a
 * configured proxy, the certificate in the proxy's header. A request carrying that header from anyone else is
 * refused outright, so a client cannot claim someone else's certificate. The identity of a TLS session is kept in
 * the session, so keep-alive requests skip building the chain again; but every call checks, at its own instant, that
 * each certificate of that chain is still valid, so a certificate that expires while its connection is kept alive
 * (or whose session is resumed from a ticket) is refused from then on.
 */
@ApplicationScoped
public class CallerResolver {

    private static final String SESSION_KEY = "edgefed.caller";

    private final TrustedRoots roots;
    private final Set<InetAddress> proxies = new HashSet<>();
    private final String header;

    CallerResolver(TrustedRoots roots, AmConfig config) throws UnknownHostException {
        this.roots = roots;
        this.header = config.proxy().header();
        for (String address : config.proxy().addresses().orElse(List.of())) {
            // Literal addresses only: a name would make trust depend on DNS.
            if (!address.isBlank()) {
                proxies.add(InetAddress.getByName(address.trim()));
            }
        }
    }

    /** The caller of {@code request}, judged at {@code now}, the call's instant. */
    public CallerIdentity resolve(HttpServerRequest request, Instant now) throws GeniException {
        String forwarded = request.getHeader(header);
        if (forwarded != null) {
            if (!isProxy(request)) {
                throw new GeniException(GeniCode.FORBIDDEN, "the " + header
                        + " header is accepted only from the aggregate's configured proxies; connect directly with your client certificate");
            }
            return roots.identify(parsePem(percentDecode(forwarded)));
        }
        SSLSession session = request.sslSession();
        if (session == null) {
            throw new GeniException(GeniCode.FORBIDDEN, "connect over TLS with your GENI client certificate");
        }
        if (session.getValue(SESSION_KEY) instanceof CallerIdentity known) {
            roots.requireValid(known, now);
            return known;
        }
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new GeniException(GeniCode.FORBIDDEN, "no client certificate was presented; connect with your GENI user certificate");
        }
        X509Certificate[] chain = new X509Certificate[peer.length];
        for (int i = 0; i < peer.length; i++) {
            chain[i] = (X509Certificate) peer[i];
        }
        CallerIdentity identity = roots.identify(chain);
        roots.requireValid(identity, now);
        session.putValue(SESSION_KEY, identity);
        return identity;
    }

    private boolean isProxy(HttpServerRequest request) {
        if (proxies.isEmpty() || request.connection() == null || request.connection().remoteAddress() == null) {
            return false;
        }
        String host = request.connection().remoteAddress().hostAddress();
        try {
            return host != null && proxies.contains(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Undoes NGINX's escaping; unlike URLDecoder it leaves '+' alone, which base64 uses. */
    static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static X509Certificate[] parsePem(String pem) throws GeniException {
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return certs.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new GeniException(GeniCode.FORBIDDEN, "the proxy's certificate header holds no PEM certificate: " + e.getMessage());
        }
    }
}
