package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;

import java.security.cert.X509Certificate;

/**
 * The SFA delegation rules between a delegated credential and its parent ({@code credential.verify_parent} in SFA):
 * same target, expiry only shortens, privileges only narrow and only delegatable ones pass on, and only the
 * parent's owner may sign the child. Breaking one makes the whole credential {@link GeniCode#CREDENTIAL_INVALID} (20).
 */
public final class DelegationRules {

    private DelegationRules() {
    }

    /**
     * @param child       the delegated credential
     * @param childSigner the (validated) certificate that signed it
     * @param parent      its {@code <parent>} credential
     */
    public static void check(CredentialLevel child, X509Certificate childSigner, CredentialLevel parent)
            throws GeniException {
        if (!child.target().equals(parent.target()) || !child.targetGid().get(0).equals(parent.targetGid().get(0))) {
            throw SignedCredential.invalid("delegated credential " + child.id() + " targets " + child.target()
                    + " but its parent targets " + parent.target());
        }
        if (child.expires().isAfter(parent.expires())) {
            throw SignedCredential.invalid("delegated credential " + child.id() + " expires at " + child.expires()
                    + ", after its parent (" + parent.expires() + "); a delegation can only shorten the lifetime");
        }
        if (!childSigner.equals(parent.ownerGid().get(0))) {
            throw SignedCredential.invalid("delegated credential " + child.id() + " is signed by "
                    + TrustedRoots.describe(childSigner) + ", but only the owner of its parent, " + parent.owner()
                    + ", may delegate it");
        }
        for (Privilege wanted : child.privileges()) {
            boolean granted = parent.privileges().stream()
                    .anyMatch(p -> p.canDelegate() && SfaRights.covers(p.name(), wanted.name()));
            if (!granted) {
                throw SignedCredential.invalid("delegated credential " + child.id() + " claims privilege '"
                        + wanted.name() + "', which its parent does not grant as delegatable; a delegation can only "
                        + "narrow privileges");
            }
        }
    }
}
