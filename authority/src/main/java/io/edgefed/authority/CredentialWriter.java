package io.edgefed.authority;

import io.edgefed.geni.CertificateNames;
import io.edgefed.geni.GeniUrn;
import io.edgefed.geni.Pem;
import io.edgefed.geni.xml.SecureXml;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Writes and signs {@code <signed-credential>} documents the way geni-tools does (SFA credential v3: inclusive
 * C14N, enveloped-signature transform, one {@code Reference} to {@code #refN}, the signer's certificate chain and
 * RSA key value in {@code KeyInfo}), with the JDK's XML-DSig API. It checks nothing: tests also use it to make
 * credentials that the AM must refuse.
 */
final class CredentialWriter {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String signatureMethod;
    private final String digestMethod;

    /** @param sha256 rsa-sha256/sha256 instead of the rsa-sha1/sha1 that the GENI tools use */
    CredentialWriter(boolean sha256) {
        this.signatureMethod = sha256 ? SignatureMethod.RSA_SHA256 : SignatureMethod.RSA_SHA1;
        this.digestMethod = sha256 ? DigestMethod.SHA256 : DigestMethod.SHA1;
    }

    /** A privilege credential (non-delegated) signed by {@code signer}. */
    String privilegeCredential(IssuedIdentity signer, IssuedIdentity owner, List<X509Certificate> targetGid,
                               GeniUrn target, Instant expires, List<String> privileges, boolean delegatable) {
        Document doc = newDocument();
        Element root = root(doc);
        Element cred = privilegeElement(doc, "ref0", owner, targetGid, target, expires, privileges, delegatable);
        root.appendChild(cred);
        Element signatures = child(doc, root, "signatures", null);
        sign(signer, cred, signatures);
        return serialize(doc);
    }

    /** {@code parentXml} delegated by its owner {@code delegator} to {@code newOwner}. */
    String delegate(String parentXml, IssuedIdentity delegator, IssuedIdentity newOwner, Instant expires,
                    List<String> privileges, boolean delegatable) {
        Document parent;
        try {
            parent = SecureXml.parse(parentXml, 1024 * 1024);
        } catch (SAXException e) {
            throw new IllegalArgumentException("the parent credential is not XML: " + e.getMessage(), e);
        }
        Element parentCred = firstChild(parent.getDocumentElement(), "credential");
        Element parentSigs = firstChild(parent.getDocumentElement(), "signatures");
        int depth = 0;
        for (Element c = parentCred; c != null; ) {
            depth++;
            Element p = firstChild(c, "parent");
            c = p == null ? null : firstChild(p, "credential");
        }
        List<X509Certificate> targetGid;
        GeniUrn target;
        try {
            targetGid = Pem.certificates(text(parentCred, "target_gid"));
            target = GeniUrn.parse(text(parentCred, "target_urn"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable target_gid in the parent credential", e);
        }
        Document doc = newDocument();
        Element root = root(doc);
        Element cred = privilegeElement(doc, "ref" + depth, newOwner, targetGid, target, expires, privileges,
                delegatable);
        root.appendChild(cred);
        Element parentHolder = child(doc, cred, "parent", null);
        parentHolder.appendChild(doc.importNode(parentCred, true));
        Element signatures = child(doc, root, "signatures", null);
        for (Node n = parentSigs.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element sig) {
                signatures.appendChild(doc.importNode(sig, true));
            }
        }
        sign(delegator, cred, signatures);
        return serialize(doc);
    }

    /** A {@code geni_abac} credential: {@code user.speaks_for_user <- tool}, signed by the user. */
    String speaksFor(IssuedIdentity user, IssuedIdentity tool, Instant expires) {
        String userKeyId = CertificateNames.keyId(user.certificate());
        String toolKeyId = CertificateNames.keyId(tool.certificate());
        Document doc = newDocument();
        Element root = root(doc);
        Element cred = doc.createElement("credential");
        cred.setAttributeNS(XMLConstants.XML_NS_URI, "xml:id", "ref0");
        root.appendChild(cred);
        child(doc, cred, "type", "abac");
        for (String empty : List.of("serial", "owner_gid", "owner_urn", "target_gid", "target_urn", "uuid")) {
            child(doc, cred, empty, null);
        }
        child(doc, cred, "expires", format(expires));
        Element rt0 = child(doc, child(doc, cred, "abac", null), "rt0", null);
        child(doc, rt0, "version", "1.1");
        Element head = child(doc, rt0, "head", null);
        principal(doc, head, userKeyId, user.urn().toString());
        child(doc, head, "role", "speaks_for_" + userKeyId);
        principal(doc, child(doc, rt0, "tail", null), toolKeyId, tool.urn().toString());
        sign(user, cred, child(doc, root, "signatures", null));
        return serialize(doc);
    }

    private static void principal(Document doc, Element parent, String keyId, String mnemonic) {
        Element p = child(doc, parent, "ABACprincipal", null);
        child(doc, p, "keyid", keyId);
        child(doc, p, "mnemonic", mnemonic);
    }

    private static Element privilegeElement(Document doc, String id, IssuedIdentity owner,
                                            List<X509Certificate> targetGid, GeniUrn target, Instant expires,
                                            List<String> privileges, boolean delegatable) {
        Element cred = doc.createElement("credential");
        cred.setAttributeNS(XMLConstants.XML_NS_URI, "xml:id", id);
        child(doc, cred, "type", "privilege");
        child(doc, cred, "serial", Long.toString(RANDOM.nextInt(1_000_000)));
        child(doc, cred, "owner_gid", pem(owner.chain()));
        child(doc, cred, "owner_urn", owner.urn().toString());
        child(doc, cred, "target_gid", pem(targetGid));
        child(doc, cred, "target_urn", target.toString());
        child(doc, cred, "uuid", null);
        child(doc, cred, "expires", format(expires));
        Element privs = child(doc, cred, "privileges", null);
        for (String name : privileges) {
            Element p = child(doc, privs, "privilege", null);
            child(doc, p, "name", name);
            child(doc, p, "can_delegate", Boolean.toString(delegatable));
        }
        return cred;
    }

    private void sign(IssuedIdentity signer, Element credential, Element signatures) {
        try {
            XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
            String id = credential.getAttributeNS(XMLConstants.XML_NS_URI, "id");
            Reference ref = fac.newReference("#" + id, fac.newDigestMethod(digestMethod, null),
                    List.of(fac.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)), null, null);
            SignedInfo si = fac.newSignedInfo(
                    fac.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE, (C14NMethodParameterSpec) null),
                    fac.newSignatureMethod(signatureMethod, null), List.of(ref));
            KeyInfoFactory kif = fac.getKeyInfoFactory();
            KeyInfo ki = kif.newKeyInfo(List.of(kif.newX509Data(new ArrayList<>(signer.chain())),
                    kif.newKeyValue(signer.certificate().getPublicKey())));
            XMLSignature signature = fac.newXMLSignature(si, ki, null, "Sig_" + id, null);
            DOMSignContext ctx = new DOMSignContext(signer.key(), signatures);
            ctx.setIdAttributeNS(credential, XMLConstants.XML_NS_URI, "id");
            signature.sign(ctx);
        } catch (GeneralSecurityException | javax.xml.crypto.MarshalException
                 | javax.xml.crypto.dsig.XMLSignatureException e) {
            throw new IllegalStateException("cannot sign the credential", e);
        }
    }

    private static Element root(Document doc) {
        Element root = doc.createElement("signed-credential");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI);
        root.setAttributeNS(XSI, "xsi:noNamespaceSchemaLocation",
                "http://www.planet-lab.org/resources/sfa/credential.xsd");
        doc.appendChild(root);
        return root;
    }

    private static Element child(Document doc, Element parent, String name, String text) {
        Element e = doc.createElement(name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }

    private static Element firstChild(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = firstChild(parent, name);
        return e == null ? "" : e.getTextContent();
    }

    private static String pem(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        chain.forEach(c -> out.append(Pem.encode(c)));
        return out.toString();
    }

    /** {@code 2026-11-27T08:58:35Z}: seconds, uppercase T, Z, as the Fed4FIRE documentation asks. */
    static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out;
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the credential", e);
        }
    }
}
