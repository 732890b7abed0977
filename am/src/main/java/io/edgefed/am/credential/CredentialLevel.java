package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.GeniUrn;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The fields of one {@code <credential>} of an SFA delegation chain (the outer credential or one of its parents).
 *
 * @param element   the DOM element, which its signature covers
 * @param id        its {@code xml:id}
 * @param ownerGid  owner certificate chain, leaf first
 * @param owner     owner URN
 * @param targetGid target certificate chain, leaf first
 * @param target    target URN
 * @param expires   expiry
 * @param privileges privileges, {@code *} expanded
 */
public record CredentialLevel(Element element, String id, List<X509Certificate> ownerGid, GeniUrn owner,
                              List<X509Certificate> targetGid, GeniUrn target, Instant expires,
                              List<Privilege> privileges) {

    /** Reads a {@code <credential>} of type {@code privilege}. */
    public static CredentialLevel read(Element credential) throws GeniException {
        String id = SignedCredential.id(credential);
        String type = SignedCredential.type(credential);
        if (!type.equals("privilege")) {
            throw SignedCredential.invalid("credential " + id + " is of type '" + type
                    + "'; a geni_sfa credential must be of type 'privilege'");
        }
        List<X509Certificate> ownerGid = SignedCredential.gid(credential, "owner_gid");
        List<X509Certificate> targetGid = SignedCredential.gid(credential, "target_gid");
        GeniUrn target = SignedCredential.targetUrn(credential, targetGid);
        return new CredentialLevel(credential, id, ownerGid, SignedCredential.ownerUrn(credential, ownerGid),
                targetGid, target, SignedCredential.expires(credential),
                SignedCredential.privileges(credential, target));
    }
}
