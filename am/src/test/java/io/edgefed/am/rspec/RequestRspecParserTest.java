package io.edgefed.am.rspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.support.FixedConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRspecParserTest {

    private final RequestRspecParser parser = new RequestRspecParser(new FixedConfig());

    private static String rspec(String type, String body) {
        return "<rspec type=\"" + type + "\" xmlns=\"http://www.geni.net/resources/rspec/3\""
                + " xmlns:jfed=\"http://jfed.iminds.be/rspec/ext/jfed/1\">" + body + "</rspec>";
    }

    private static GeniCode codeOf(String xml) {
        try {
            new RequestRspecParser(new FixedConfig()).parse(xml);
            return GeniCode.SUCCESS;
        } catch (GeniException e) {
            return e.code();
        }
    }

    @Test
    void aJfedStyleRequestIsReadIgnoringExtensionsAndLinks() throws GeniException {
        List<RequestedNode> nodes = parser.parse(rspec("request",
                "<node client_id=\"a\" component_manager_id=\"urn:publicid:IDN+edgefed:test+authority+am\" exclusive=\"false\">"
                        + "<sliver_type name=\"container\"><disk_image name=\"ubuntu2204\"/></sliver_type>"
                        + "<jfed:location x=\"1\" y=\"2\"/></node>"
                        + "<node client_id=\"b\"/>"
                        + "<link client_id=\"l\"><interface_ref client_id=\"a:if0\"/></link>"));
        assertThat(nodes).extracting(RequestedNode::clientId).containsExactly("a", "b");
        assertThat(nodes.get(0).diskImage()).contains("ubuntu2204");
        assertThat(nodes.get(0).componentManagerId()).contains("urn:publicid:IDN+edgefed:test+authority+am");
        assertThat(nodes.get(1).sliverType()).isEmpty();
    }

    @Test
    void structuralMistakesAreBadArgsWithWhatToFix() {
        assertThat(codeOf(rspec("request", ""))).isEqualTo(GeniCode.BADARGS);
        assertThat(codeOf(rspec("manifest", "<node client_id=\"a\"/>"))).isEqualTo(GeniCode.BADARGS);
        assertThat(codeOf(rspec("request", "<node client_id=\"a\"/><node client_id=\"a\"/>"))).isEqualTo(GeniCode.BADARGS);
        assertThat(codeOf(rspec("request", "<node/>"))).isEqualTo(GeniCode.BADARGS);
        assertThat(codeOf(rspec("request", "<node client_id=\"a\"><sliver_type name=\"x\"/><sliver_type name=\"y\"/></node>")))
                .isEqualTo(GeniCode.BADARGS);
        assertThat(codeOf("<rspec type=\"request\"><node client_id=\"a\"/></rspec>")).isEqualTo(GeniCode.BADARGS);
        assertThatThrownBy(() -> parser.parse(rspec("request", "<node client_id=\"a\"/><node client_id=\"a\"/>")))
                .hasMessageContaining("client_id 'a' appears twice");
    }

    @Test
    void doctypesAreRefusedSoNoEntityIsEverExpanded() {
        String lol = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + rspec("request", "<node client_id=\"&b;\"/>");
        assertThatThrownBy(() -> parser.parse(lol)).hasMessageContaining("DOCTYPE");
    }

    @Test
    void anOversizedRequestIsTooBig6() {
        assertThat(codeOf(rspec("request", "<node client_id=\"a\"/>" + "<!-- padding -->".repeat(400)))).isEqualTo(GeniCode.TOOBIG);
    }
}
