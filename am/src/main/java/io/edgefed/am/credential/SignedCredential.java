package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniTime;
import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import io.edgefed.geni.xml.SecureXml;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A parsed {@code <signed-credential>} document (SFA / GENI credential v3, also the {@code geni_abac} speaks-for
 * form): the chain of {@code <credential>} elements from the outer one to the root of its delegation, and the
 * {@code <Signature>}s. Parsing checks shape only; {@link SfaCredentialCheck} and {@link SpeaksFor} decide validity.
 * Every shape error is {@link GeniCode#CREDENTIAL_INVALID} (20).
 */
public final class SignedCredential {

    /** Credentials are a few kB (gcf's with a delegation about 15 kB); anything far larger is not a credential. */
    public static final int MAX_CHARS = 256 * 1024;
    /** Longest delegation chain we follow: real ones have one or two levels. */
    public static final int MAX_DEPTH = 8;

    private final Document document;
    private final List<Element> credentialElements;
    private final Element signatures;

    private SignedCredential(Document document, List<Element> credentialElements, Element signatures) {
        this.document = document;
        this.credentialElements = credentialElements;
        this.signatures = signatures;
    }

    /** Parses and shape-checks a credential's XML text (the {@code geni_value}). */
    public static SignedCredential parse(String xml) throws GeniException {
        Document doc;
        try {
            doc = SecureXml.parse(xml, MAX_CHARS);
        } catch (SAXException e) {
            throw invalid("the credential is not well-formed XML (" + e.getMessage() + ")");
        }
        Element root = doc.getDocumentElement();
        if (!"signed-credential".equals(root.getLocalName()) || root.getNamespaceURI() != null) {
            throw invalid("the document is a <" + root.getTagName() + ">, not a <signed-credential>");
        }
        Element outer = onlyChild(root, "credential")
                .orElseThrow(() -> invalid("<signed-credential> must hold exactly one <credential>"));
        Element signatures = onlyChild(root, "signatures")
                .orElseThrow(() -> invalid("<signed-credential> has no <signatures>: the credential is not signed"));
        List<Element> chain = new ArrayList<>();
        Element current = outer;
        while (current != null) {
            if (chain.size() == MAX_DEPTH) {
                throw invalid("delegation chain deeper than " + MAX_DEPTH + " credentials");
            }
            chain.add(current);
            Optional<Element> parent = onlyChild(current, "parent");
            current = parent.isPresent() ? onlyChild(parent.get(), "credential")
                    .orElseThrow(() -> invalid("<parent> must hold exactly one <credential>")) : null;
        }
        checkIdsUnique(root);
        for (Element c : chain) {
            if (id(c).isEmpty()) {
                throw invalid("a <credential> has no xml:id, so no signature can refer to it");
            }
        }
        return new SignedCredential(doc, List.copyOf(chain), signatures);
    }

    public Document document() {
        return document;
    }

    /** The {@code <credential>} elements, outer (the one presented) first, the root of the delegation last. */
    public List<Element> chain() {
        return credentialElements;
    }

    /** The {@code <signatures>} element. */
    public Element signatures() {
        return signatures;
    }

    /** The credential's {@code xml:id}, e.g. {@code ref0}. */
    public static String id(Element credential) {
        return credential.getAttributeNS(XMLConstants.XML_NS_URI, "id");
    }

    /** The {@code <type>}: {@code privilege} for SFA credentials, {@code abac} for speaks-for. */
    public static String type(Element credential) {
        return text(credential, "type").orElse("").toLowerCase(Locale.ROOT);
    }

    /** The {@code <Signature>} that refers to the credential with this id ({@code <Reference URI="#id">}). */
    public Element signatureFor(String id) throws GeniException {
        Element found = null;
        for (Node n = signatures.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element sig && "Signature".equals(sig.getLocalName())
                    && XMLSignature.XMLNS.equals(sig.getNamespaceURI()) && refersTo(sig, id)) {
                if (found != null) {
                    throw invalid("two signatures claim credential " + id);
                }
                found = sig;
            }
        }
        if (found == null) {
            throw invalid("credential " + id + " carries no signature (no <Signature> with Reference URI=\"#" + id
                    + "\")");
        }
        return found;
    }

    private static boolean refersTo(Element signature, String id) {
        for (Element signedInfo : children(signature, XMLSignature.XMLNS, "SignedInfo")) {
            for (Element ref : children(signedInfo, XMLSignature.XMLNS, "Reference")) {
                if (("#" + id).equals(ref.getAttribute("URI"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The URN in {@code <owner_urn>}, or else the owner GID's. */
    public static GeniUrn ownerUrn(Element credential, List<X509Certificate> ownerGid) throws GeniException {
        return urn(credential, "owner_urn", ownerGid);
    }

    /** The URN in {@code <target_urn>}, or else the target GID's. */
    public static GeniUrn targetUrn(Element credential, List<X509Certificate> targetGid) throws GeniException {
        return urn(credential, "target_urn", targetGid);
    }

    private static GeniUrn urn(Element credential, String element, List<X509Certificate> gid) throws GeniException {
        GeniUrn fromGid = CertificateNames.urn(gid.get(0)).orElseThrow(() -> invalid("the certificate in <"
                + element.replace("urn", "gid") + "> has no urn:publicid URI"));
        Optional<String> text = text(credential, element);
        if (text.isEmpty() || text.get().isBlank()) {
            return fromGid;
        }
        GeniUrn stated;
        try {
            stated = GeniUrn.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw invalid("<" + element + "> " + e.getMessage());
        }
        // The GID is what the signatures and trust roots vouch for: a different URN beside it is a forgery attempt.
        if (!stated.equals(fromGid)) {
            throw invalid("<" + element + "> " + stated + " differs from the URN of its certificate, " + fromGid);
        }
        return stated;
    }

    /** The certificates of {@code <owner_gid>} or {@code <target_gid>}, leaf first. */
    public static List<X509Certificate> gid(Element credential, String element) throws GeniException {
        String pem = text(credential, element).orElse("");
        try {
            List<X509Certificate> certs = Pem.certificates(pem);
            if (certs.isEmpty()) {
                throw invalid("<" + element + "> holds no certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw invalid("<" + element + "> holds an unreadable certificate (" + e.getMessage() + ")");
        }
    }

    /** {@code <expires>}: RFC 3339 / ISO 8601; a time without offset is UTC, as gcf writes and reads it. */
    public static Instant expires(Element credential) throws GeniException {
        String text = text(credential, "expires").map(String::strip)
                .orElseThrow(() -> invalid("credential " + id(credential) + " has no <expires>"));
        // A time the AM cannot read is a bad argument, as it is anywhere else in a call, not a broken credential.
        Instant expires = GeniTime.read(text).orElseThrow(() -> new GeniException(GeniCode.BADARGS, "credential "
                + id(credential) + " <expires> '" + (text.length() <= 64 ? text : text.substring(0, 64) + "...")
                + "' is not an RFC 3339 time such as 2026-11-27T10:00:00Z; ask your authority for a credential that has one"));
        GeniTime.requireInRange(expires, "credential " + id(credential) + " <expires> " + expires);
        return expires;
    }

    /**
     * The {@code <privileges>}, with {@code *} expanded (as SFA does) into the default rights of the target type,
     * each inheriting the {@code can_delegate} of the {@code *}; {@code *} itself is kept.
     */
    public static List<Privilege> privileges(Element credential, GeniUrn target) throws GeniException {
        Element privileges = onlyChild(credential, "privileges")
                .orElseThrow(() -> invalid("credential " + id(credential) + " has no <privileges>"));
        Set<Privilege> out = new LinkedHashSet<>();
        for (Element p : children(privileges, null, "privilege")) {
            String name = text(p, "name").map(String::strip).orElse("");
            if (name.isEmpty()) {
                throw invalid("a <privilege> has no <name>");
            }
            String flag = text(p, "can_delegate").map(String::strip).orElse("false").toLowerCase(Locale.ROOT);
            boolean canDelegate = flag.equals("true") || flag.equals("1");
            out.add(new Privilege(name.toLowerCase(Locale.ROOT), canDelegate));
            if (name.equals("*")) {
                for (String right : SfaRights.defaultsFor(target.type())) {
                    out.add(new Privilege(right, canDelegate));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The text of the only child element {@code name} (no namespace), if present. */
    public static Optional<String> text(Element parent, String name) {
        List<Element> found = children(parent, null, name);
        return found.size() == 1 ? Optional.of(found.get(0).getTextContent()) : Optional.empty();
    }

    /** The only child element {@code name} (no namespace); empty when absent or repeated. */
    public static Optional<Element> onlyChild(Element parent, String name) {
        List<Element> found = children(parent, null, name);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && (namespace == null ? e.getNamespaceURI() == null : namespace.equals(e.getNamespaceURI()))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Refuses documents in which two elements share an ID-like attribute: with duplicate IDs a reference could be
     * resolved to an element other than the one we read (signature wrapping).
     */
    private static void checkIdsUnique(Element root) throws GeniException {
        Set<String> seen = new HashSet<>();
        List<Element> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Element e = stack.remove(stack.size() - 1);
            for (String id : new String[] {e.getAttributeNS(XMLConstants.XML_NS_URI, "id"), e.getAttribute("Id"),
                    e.getAttribute("ID"), e.getAttribute("id")}) {
                if (!id.isEmpty() && !seen.add(id)) {
                    throw invalid("the id '" + id + "' appears twice in the credential");
                }
            }
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    stack.add(child);
                }
            }
        }
    }

    static GeniException invalid(String what) {
        return new GeniException(GeniCode.CREDENTIAL_INVALID, "invalid credential: " + what
                + "; ask your slice authority (or the tool you use) for a fresh credential");
    }
}
