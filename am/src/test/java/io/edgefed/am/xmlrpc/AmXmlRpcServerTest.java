package io.edgefed.am.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.support.XmlRpcBodies;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcHandler;
import org.junit.jupiter.api.Test;

/**
 * Replies are well-formed XML whatever the input held, and faults say what is wrong in the caller's terms, without
 * Java class names.
 */
class AmXmlRpcServerTest {

    /** Echoes its first parameter back inside a GENI reply, as a client_id comes back in a manifest. */
    static final XmlRpcHandler ECHO = request -> GeniReply.success(Map.of("echo", request.getParameter(0)));

    final AmXmlRpcServer server = new AmXmlRpcServer(name -> ECHO);

    String answer(String body) throws Exception {
        return new String(server.answer(AmRequestConfig.refused(null, null), body.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void charactersOutsideTheBmpAreWrittenAsUtf8AndParseBack() throws Exception {
        String emoji = "node-\uD83D\uDE00-\uD834\uDD1E";

        String reply = answer(XmlRpcBodies.call("Echo", emoji));

        assertThat(reply).contains(emoji).doesNotContain("&#55357;");
        assertThat(value(reply)).isEqualTo(emoji);
    }

    @Test
    void numericReferencesToCharactersOutsideTheBmpComeBackWellFormed() throws Exception {
        String reply = answer(XmlRpcBodies.call("Echo", "x").replace("<string>x</string>", "<string>&#128512;</string>"));

        assertThat(value(reply)).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void charactersXmlForbidsAreReplacedNotWritten() throws Exception {
        String bad = "a\u0001b\uD800c\uDC00d\uFFFEe";

        String reply = new String(server.respond(AmRequestConfig.refused(null, null), GeniReply.error(GeniCode.BADARGS, bad)),
                StandardCharsets.UTF_8);

        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) XmlRpcBodies.result(reply);
        assertThat((String) parsed.get("output")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
    }

    @Test
    void aVeryDeepBodyGetsAFaultWithAMessage() throws Exception {
        for (int depth : new int[] {10_000, 30_000}) {
            String deep = "<?xml version=\"1.0\"?><methodCall><methodName>GetVersion</methodName><params><param>"
                    + "<value><array><data>".repeat(depth) + "</data></array></value>".repeat(depth)
                    + "</param></params></methodCall>";

            Object result = XmlRpcBodies.result(answer(deep));

            assertThat(result).isInstanceOfSatisfying(XmlRpcBodies.Fault.class, f -> {
                assertThat(f.message()).contains("nest").doesNotContainPattern("java\\.|javax\\.|Exception|Error");
            });
        }
    }

    @Test
    void garbageGetsAFaultInTheCallersTerms() throws Exception {
        for (String body : new String[] {"", "not xml", "<methodCall><methodName>GetVersion</methodName><params>",
                "<?xml version=\"1.0\"?><methodCall><params><param><value><i4>x</i4></value></param></params></methodCall>"}) {
            Object result = XmlRpcBodies.result(answer(body));

            assertThat(result).as(body).isInstanceOfSatisfying(XmlRpcBodies.Fault.class, f -> assertThat(f.message())
                    .isNotBlank().doesNotContainPattern("java\\.|javax\\.|org\\.(apache|xml)|Exception|Error\\b"));
        }
    }

    /** A dateTime.iso8601 reaches the method as RFC 3339 text, or as sent when unreadable: the method says what is wrong. */
    @Test
    void xmlRpcTimesReachTheMethodAsText() throws Exception {
        for (String[] sent : new String[][] {{"20261127T10:00:00", "2026-11-27T10:00:00"}, {"junk", "junk"},
                {"2922789940817T07:12:55", "2922789940817T07:12:55"}}) {
            String body = "<?xml version=\"1.0\"?><methodCall><methodName>X</methodName><params><param><value><dateTime.iso8601>"
                    + sent[0] + "</dateTime.iso8601></value></param></params></methodCall>";
            Object result = XmlRpcBodies.result(answer(body));
            assertThat(result).as(body).isInstanceOfSatisfying(Map.class, r -> assertThat(r.get("value")).isEqualTo(Map.of("echo", sent[1])));
        }
    }

    @Test
    void javaClassNamesAreKeptOutOfGeniMessages() {
        GeniException e = new GeniException(GeniCode.CREDENTIAL_INVALID, "the signature is malformed "
                + "(java.security.SignatureException: Signature length not correct: got 3 but was expecting 128)");

        assertThat((String) GeniReply.error(e).get("output"))
                .isEqualTo("the signature is malformed (Signature length not correct: got 3 but was expecting 128)");
        assertThat((String) GeniReply.error(GeniCode.ERROR, "java.lang.NullPointerException").get("output"))
                .isNotBlank().doesNotContain("java.");
    }

    @SuppressWarnings("unchecked")
    static Object value(String reply) throws Exception {
        Object result = XmlRpcBodies.result(reply);
        assertThat(result).as(reply).isInstanceOf(Map.class);
        return ((Map<String, Object>) ((Map<String, Object>) result).get("value")).get("echo");
    }
}
