package io.edgefed.am.cluster;

import io.edgefed.am.geni.GeniTime;
import io.edgefed.model.AllocationState;
import io.edgefed.model.Expiry;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The GENI view of a Sliver: its allocation and operational states and the sliver struct every method returns.
 * The AM's own spec decides the allocation state; the operator's status decides the operational state once it has
 * observed the current spec, and until then the state is the transition the spec asks for.
 */
public final class SliverReport {

    private SliverReport() {
    }

    public static AllocationState allocation(Sliver s) {
        return s.getSpec().isProvisioned() ? AllocationState.PROVISIONED : AllocationState.ALLOCATED;
    }

    public static OperationalState operational(Sliver s) {
        if (!s.getSpec().isProvisioned()) {
            return OperationalState.PENDING_ALLOCATION;
        }
        SliverStatus status = s.getStatus();
        Long generation = s.getMetadata().getGeneration();
        boolean observed = status != null && status.getOperationalState() != null
                && (generation == null || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation));
        if (observed) {
            return status.getOperationalState();
        }
        return s.getSpec().isRunning() ? OperationalState.CONFIGURING : OperationalState.STOPPING;
    }

    /** The sliver struct: URN, allocation and operational status, expiry and error ("" when none). */
    public static Map<String, Object> of(Sliver s) {
        Map<String, Object> info = new HashMap<>();
        info.put("geni_sliver_urn", s.getSpec().getSliverUrn());
        info.put("geni_allocation_status", allocation(s).geni());
        OperationalState op = operational(s);
        info.put("geni_operational_status", op.geni());
        Expiry expiry = Expiry.of(s);
        if (expiry.isValid()) {
            info.put("geni_expires", GeniTime.format(expiry.instant()));
        }
        String message = s.getStatus() == null ? null : s.getStatus().getMessage();
        info.put("geni_error", op == OperationalState.FAILED && message != null ? GeniErrorText.of(message) : "");
        return info;
    }

    /** The struct of a sliver that was just deleted. */
    public static Map<String, Object> unallocated(Sliver s) {
        Map<String, Object> info = of(s);
        info.put("geni_allocation_status", AllocationState.UNALLOCATED.geni());
        info.put("geni_operational_status", OperationalState.PENDING_ALLOCATION.geni());
        // What went wrong with the sliver before is over: it is gone, and omni counts any error as a failed Delete.
        info.put("geni_error", "");
        return info;
    }

    /** A sliver struct for one that could not be changed, with the reason in {@code geni_error}. */
    public static Map<String, Object> failed(Sliver s, String error) {
        Map<String, Object> info = of(s);
        info.put("geni_error", error);
        return info;
    }

    public static List<Object> of(List<Sliver> slivers) {
        List<Object> out = new ArrayList<>(slivers.size());
        for (Sliver s : slivers) {
            out.add(of(s));
        }
        return out;
    }
}
