package io.edgefed.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Condition;

/**
 * What a node observes of the mesh. Written by the node's own agent, except {@link #getInactiveSince()}, which the
 * operator sets when the node has not been seen alive for too long.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VPNPeerStatus {

    /** For a public node: the endpoint ({@code ip:port}) it observes for each NATted peer, by peer name. */
    private Map<String, String> observedEndpoints = new LinkedHashMap<>();
    /** The path this node uses towards each peer, by peer name. */
    private Map<String, PeerPath> paths = new LinkedHashMap<>();
    /** RFC 3339 time at which the agent last reported itself alive. */
    private String lastSeen;
    /** RFC 3339 time since which the operator considers the node inactive; absent while it is active. */
    private String inactiveSince;
    /** Standard conditions. */
    private List<Condition> conditions = new ArrayList<>();

    public Map<String, String> getObservedEndpoints() {
        return observedEndpoints;
    }

    public void setObservedEndpoints(Map<String, String> observedEndpoints) {
        this.observedEndpoints = observedEndpoints;
    }

    public Map<String, PeerPath> getPaths() {
        return paths;
    }

    public void setPaths(Map<String, PeerPath> paths) {
        this.paths = paths;
    }

    public String getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(String lastSeen) {
        this.lastSeen = lastSeen;
    }

    public String getInactiveSince() {
        return inactiveSince;
    }

    public void setInactiveSince(String inactiveSince) {
        this.inactiveSince = inactiveSince;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
