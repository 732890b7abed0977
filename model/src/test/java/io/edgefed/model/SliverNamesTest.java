package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SliverNamesTest {

    private static final String DNS_1123_LABEL = "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

    @Test
    void sameSliceAndClientIdAlwaysGiveTheSameName() {
        String first = SliverNames.sliverName("urn:publicid:IDN+ch.geni.net:edgefed+slice+demo", "node-0");
        String again = SliverNames.sliverName("urn:publicid:IDN+ch.geni.net:edgefed+slice+demo", "node-0");
        assertThat(first).isEqualTo(again);
    }

    @Test
    void nameIsALetterAndSixteenHexDigitsWhateverTheUrnHolds() {
        String name = SliverNames.sliverName("urn:publicid:IDN+wall2.ilabt.iminds.be+slice+Ünïcode %2B/slice", "Node_0!");
        assertThat(name).matches(DNS_1123_LABEL).hasSize(17).startsWith("s");
    }

    @Test
    void differentClientIdsOrSlicesGiveDifferentNames() {
        String slice = "urn:publicid:IDN+example.org+slice+s1";
        assertThat(SliverNames.sliverName(slice, "a")).isNotEqualTo(SliverNames.sliverName(slice, "b"));
        assertThat(SliverNames.sliverName("urn:publicid:IDN+example.org+slice+s2", "a"))
                .isNotEqualTo(SliverNames.sliverName(slice, "a"));
    }

    @Test
    void splittingTheInputDifferentlyDoesNotCollide() {
        assertThat(SliverNames.sliverName("ab", "c")).isNotEqualTo(SliverNames.sliverName("a", "bc"));
    }

    @Test
    void sliceLabelIsAValidLabelValue() {
        String label = SliverNames.sliceLabel("urn:publicid:IDN+example.org+slice+with spaces and +plus");
        assertThat(label).matches("^[a-f0-9]{32}$");
        assertThat(label).isEqualTo(SliverNames.sliceLabel("urn:publicid:IDN+example.org+slice+with spaces and +plus"));
    }

    @Test
    void emptyInputIsRefusedWithItsName() {
        assertThatThrownBy(() -> SliverNames.sliverName("urn:publicid:IDN+a+slice+b", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client_id");
    }
}
