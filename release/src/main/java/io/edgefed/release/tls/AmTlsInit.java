package io.edgefed.release.tls;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AM pod's init container: makes sure the Secret with the AM's TLS key pair exists (making a self-signed one
 * when it does not; when two replicas race, the one whose Secret was stored first wins and both use it), then writes
 * its {@code tls.crt} and {@code tls.key} (mode 0600) into the folder the AM container reads. An existing Secret,
 * e.g. one that cert-manager or an administrator made, is used as it is and never changed.
 * <p>
 * Environment: {@code EDGEFED_AM_TLS_SECRET} (the Secret's name, default {@code edgefed-am-tls}),
 * {@code POD_NAMESPACE} (its namespace), {@code EDGEFED_AM_URL} (the certificate is made for its host),
 * {@code EDGEFED_AM_TLS_DIR} (where to write, default {@code /run/edgefed/tls}); the API server as in
 * {@link ApiServer}.
 */
public final class AmTlsInit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiServer api;
    private final String namespace;
    private final String secretName;
    private final String host;
    private final Path output;
    private final Path scratch;

    AmTlsInit(ApiServer api, String namespace, String secretName, String host, Path output, Path scratch) {
        this.api = api;
        this.namespace = namespace;
        this.secretName = secretName;
        this.host = host;
        this.output = output;
        this.scratch = scratch;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        try {
            String namespace = required(env, "POD_NAMESPACE");
            String url = required(env, "EDGEFED_AM_URL");
            String host = URI.create(url).getHost();
            if (host == null) {
                throw new IllegalArgumentException("EDGEFED_AM_URL '" + url + "' names no host");
            }
            AmTlsInit init = new AmTlsInit(ApiServer.fromEnvironment(env, ApiServer.SERVICE_ACCOUNT), namespace,
                    env.getOrDefault("EDGEFED_AM_TLS_SECRET", "edgefed-am-tls"), host,
                    Path.of(env.getOrDefault("EDGEFED_AM_TLS_DIR", "/run/edgefed/tls")),
                    Path.of(System.getProperty("java.io.tmpdir")));
            System.out.println("am-tls-init: " + init.run());
        } catch (Exception e) {
            System.err.println("am-tls-init: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.strip();
    }

    /** Does the work; returns what it did, for the log. */
    String run() throws Exception {
        String path = "/api/v1/namespaces/" + namespace + "/secrets/" + secretName;
        ApiServer.Answer existing = api.get(path);
        String did;
        if (existing.status() == 404) {
            SelfSignedCertificate made = SelfSignedCertificate.make(host, scratch);
            ApiServer.Answer created = api.post("/api/v1/namespaces/" + namespace + "/secrets", secretJson(made));
            if (created.status() == 201 || created.status() == 200) {
                writeFiles(created.body());
                return "made a self-signed certificate for " + host + " and stored it in Secret " + namespace + "/"
                        + secretName + "; wrote it to " + output;
            }
            if (created.status() != 409) {
                throw new IOException("could not create Secret " + namespace + "/" + secretName + ": HTTP "
                        + created.status() + " " + created.body().strip());
            }
            existing = api.get(path);
            did = "another replica made Secret " + namespace + "/" + secretName + " first; wrote its certificate to " + output;
        } else {
            did = "wrote the certificate of Secret " + namespace + "/" + secretName + " to " + output;
        }
        if (existing.status() != 200) {
            throw new IOException("could not read Secret " + namespace + "/" + secretName + ": HTTP " + existing.status()
                    + " " + existing.body().strip());
        }
        writeFiles(existing.body());
        return did;
    }

    private String secretJson(SelfSignedCertificate made) {
        ObjectNode secret = JSON.createObjectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret").put("type", "kubernetes.io/tls");
        ObjectNode metadata = secret.putObject("metadata");
        metadata.put("name", secretName).put("namespace", namespace);
        metadata.putObject("labels").put("app.kubernetes.io/part-of", "edgefed").put("app.kubernetes.io/name", "edgefed-am");
        metadata.putObject("annotations").put("edgefed.io/made-by", "the AM's init container (self-signed; replace the"
                + " Secret with your own certificate, then restart the AM)");
        ObjectNode data = secret.putObject("data");
        data.put("tls.crt", base64(made.certificatePem()));
        data.put("tls.key", base64(made.keyPem()));
        return secret.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private void writeFiles(String secretJson) throws IOException {
        JsonNode data = JSON.readTree(secretJson).path("data");
        for (String file : new String[] {"tls.crt", "tls.key"}) {
            JsonNode value = data.path(file);
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw new IOException("Secret " + namespace + "/" + secretName + " has no " + file);
            }
            byte[] content = Base64.getDecoder().decode(value.asText());
            Files.createDirectories(output);
            Path target = output.resolve(file);
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(target, content, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }
}
