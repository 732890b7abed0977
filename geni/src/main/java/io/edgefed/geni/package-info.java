/**
 * What the AM and the local authority both read and write: GENI URNs ({@link io.edgefed.geni.GeniUrn}), PEM
 * certificates ({@link io.edgefed.geni.Pem}) and the URN and ABAC key id in them
 * ({@link io.edgefed.geni.CertificateNames}).
 */
package io.edgefed.geni;
