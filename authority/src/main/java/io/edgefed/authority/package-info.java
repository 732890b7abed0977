/**
 * A small GENI authority made with Bouncy Castle: {@link io.edgefed.authority.LocalAuthority} issues identity
 * certificates ({@link io.edgefed.authority.IssuedIdentity}, made by
 * {@link io.edgefed.authority.AuthorityCertificates}) and signs SFA slice, user, delegated and speaks-for
 * credentials the way geni-tools does ({@link io.edgefed.authority.CredentialWriter});
 * {@link io.edgefed.authority.SshKeyPair} is the newcomer's SSH key and {@link io.edgefed.authority.OwnerOnlyFile}
 * writes keys and credentials 0600. Used by the AM's tests and by the embedded local default (a CA, a user
 * certificate, key and SSH key and an example slice credential written to a local folder); never part of the AM's
 * jar.
 */
package io.edgefed.authority;
