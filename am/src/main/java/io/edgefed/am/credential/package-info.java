/**
 * Who is calling and what their credentials allow, verified in-process.
 *
 * <p>Per AM call: {@link io.edgefed.am.credential.TrustedRoots#identify} turns the TLS peer chain into a
 * {@link io.edgefed.am.credential.CallerIdentity} (refusal: 3 FORBIDDEN); then
 * {@link io.edgefed.am.credential.CredentialVerifier#authorize} (slice methods, with the
 * {@link io.edgefed.am.credential.Privileges} constant of the method and the slice URN, for sliver URNs the slice that
 * holds them) or {@link io.edgefed.am.credential.CredentialVerifier#authorizeAny} (ListResources) returns an
 * {@link io.edgefed.am.credential.Authorization} or throws a {@link io.edgefed.am.geni.GeniException} whose code and
 * message go into the GENI reply unchanged. Slivers must not outlive {@code Authorization.expires()}.
 *
 * <p>Pieces: {@link io.edgefed.am.credential.SignedCredential} parses (hardened {@link io.edgefed.geni.xml.SecureXml}),
 * {@link io.edgefed.am.credential.XmlSignatureCheck} checks one XML signature,
 * {@link io.edgefed.am.credential.SfaCredentialCheck} a whole SFA credential with its
 * {@link io.edgefed.am.credential.DelegationRules}, {@link io.edgefed.am.credential.SpeaksFor} the ABAC speaks-for
 * credential, {@link io.edgefed.am.credential.VerifiedCredentialCache} keeps what verified, and
 * {@link io.edgefed.am.credential.SfaRights} is the SFA privilege table.
 *
 * <p>Configuration: {@code edgefed.am.trust.roots} (PEM files or directories), {@code edgefed.am.credential.cache-size}
 * (default 1024). A call's credentials are judged at the call's instant ({@code AmCall.now()}), which the dispatcher
 * reads once from the CDI {@link java.time.Clock} bean ({@link io.edgefed.am.credential.CredentialClock} is only the
 * default).
 */
package io.edgefed.am.credential;
