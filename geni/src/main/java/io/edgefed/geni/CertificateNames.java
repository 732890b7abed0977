package io.edgefed.geni;


import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** What GENI reads out of a certificate: the {@code urn:publicid} URN in its subjectAltName and its ABAC key id. */
public final class CertificateNames {

    private static final int SAN_URI = 6;
    private static final String SKI_OID = "2.5.29.14";

    private CertificateNames() {
    }

    /** The first {@code urn:publicid:IDN+...} URI of the certificate's subjectAltName, if any parses as a GENI URN. */
    public static Optional<GeniUrn> urn(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        for (List<?> name : names) {
            if (name.size() >= 2 && Integer.valueOf(SAN_URI).equals(name.get(0)) && name.get(1) instanceof String uri
                    && uri.toLowerCase(Locale.ROOT).startsWith("urn:publicid:idn+")) {
                try {
                    return Optional.of(GeniUrn.parse(uri));
                } catch (IllegalArgumentException e) {
                    // a malformed publicid URI: keep looking, another SAN entry may be the right one
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The ABAC key id of a certificate, computed from its key: the SHA-1 of its subjectPublicKey bits as lowercase
     * hex (RFC 5280 4.2.1.2 method 1). Never read from the subjectKeyIdentifier extension, which whoever issues the
     * certificate may fill with any bytes (geni-tools' {@code speaksfor_util.get_cert_keyid} reads the extension).
     */
    public static String keyId(X509Certificate certificate) {
        try {
            byte[] keyBits = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(keyBits));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The key id the certificate declares in its subjectKeyIdentifier extension, as lowercase hex, if it has one. */
    public static Optional<String> declaredKeyId(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue(SKI_OID);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
            return Optional.of(HexFormat.of().formatHex(ASN1OctetString.getInstance(inner).getOctets()));
        } catch (IllegalArgumentException e) {
            return Optional.of("(unreadable)");
        }
    }
}
