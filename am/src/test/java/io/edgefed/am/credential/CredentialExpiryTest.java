package io.edgefed.am.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

class CredentialExpiryTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-W49-5T10:00:00Z", "20261204T100000Z", "2026-338T10:00:00Z", "2026-02-30T10:00:00Z",
            "2026-12-04T24:00:00Z", "tomorrow", "2026-12-04T10:00:00+25:00"})
    void anExpiryTheAmCannotReadIsABadArgumentNamingTheCredential(String expires) throws Exception {
        GeniException refusal = catchThrowableOfType(GeniException.class,
                () -> SignedCredential.expires(credential(expires)));

        assertThat(refusal).isNotNull();
        assertThat(refusal.code()).isEqualTo(GeniCode.BADARGS);
        assertThat(refusal.getMessage()).contains("ref0").contains("<expires>").contains("RFC 3339");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00+18:00", "+10000-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z"})
    void anExpiryBeyondTheYearsOfRfc3339IsOutOfRange(String expires) throws Exception {
        GeniException refusal = catchThrowableOfType(GeniException.class,
                () -> SignedCredential.expires(credential(expires)));

        assertThat(refusal).isNotNull();
        assertThat(refusal.code()).isEqualTo(GeniCode.OUTOFRANGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:00:00Z", "2026-12-04T10:00:00", "2026-12-04T11:00:00+01:00"})
    void aReadableExpiryIsTheInstantItNames(String expires) throws Exception {
        assertThat(SignedCredential.expires(credential(expires))).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    }

    private static Element credential(String expires) throws Exception {
        String xml = "<credential xml:id=\"ref0\"><type>privilege</type><expires>" + expires + "</expires></credential>";
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }
}
