package io.edgefed.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** GENI AM API v3 allocation states of a sliver. */
public enum AllocationState {
    /** No resources are held (reported only for a sliver that is gone). */
    @JsonProperty("geni_unallocated")
    UNALLOCATED("geni_unallocated"),
    /** Resources are reserved but not instantiated; they expire quickly unless provisioned. */
    @JsonProperty("geni_allocated")
    ALLOCATED("geni_allocated"),
    /** Resources are instantiated for the experimenter. */
    @JsonProperty("geni_provisioned")
    PROVISIONED("geni_provisioned");

    private final String geni;

    AllocationState(String geni) {
        this.geni = geni;
    }

    /** The state's name on the GENI wire, e.g. {@code geni_provisioned}. */
    public String geni() {
        return geni;
    }
}
