package io.edgefed.release.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Kubernetes API server as a pod reaches it: {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}
 * with the service account's token and CA, or, where {@code KUBERNETES_MASTER} is set (as the Fabric8 client in the
 * applications also honours), that URL, with the token file if one is mounted.
 */
final class ApiServer {

    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A Secret is at most 1 MiB; nothing larger is read. */
    private static final int MAX_BODY = 2 * 1024 * 1024;

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    ApiServer(URI base, Optional<String> token, HttpClient http) {
        this.base = base;
        this.token = token;
        this.http = http;
    }

    /** The API server this process's environment names; fails saying what is missing. */
    static ApiServer fromEnvironment(Map<String, String> env, Path serviceAccount) throws IOException, GeneralSecurityException {
        Path tokenFile = serviceAccount.resolve("token");
        Optional<String> token = Files.isReadable(tokenFile) ? Optional.of(Files.readString(tokenFile).strip()) : Optional.empty();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        String master = env.get("KUBERNETES_MASTER");
        if (master != null && !master.isBlank()) {
            return new ApiServer(URI.create(master.strip().replaceAll("/+$", "")), token, client.build());
        }
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || host.isBlank()) {
            throw new IOException("not in a pod: neither KUBERNETES_SERVICE_HOST nor KUBERNETES_MASTER is set");
        }
        Path ca = serviceAccount.resolve("ca.crt");
        if (!Files.isReadable(ca) || token.isEmpty()) {
            throw new IOException("no service account token and CA under " + serviceAccount
                    + " (is automountServiceAccountToken off?)");
        }
        client.sslContext(trusting(ca));
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return new ApiServer(URI.create("https://" + hostPart + ":" + port), token, client.build());
    }

    private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(caFile)))) {
            trust.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** An answer: status code and body. */
    record Answer(int status, String body) {
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (java.io.InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new IOException("the API server's answer is larger than " + MAX_BODY + " bytes");
        }
        return new Answer(response.statusCode(), new String(body, StandardCharsets.UTF_8));
    }
}
