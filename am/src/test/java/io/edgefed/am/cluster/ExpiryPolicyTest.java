package io.edgefed.am.cluster;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.support.FixedConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final ExpiryPolicy policy = new ExpiryPolicy(new FixedConfig());

    @Test
    void anAllocatedSliverLivesTenMinutesButNeverPastTheCredential() {
        assertThat(policy.allocated(NOW, NOW.plus(Duration.ofHours(1)))).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(policy.allocated(NOW, NOW.plus(Duration.ofMinutes(3)))).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
    }

    @Test
    void aProvisionedSliverGetsTheEarlierOfTheCredentialAndTheMaximumLease() throws GeniException {
        assertThat(policy.decide(Optional.empty(), true, NOW, NOW.plus(Duration.ofDays(30)), false)).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(policy.decide(Optional.empty(), true, NOW, NOW.plus(Duration.ofHours(2)), false)).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(policy.decide(Optional.of(NOW.plus(Duration.ofHours(1))), true, NOW, NOW.plus(Duration.ofHours(2)), false))
                .isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void askingPastTheLimitIsOutOfRange19UnlessCutToTheLimit() throws GeniException {
        Instant credential = NOW.plus(Duration.ofHours(2));
        Optional<Instant> tooLate = Optional.of(NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> policy.decide(tooLate, true, NOW, credential, false))
                .isInstanceOf(GeniException.class).extracting(e -> ((GeniException) e).code()).isEqualTo(GeniCode.OUTOFRANGE);
        assertThat(policy.decide(tooLate, true, NOW, credential, true)).isEqualTo(credential);
        assertThatThrownBy(() -> policy.decide(Optional.of(NOW.plus(Duration.ofHours(1))), false, NOW, credential, false))
                .hasMessageContaining("allocation timeout");
    }

    @Test
    void askingForThePastIsOutOfRange19EvenWhenCutting() {
        assertThatThrownBy(() -> policy.decide(Optional.of(NOW.minusSeconds(1)), true, NOW, NOW.plus(Duration.ofHours(2)), true))
                .extracting(e -> ((GeniException) e).code()).isEqualTo(GeniCode.OUTOFRANGE);
    }
}
