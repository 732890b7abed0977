package io.edgefed.operator.sliver;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.edgefed.model.Expiry;
import io.edgefed.model.OperationalState;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * The standard conditions on a Sliver: {@code Ready} (the container accepts logins), {@code Valid} (a container can be
 * made from the spec), {@code Expiry} (the expiry annotation is readable, so the Sliver will be deleted on time) and
 * {@code Reconciled} (the operator could write the Sliver's objects; false with the API server's answer when not).
 * A condition keeps its {@code lastTransitionTime} while its status stays the same.
 */
public final class SliverConditions {

    public static final String READY = "Ready";
    public static final String VALID = "Valid";
    public static final String EXPIRY = "Expiry";
    public static final String RECONCILED = "Reconciled";

    private SliverConditions() {
    }

    static List<Condition> of(SliverStates.State state, List<String> problems, Expiry expiry, Long generation,
            List<Condition> previous, Instant now) {
        boolean ready = state.operational() == OperationalState.READY;
        Condition readyCondition = condition(READY, ready, state.reason(), state.message());
        Condition valid = problems.isEmpty()
                ? condition(VALID, true, "SpecValid", "a container can be made from the spec")
                : condition(VALID, false, "InvalidSpec", String.join("; ", problems));
        Condition expiryCondition = switch (expiry.kind()) {
            case VALID -> condition(EXPIRY, true, "Scheduled", "deleted at " + Expiry.format(expiry.instant()));
            case MISSING -> condition(EXPIRY, false, "MissingAnnotation",
                    expiry.problem() + "; until then the Sliver is never deleted");
            case INVALID -> condition(EXPIRY, false, "InvalidAnnotation",
                    expiry.problem() + "; until then the Sliver is never deleted");
        };
        Condition reconciled = condition(RECONCILED, true, "ObjectsWritten",
                "the operator wrote every object the Sliver needs");
        return List.of(readyCondition, valid, expiryCondition, reconciled).stream()
                .map(condition -> stamped(condition, generation, previous, now))
                .toList();
    }

    /** {@code previous} with {@code Reconciled} set false: why the Sliver's objects could not be written. */
    static List<Condition> withReconcileFailure(List<Condition> previous, String why, Long generation, Instant now) {
        Condition failed = stamped(condition(RECONCILED, false, "WriteFailed", why), generation, previous, now);
        List<Condition> others = previous == null ? List.of()
                : previous.stream().filter(condition -> !RECONCILED.equals(condition.getType())).toList();
        return java.util.stream.Stream.concat(others.stream(), java.util.stream.Stream.of(failed)).toList();
    }

    private static Condition condition(String type, boolean status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).build();
    }

    private static Condition stamped(Condition condition, Long generation, List<Condition> previous, Instant now) {
        String since = previous == null ? null : previous.stream()
                .filter(old -> condition.getType().equals(old.getType()) && condition.getStatus().equals(old.getStatus()))
                .map(Condition::getLastTransitionTime)
                .findFirst()
                .orElse(null);
        condition.setLastTransitionTime(since != null ? since : Expiry.format(now.truncatedTo(ChronoUnit.SECONDS)));
        condition.setObservedGeneration(generation);
        return condition;
    }
}
