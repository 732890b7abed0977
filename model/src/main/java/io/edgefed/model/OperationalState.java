package io.edgefed.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** GENI AM API v3 operational states of a sliver, as the operator observes them. */
public enum OperationalState {
    /** Allocated, not yet provisioned: nothing runs. */
    @JsonProperty("geni_pending_allocation")
    PENDING_ALLOCATION("geni_pending_allocation"),
    /** Provisioned but not running (stopped, or not started yet). */
    @JsonProperty("geni_notready")
    NOT_READY("geni_notready"),
    /** The container is being scheduled, pulled or started. */
    @JsonProperty("geni_configuring")
    CONFIGURING("geni_configuring"),
    /** The container runs and accepts SSH logins. */
    @JsonProperty("geni_ready")
    READY("geni_ready"),
    /** The container is being stopped. */
    @JsonProperty("geni_stopping")
    STOPPING("geni_stopping"),
    /** The container cannot run; the status message says why. */
    @JsonProperty("geni_failed")
    FAILED("geni_failed");

    private final String geni;

    OperationalState(String geni) {
        this.geni = geni;
    }

    /** The state's name on the GENI wire, e.g. {@code geni_ready}. */
    public String geni() {
        return geni;
    }
}
