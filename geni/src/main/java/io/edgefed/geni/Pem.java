package io.edgefed.geni;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads X.509 certificates from PEM text (one or more blocks, as in GID chains and trust-root files) and from base64. */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private Pem() {
    }

    /** All certificates in {@code text}, in order; an empty list when there is none. */
    public static List<X509Certificate> certificates(String text) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(fromBase64(m.group(1)));
        }
        return out;
    }

    /** One DER certificate given as base64 (line breaks allowed), as in an XML-DSig {@code X509Certificate}. */
    public static X509Certificate fromBase64(String base64) throws CertificateException {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new CertificateException("certificate is not valid base64", e);
        }
        return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
    }

    /** PEM text for a certificate. */
    public static String encode(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static CertificateFactory factory() throws CertificateException {
        // CertificateFactory instances are not documented as thread-safe: one per call is cheap enough.
        return CertificateFactory.getInstance("X.509");
    }
}
