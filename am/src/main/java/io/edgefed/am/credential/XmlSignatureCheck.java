package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.geni.Pem;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import org.w3c.dom.Element;

/**
 * Verifies one XML-DSig {@code <Signature>} over one {@code <credential>} with the JDK's XML Digital Signature API,
 * against a public key the caller has already validated (never a key the document offers).
 *
 * <p>GENI tools sign with rsa-sha1, which the JDK's "secure validation" mode forbids; it is switched off for this
 * context only, and the checks that mode would make and that matter here are made explicitly instead: exactly one
 * reference, to {@code #<credential id>} (same document, no external fetch), only the enveloped-signature and
 * canonicalization transforms (no XSLT or XPath), and an allow-list of signature, digest and canonicalization
 * algorithms (no MD5, no HMAC).
 */
public final class XmlSignatureCheck {

    private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";

    private static final Set<String> SIGNATURE_METHODS = Set.of(SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256,
            SignatureMethod.RSA_SHA384, SignatureMethod.RSA_SHA512);
    private static final Set<String> DIGEST_METHODS = Set.of(DigestMethod.SHA1, DigestMethod.SHA256,
            DigestMethod.SHA384, DigestMethod.SHA512);
    private static final Set<String> CANONICALIZATIONS = Set.of(CanonicalizationMethod.INCLUSIVE,
            CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS, CanonicalizationMethod.EXCLUSIVE,
            CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS, "http://www.w3.org/2006/12/xml-c14n11",
            "http://www.w3.org/2006/12/xml-c14n11#WithComments");

    private static final XMLSignatureFactory FACTORY = XMLSignatureFactory.getInstance("DOM");

    private XmlSignatureCheck() {
    }

    /**
     * The signer's certificates from the signature's {@code KeyInfo/X509Data}, in document order (signer first, as
     * xmlsec1 writes them). They are only candidates: the caller validates them to a trusted root.
     */
    public static List<X509Certificate> signerCertificates(Element signature, PathLimits limits) throws GeniException {
        List<Element> elements = new ArrayList<>();
        for (Element keyInfo : SignedCredential.children(signature, XMLSignature.XMLNS, "KeyInfo")) {
            for (Element data : SignedCredential.children(keyInfo, XMLSignature.XMLNS, "X509Data")) {
                elements.addAll(SignedCredential.children(data, XMLSignature.XMLNS, "X509Certificate"));
            }
        }
        if (elements.size() > limits.certificates()) {
            throw new GeniException(GeniCode.TOOBIG, "a signature of the credential carries " + elements.size()
                    + " certificates in its KeyInfo; this aggregate accepts at most " + limits.certificates()
                    + " (the signer's certificate and its issuers; GENI tools send 2 or 3)");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Element cert : elements) {
            try {
                out.add(Pem.fromBase64(cert.getTextContent()));
            } catch (CertificateException e) {
                throw SignedCredential.invalid("a signature carries an unreadable certificate (" + e.getMessage() + ")");
            }
        }
        return leafFirst(out);
    }

    /**
     * xmlsec1 writes the signer's certificate first, but nothing forces a signer to: put first the one certificate
     * that issued none of the others (the leaf), when there is exactly one such.
     */
    static List<X509Certificate> leafFirst(List<X509Certificate> certs) {
        if (certs.size() < 2) {
            return certs;
        }
        List<X509Certificate> leaves = new ArrayList<>();
        for (X509Certificate c : certs) {
            boolean issuesAnother = certs.stream().anyMatch(d -> d != c
                    && d.getIssuerX500Principal().equals(c.getSubjectX500Principal()));
            if (!issuesAnother) {
                leaves.add(c);
            }
        }
        if (leaves.size() != 1 || leaves.get(0) == certs.get(0)) {
            return certs;
        }
        List<X509Certificate> ordered = new ArrayList<>(leaves);
        certs.stream().filter(c -> c != leaves.get(0)).forEach(ordered::add);
        return ordered;
    }

    /**
     * Verifies {@code signature} over {@code credential} with {@code signerKey}.
     *
     * @throws GeniException {@link GeniCode#CREDENTIAL_INVALID} when the signature does not verify (e.g. the credential
     *                       was altered after signing) or is not of the allowed form
     */
    public static void verify(Element signature, Element credential, PublicKey signerKey) throws GeniException {
        String id = SignedCredential.id(credential);
        // KeyInfo is not covered by the signature and we never use its keys; the JDK's KeyInfo unmarshaller also
        // fails (NPE) on the empty <X509SubjectName/> and <X509IssuerSerial/> that xmlsec1 leaves. Drop it.
        for (Element keyInfo : SignedCredential.children(signature, XMLSignature.XMLNS, "KeyInfo")) {
            signature.removeChild(keyInfo);
        }
        DOMValidateContext ctx = new DOMValidateContext(signerKey, signature);
        ctx.setProperty(SECURE_VALIDATION, Boolean.FALSE);
        ctx.setIdAttributeNS(credential, XMLConstants.XML_NS_URI, "id");
        XMLSignature xmlSignature;
        try {
            xmlSignature = FACTORY.unmarshalXMLSignature(ctx);
        } catch (MarshalException | RuntimeException e) {
            throw SignedCredential.invalid("the signature of credential " + id + " is malformed (" + e.getMessage()
                    + ")");
        }
        checkForm(xmlSignature.getSignedInfo(), id);
        boolean valid;
        try {
            valid = xmlSignature.validate(ctx);
        } catch (XMLSignatureException | RuntimeException e) {
            throw SignedCredential.invalid("the signature of credential " + id + " cannot be checked ("
                    + e.getMessage() + ")");
        }
        if (!valid) {
            boolean digestOk = referencesValid(xmlSignature, ctx);
            throw SignedCredential.invalid("the signature of credential " + id + " does not verify ("
                    + (digestOk ? "signature value wrong for the signer's key" : "the credential was altered after it was signed")
                    + ")");
        }
    }

    private static void checkForm(SignedInfo info, String id) throws GeniException {
        String c14n = info.getCanonicalizationMethod().getAlgorithm();
        if (!CANONICALIZATIONS.contains(c14n)) {
            throw SignedCredential.invalid("canonicalization " + c14n + " is not accepted");
        }
        String method = info.getSignatureMethod().getAlgorithm();
        if (!SIGNATURE_METHODS.contains(method)) {
            throw SignedCredential.invalid("signature method " + method + " is not accepted (use RSA with SHA-1 or SHA-2)");
        }
        List<?> refs = info.getReferences();
        if (refs.size() != 1) {
            throw SignedCredential.invalid("the signature of credential " + id + " has " + refs.size()
                    + " references; exactly one is allowed");
        }
        Reference ref = (Reference) refs.get(0);
        if (!("#" + id).equals(ref.getURI())) {
            throw SignedCredential.invalid("the signature refers to '" + ref.getURI() + "', not to #" + id);
        }
        if (!DIGEST_METHODS.contains(ref.getDigestMethod().getAlgorithm())) {
            throw SignedCredential.invalid("digest " + ref.getDigestMethod().getAlgorithm() + " is not accepted");
        }
        for (Object t : ref.getTransforms()) {
            String alg = ((Transform) t).getAlgorithm();
            if (!alg.equals(Transform.ENVELOPED) && !CANONICALIZATIONS.contains(alg)) {
                throw SignedCredential.invalid("transform " + alg + " is not accepted");
            }
        }
    }

    private static boolean referencesValid(XMLSignature signature, DOMValidateContext ctx) {
        try {
            for (Object r : signature.getSignedInfo().getReferences()) {
                if (!((Reference) r).validate(ctx)) {
                    return false;
                }
            }
            return true;
        } catch (XMLSignatureException e) {
            return false;
        }
    }
}
