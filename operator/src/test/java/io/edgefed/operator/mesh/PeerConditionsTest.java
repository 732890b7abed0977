package io.edgefed.operator.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;

class PeerConditionsTest {

    private static final Instant T1 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-27T10:05:00Z");

    private static Condition agents(String type) {
        return PeerConditions.of(type, true, "Up", "interface up", 1L, T1);
    }

    @Test
    void theAgentsConditionsAreKeptInPlaceAndOursAreReplacedOrAppended() {
        List<Condition> current = List.of(agents("InterfaceUp"), PeerConditions.of("Active", true, "Seen", "m", 1L, T1),
                agents("PeersApplied"));

        List<Condition> merged = PeerConditions.merge(current, List.of(
                PeerConditions.of("Active", false, "NotSeen", "gone", 1L, T2),
                PeerConditions.of("AddressesClaimed", true, "Claimed", "ok", 1L, T2)));

        assertThat(merged).extracting(Condition::getType)
                .containsExactly("InterfaceUp", "Active", "PeersApplied", "AddressesClaimed");
        assertThat(merged.get(0)).isSameAs(current.get(0));
        assertThat(merged.get(1).getStatus()).isEqualTo("False");
        assertThat(merged.get(1).getLastTransitionTime()).isEqualTo("2026-11-27T10:05:00Z");
    }

    @Test
    void anUnchangedStatusKeepsItsTransitionTimeAndMeansTheSame() {
        List<Condition> current = List.of(PeerConditions.of("Active", true, "Seen", "m", 1L, T1));

        List<Condition> merged = PeerConditions.merge(current, List.of(PeerConditions.of("Active", true, "Seen", "m", 1L, T2)));

        assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(PeerConditions.sameMeaning(current, merged)).isTrue();
        assertThat(PeerConditions.sameMeaning(current,
                List.of(PeerConditions.of("Active", true, "Seen", "other", 1L, T1)))).isFalse();
    }
}
