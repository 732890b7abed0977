package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.support.FixedConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default limits (FixedConfig mirrors them): at the limit passes, one over is 6 TOOBIG naming the limit. */
class RequestLimitsTest {

    final RequestLimits limits = new RequestLimits(new FixedConfig());

    @Test
    void nodesPerAllocate() {
        assertThatCode(() -> limits.checkNodes(200)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.checkNodes(201)).isInstanceOfSatisfying(GeniException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(GeniCode.TOOBIG))
                .hasMessageContaining("at most 200");
    }

    @Test
    void sliversPerSliceCountsWhatTheSliceAlreadyHolds() {
        assertThatCode(() -> limits.checkSliceSize(300, 200)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.checkSliceSize(301, 200)).isInstanceOfSatisfying(GeniException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(GeniCode.TOOBIG))
                .hasMessageContaining("at most 500");
    }
}
