package io.edgefed.release.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A new RSA key pair and a self-signed server certificate for {@code host}, made by the JRE's own {@code keytool}
 * (the JDK has no public API that signs certificates), as PEM.
 *
 * @param certificatePem the certificate, PEM
 * @param keyPem         the private key, PKCS#8 PEM
 */
record SelfSignedCertificate(String certificatePem, String keyPem) {

    static final int VALIDITY_DAYS = 825;
    private static final char[] TRANSIENT_PASSWORD = "transient".toCharArray();

    /** Makes one in a scratch folder (deleted afterwards). */
    static SelfSignedCertificate make(String host, Path scratch) throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory(scratch, "am-tls");
        Path store = dir.resolve("am.p12");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-noprompt",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(TRANSIENT_PASSWORD),
                    "-alias", "am", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                    "-validity", String.valueOf(VALIDITY_DAYS), "-dname", "CN=" + host,
                    "-ext", "SAN=" + subjectAlternativeName(host), "-ext", "EKU=serverAuth"));
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool could not make the AM's key pair: " + output.strip());
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, TRANSIENT_PASSWORD);
            }
            PrivateKey key = (PrivateKey) keyStore.getKey("am", TRANSIENT_PASSWORD);
            Certificate certificate = keyStore.getCertificate("am");
            return new SelfSignedCertificate(pem("CERTIFICATE", certificate.getEncoded()), pem("PRIVATE KEY", key.getEncoded()));
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    /** keytool's SAN syntax: an IP address literal as {@code ip:}, anything else as {@code dns:}. */
    static String subjectAlternativeName(String host) {
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        if (!ip && !host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
        }
        return (ip ? "ip:" : "dns:") + host;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
