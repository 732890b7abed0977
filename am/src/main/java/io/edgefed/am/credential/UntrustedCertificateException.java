package io.edgefed.am.credential;

/** A certificate chain that does not lead to one of the AM's trusted roots (or is expired, or malformed). */
public class UntrustedCertificateException extends Exception {

    public UntrustedCertificateException(String message) {
        super(message);
    }

    public UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
