/**
 * The AM image's init step: makes the AM's TLS key pair and certificate when its Secret is missing, stores them in
 * that Secret (so every replica and every restart serves the same certificate), and writes the Secret's key and
 * certificate into the folder the AM reads. Runs on the JDK alone plus Jackson (from the AM's own libraries in the
 * image), without a Kubernetes client library.
 */
package io.edgefed.release.tls;
