package io.edgefed.agent.record;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * The one condition the agent writes on its VPNPeer, {@code Relay}: whether the node forwards for NATted peers, and
 * when it was asked to ({@code EDGEFED_RELAY=true}) but cannot, why. The operator's conditions are left as they are.
 */
public final class RelayCondition {

    public static final String TYPE = "Relay";

    private RelayCondition() {
    }

    /** The condition for a node asked to relay ({@code requested}) whose NAT verdict is {@code behindNat}, because {@code why}. */
    public static Condition of(boolean requested, boolean behindNat, String why, Instant now) {
        String status;
        String reason;
        String message;
        if (!requested) {
            status = "False";
            reason = "NotRequested";
            message = "EDGEFED_RELAY is not true";
        } else if (behindNat) {
            status = "False";
            reason = "BehindNat";
            message = "EDGEFED_RELAY=true, but this node is behind NAT (" + why
                    + "); a relay must be public: set EDGEFED_ENDPOINT or EDGEFED_PUBLIC=true if the world reaches it";
        } else {
            status = "True";
            reason = "Relaying";
            message = "public (" + why + ") and announced as a relay";
        }
        return new ConditionBuilder().withType(TYPE).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString()).build();
    }

    /** {@code conditions} with the Relay condition replaced by {@code relay}; the transition time kept when the status is. */
    static List<Condition> replace(List<Condition> conditions, Condition relay) {
        List<Condition> out = new ArrayList<>();
        boolean placed = false;
        for (Condition existing : conditions == null ? List.<Condition>of() : conditions) {
            if (!TYPE.equals(existing.getType())) {
                out.add(existing);
            } else if (!placed) {
                placed = true;
                out.add(Objects.equals(existing.getStatus(), relay.getStatus()) && existing.getLastTransitionTime() != null
                        ? new ConditionBuilder(relay).withLastTransitionTime(existing.getLastTransitionTime()).build() : relay);
            }
        }
        if (!placed) {
            out.add(relay);
        }
        return out;
    }

    static boolean sameMeaning(Condition a, Condition b) {
        return a == null ? b == null
                : b != null && Objects.equals(a.getStatus(), b.getStatus()) && Objects.equals(a.getReason(), b.getReason())
                        && Objects.equals(a.getMessage(), b.getMessage());
    }
}
