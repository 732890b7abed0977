package io.edgefed.geni.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The parsers every caller's XML goes through (the XML-RPC call by SAX, credentials and RSpecs by DOM) refuse what
 * could read files, reach the network or eat the machine: any DOCTYPE (so no entities, internal or external),
 * nesting deeper than the limits, and documents over the size cap.
 */
class HardenedXmlTest {

    @TempDir
    Path dir;

    @Test
    void aCredentialShapedDocumentParses() throws Exception {
        Document doc = SecureXml.parse("<signed-credential xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<credential xml:id=\"ref0\"><type>privilege</type></credential>\n  <signatures/></signed-credential>", 10_000);

        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("signed-credential");
        assertThat(doc.getElementsByTagName("type").item(0).getTextContent()).isEqualTo("privilege");
    }

    @Test
    void noDoctypeReachesTheDomParser() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root-password");
        for (String attack : attacks(secret)) {
            assertThatThrownBy(() -> SecureXml.parse(attack, 1_000_000)).as(attack).isInstanceOf(SAXException.class)
                    .hasMessageContaining("DOCTYPE");
        }
    }

    @Test
    void noDoctypeReachesTheSaxReader() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root-password");
        for (String attack : attacks(secret)) {
            StringBuilder text = new StringBuilder();
            assertThatThrownBy(() -> sax(attack, text)).as(attack).isInstanceOf(SAXException.class)
                    .hasMessageContaining("DOCTYPE");
            assertThat(text.toString()).doesNotContain("root-password");
        }
    }

    @Test
    void aSaxReaderStillParsesAfterARefusal() throws Exception {
        StringBuilder text = new StringBuilder();
        assertThatThrownBy(() -> sax("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", text)).isInstanceOf(SAXException.class);

        sax("<methodCall><methodName>GetVersion</methodName></methodCall>", text);
        assertThat(text.toString()).isEqualTo("GetVersion");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws Exception {
        assertThat(SecureXml.parse(nested(SecureXml.MAX_DEPTH), 1_000_000)).isNotNull();
        assertThatThrownBy(() -> SecureXml.parse(nested(SecureXml.MAX_DEPTH + 1), 1_000_000))
                .isInstanceOf(SAXException.class).hasMessageContaining("maxElementDepth");

        String tooDeepForDom = nested(HardenedXmlParsers.MAX_DEPTH + 1);
        assertThatThrownBy(() -> HardenedXmlParsers.documentBuilderFactory().newDocumentBuilder()
                .parse(new InputSource(new StringReader(tooDeepForDom)))).isInstanceOf(SAXException.class);
    }

    @Test
    void aDocumentOverTheSizeCapIsRefusedBeforeParsing() {
        String big = "<a>" + "x".repeat(2_000) + "</a>";

        assertThatThrownBy(() -> SecureXml.parse(big, 1_000)).isInstanceOf(SAXException.class)
                .hasMessage("document of 2007 characters exceeds the limit of 1000");
    }

    @Test
    void malformedXmlIsAnErrorNotAPrintout() {
        assertThatThrownBy(() -> SecureXml.parse("<a><b></a>", 1_000)).isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> sax("<a>", new StringBuilder())).isInstanceOf(SAXException.class);
    }

    /** External entities (a file, a URL), an external DTD, and the billion laughs. */
    private static List<String> attacks(Path secret) {
        List<String> attacks = new ArrayList<>();
        attacks.add("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]><x>&e;</x>");
        attacks.add("<!DOCTYPE x [<!ENTITY e SYSTEM \"http://127.0.0.1:1/leak\">]><x>&e;</x>");
        attacks.add("<!DOCTYPE x SYSTEM \"" + secret.toUri() + "\"><x/>");
        attacks.add("<!DOCTYPE x [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]><x/>");
        StringBuilder laughs = new StringBuilder("<!DOCTYPE x [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        attacks.add(laughs.append("]><x>&l10;</x>").toString());
        return attacks;
    }

    private static String nested(int depth) {
        return "<e>".repeat(depth) + "</e>".repeat(depth);
    }

    /** Parses with a hardened SAX reader, collecting the text, and gives the reader back only after a clean parse. */
    private static void sax(String xml, StringBuilder text) throws SAXException, IOException {
        XMLReader reader = HardenedSax.reader();
        reader.setContentHandler(new DefaultHandler() {
            @Override
            public void characters(char[] ch, int start, int length) {
                text.append(ch, start, length);
            }
        });
        reader.parse(new InputSource(new StringReader(xml)));
        HardenedSax.release(reader);
    }
}
