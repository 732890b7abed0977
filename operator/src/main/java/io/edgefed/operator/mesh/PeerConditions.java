package io.edgefed.operator.mesh;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * The conditions the operator owns on a VPNPeer ({@value PeerLiveness#CONDITION}, {@value ClaimConsistency#CONDITION},
 * {@value SharedPublicKeys#CONDITION}), merged into the list the agent also writes to, leaving the agent's own types
 * as they are.
 */
final class PeerConditions {

    static final List<String> OWNED_TYPES = List.of(PeerLiveness.CONDITION, ClaimConsistency.CONDITION,
            SharedPublicKeys.CONDITION);

    private PeerConditions() {
    }

    static Condition of(String type, boolean ok, String reason, String message, Long generation, Instant now) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(ok ? "True" : "False")
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    /**
     * Replaces the owned conditions in {@code current} by {@code mine}; keeps every other type and the order. A
     * condition whose status did not change keeps its {@code lastTransitionTime}.
     */
    static List<Condition> merge(List<Condition> current, List<Condition> mine) {
        List<Condition> merged = new ArrayList<>();
        List<Condition> pending = new ArrayList<>(mine);
        for (Condition existing : current == null ? List.<Condition>of() : current) {
            Optional<Condition> replacement = pending.stream().filter(c -> c.getType().equals(existing.getType()))
                    .findFirst();
            if (replacement.isPresent()) {
                pending.remove(replacement.get());
                merged.add(keepTransitionTime(existing, replacement.get()));
            } else {
                merged.add(existing);
            }
        }
        merged.addAll(pending);
        return merged;
    }

    /** Whether two lists say the same, ignoring {@code lastTransitionTime}. */
    static boolean sameMeaning(List<Condition> a, List<Condition> b) {
        List<Condition> left = a == null ? List.of() : a;
        List<Condition> right = b == null ? List.of() : b;
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!sameMeaning(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static boolean sameMeaning(Condition x, Condition y) {
        return Objects.equals(x.getType(), y.getType()) && Objects.equals(x.getStatus(), y.getStatus())
                && Objects.equals(x.getReason(), y.getReason()) && Objects.equals(x.getMessage(), y.getMessage())
                && Objects.equals(x.getObservedGeneration(), y.getObservedGeneration());
    }

    private static Condition keepTransitionTime(Condition existing, Condition replacement) {
        if (!Objects.equals(existing.getStatus(), replacement.getStatus()) || existing.getLastTransitionTime() == null) {
            return replacement;
        }
        return new ConditionBuilder(replacement).withLastTransitionTime(existing.getLastTransitionTime()).build();
    }
}
