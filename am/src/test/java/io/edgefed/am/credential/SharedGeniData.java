package io.edgefed.am.credential;

import io.edgefed.geni.Pem;
import io.edgefed.geni.xml.SecureXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The GENI reference data in the shared folder (../shared relative to the project root, or the system property
 * {@code edgefed.shared}). Read in place, never copied into the repository; tests skip, saying why, without it.
 */
final class SharedGeniData {

    private SharedGeniData() {
    }

    /** The shared folder, or a skipped test. */
    static Path shared() {
        String property = System.getProperty("edgefed.shared");
        Path dir = property != null ? Path.of(property) : projectRoot().resolveSibling("shared");
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("geni")),
                "GENI reference data not found at " + dir.toAbsolutePath()
                        + "/geni (set -Dedgefed.shared=<dir> to point at it); skipping");
        return dir;
    }

    static Path omniWire() {
        return shared().resolve("geni/omni-wire");
    }

    /** The folder holding mvnw: the project root. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.exists(d.resolve("am"))) {
                return d;
            }
        }
        return dir;
    }

    /** The body of a recorded request: the file without its first line, a comment. */
    static String requestBody(String file) throws IOException {
        String text = Files.readString(omniWire().resolve(file), StandardCharsets.UTF_8);
        return text.substring(text.indexOf('\n') + 1);
    }

    /** The geni_value members of a recorded XML-RPC request, in order. */
    static List<String> credentialValues(String file) throws Exception {
        Document doc = SecureXml.parse(requestBody(file), 1 << 20);
        NodeList members = doc.getElementsByTagName("member");
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < members.getLength(); i++) {
            Element m = (Element) members.item(i);
            Element name = (Element) m.getElementsByTagName("name").item(0);
            if ("geni_value".equals(name.getTextContent().strip())) {
                out.add(m.getElementsByTagName("value").item(0).getTextContent());
            }
        }
        return out;
    }

    /** The first {@code <string>} parameter of a recorded request (the slice URN of Allocate). */
    static String firstStringParam(String file) throws Exception {
        Document doc = SecureXml.parse(requestBody(file), 1 << 20);
        Element param = (Element) doc.getElementsByTagName("param").item(0);
        return param.getElementsByTagName("string").item(0).getTextContent().strip();
    }

    static List<X509Certificate> certificates(Path pem) throws Exception {
        return Pem.certificates(Files.readString(pem, StandardCharsets.US_ASCII));
    }
}
