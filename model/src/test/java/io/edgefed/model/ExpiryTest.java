package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class ExpiryTest {

    @Test
    void writtenExpiryIsRfc3339InUtcAndReadsBack() {
        Sliver sliver = new Sliver();
        sliver.setMetadata(new ObjectMetaBuilder().withName("s1").build());
        Instant instant = Instant.parse("2026-11-27T08:58:35Z");

        Expiry.write(sliver, instant);

        assertThat(sliver.getMetadata().getAnnotations()).containsEntry(EdgefedKeys.EXPIRES_ANNOTATION, "2026-11-27T08:58:35Z");
        assertThat(Expiry.of(sliver).instant()).isEqualTo(instant);
    }

    @Test
    void offsetsOtherThanUtcAreUnderstood() {
        assertThat(Expiry.parse("2026-11-27T09:58:35+01:00").instant()).isEqualTo(Instant.parse("2026-11-27T08:58:35Z"));
        assertThat(Expiry.parse("2026-11-27t08:58:35.5z").instant()).isEqualTo(Instant.parse("2026-11-27T08:58:35.500Z"));
    }

    @Test
    void missingAnnotationIsReportedAsMissing() {
        Sliver sliver = new Sliver();
        sliver.setMetadata(new ObjectMetaBuilder().withName("s1").withAnnotations(Map.of()).build());

        Expiry expiry = Expiry.of(sliver);

        assertThat(expiry.kind()).isEqualTo(Expiry.Kind.MISSING);
        assertThat(expiry.problem()).contains("missing").contains(EdgefedKeys.EXPIRES_ANNOTATION);
    }

    @Test
    void unparsableAnnotationSaysWhatItHoldsAndWhatIsExpected() {
        Expiry expiry = Expiry.parse("tomorrow at noon");

        assertThat(expiry.kind()).isEqualTo(Expiry.Kind.INVALID);
        assertThat(expiry.problem()).contains("tomorrow at noon").contains("RFC 3339");
        assertThatThrownBy(expiry::instant).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTimeWithoutOffsetIsNotRfc3339() {
        assertThat(Expiry.parse("2026-11-27T08:58:35").kind()).isEqualTo(Expiry.Kind.INVALID);
    }

    @Test
    void expiredAtTheInstantAndAfterButNeverWhenTheAnnotationIsMissingOrUnreadable() {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        Expiry expiry = Expiry.parse("2026-11-27T10:00:00Z");

        assertThat(expiry.isExpiredAt(at.minusMillis(1))).isFalse();
        assertThat(expiry.isExpiredAt(at)).isTrue();
        assertThat(expiry.isExpiredAt(at.plusSeconds(1))).isTrue();
        assertThat(Expiry.parse(null).isExpiredAt(at)).isFalse();
        assertThat(Expiry.parse("tomorrow").isExpiredAt(at)).isFalse();
    }
}
