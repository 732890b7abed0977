package io.edgefed.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Condition;

/** The observed state of a {@link Sliver}, written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SliverStatus {

    private AllocationState allocationState;
    private OperationalState operationalState;
    /** The node the container runs on. */
    private String node;
    /** Where to log in with SSH, once known. */
    private SliverLogin login;
    /** A human-readable account of the state, saying what to do when something is wrong. */
    private String message;
    /** Standard conditions: {@code Ready}, {@code Expiry}, {@code Valid}. */
    private List<Condition> conditions = new ArrayList<>();
    /** The spec generation this status describes. */
    private Long observedGeneration;

    public AllocationState getAllocationState() {
        return allocationState;
    }

    public void setAllocationState(AllocationState allocationState) {
        this.allocationState = allocationState;
    }

    public OperationalState getOperationalState() {
        return operationalState;
    }

    public void setOperationalState(OperationalState operationalState) {
        this.operationalState = operationalState;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public SliverLogin getLogin() {
        return login;
    }

    public void setLogin(SliverLogin login) {
        this.login = login;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
