package io.edgefed.geni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeniUrnTest {

    @Test
    void partsOfAUrnWithSubAuthorities() {
        GeniUrn urn = GeniUrn.parse("urn:publicid:IDN+ilabt.imec.be:Project+Slice+My-Exp");

        assertThat(urn.authority()).isEqualTo("ilabt.imec.be:Project");
        assertThat(urn.type()).isEqualTo("slice");
        assertThat(urn.name()).isEqualTo("My-Exp");
        assertThat(urn).hasToString("urn:publicid:IDN+ilabt.imec.be:Project+slice+My-Exp");
    }

    @Test
    void theAuthorityComparesWithoutCaseAndTheNameWithCase() {
        GeniUrn upper = GeniUrn.parse("urn:publicid:IDN+EDGEFED:LOCAL+slice+exp");
        GeniUrn lower = GeniUrn.parse("urn:publicid:IDN+edgefed:local+SLICE+exp");

        assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
        assertThat(upper.canonical()).isEqualTo(lower.canonical()).isEqualTo("urn:publicid:IDN+edgefed:local+slice+exp");
        assertThat(GeniUrn.parse("urn:publicid:IDN+edgefed:local+slice+Exp")).isNotEqualTo(lower);
    }

    @Test
    void anAuthoritySpeaksForItselfAndItsSubAuthoritiesOnly() {
        GeniUrn urn = GeniUrn.parse("urn:publicid:IDN+ilabt.imec.be:project+user+alice");

        assertThat(urn.isWithinAuthority("ilabt.imec.be:project")).isTrue();
        assertThat(urn.isWithinAuthority("ILABT.imec.be")).isTrue();
        assertThat(urn.isWithinAuthority("imec.be")).isFalse();
        assertThat(urn.isWithinAuthority("ilabt.imec")).isFalse();
        assertThat(GeniUrn.parse("urn:publicid:IDN+ilabt.imec.be.evil+user+alice").isWithinAuthority("ilabt.imec.be"))
                .isFalse();
        assertThat(urn.isWithinAuthority("ilabt.imec.be:project:sub")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "urn:publicid:IDN+authority+slice", "urn:publicid:IDN++slice+x",
            "urn:publicid:IDN+a b+slice+x", "urn:publicid:IDN+a+sl1ce+x", "urn:publicid:IDN+a+slice+x y",
            "urn:publicid:IDN+a+slice+",
            // Outside ASCII, case folding differs between comparisons (dotless i, the Kelvin sign): one slice could
            // get two spellings, so such an authority is no URN.
            "urn:publicid:IDN+\u0131labt.imec.be+slice+x", "urn:publicid:IDN+\u212Aa+slice+x",
            "urn:publicid:IDN+caf\u00e9+slice+x"})
    void whatIsNoUrnIsRefusedSayingWhatAUrnLooksLike(String text) {
        assertThatThrownBy(() -> GeniUrn.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urn:publicid:IDN+<authority>+<type>+<name>");
        assertThat(GeniUrn.isUrnOfType(text, "slice")).isFalse();
    }

    @Test
    void nothingIsNoUrnEither() {
        assertThatThrownBy(() -> GeniUrn.parse(null)).hasMessageContaining("a URN is required");
    }

    @Test
    void theSchemeIsCaseInsensitiveAndWrittenInItsUsualSpelling() {
        assertThat(GeniUrn.parse("URN:PUBLICID:IDN+a+slice+x")).hasToString("urn:publicid:IDN+a+slice+x");
    }

    @Test
    void aUrnIsOfOneType() {
        assertThat(GeniUrn.isUrnOfType("urn:publicid:IDN+a+slice+x", "slice")).isTrue();
        assertThat(GeniUrn.isUrnOfType("urn:publicid:IDN+a+user+x", "slice")).isFalse();
        assertThat(GeniUrn.of("a:b", "sliver", "s-1")).isEqualTo(GeniUrn.parse("urn:publicid:IDN+a:b+sliver+s-1"));
    }
}
