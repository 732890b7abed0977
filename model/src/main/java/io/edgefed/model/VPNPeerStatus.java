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
    /** For a NATted node: where a public peer sees its WireGuard packets come from ({@code ip:port}). */
    private String observedEndpoint;
    /** How many of this node's paths are direct, relayed and down (summaries of {@link #getPaths()}). */
    private Integer directPaths;
    private Integer relayedPaths;
    private Integer downPaths;
    /** The agent's heartbeat in seconds: {@code lastSeen} is renewed at least this often. */
    private Integer heartbeatSeconds;

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

    public String getObservedEndpoint() {
        return observedEndpoint;
    }

    public void setObservedEndpoint(String observedEndpoint) {
        this.observedEndpoint = observedEndpoint;
    }

    public Integer getDirectPaths() {
        return directPaths;
    }

    public void setDirectPaths(Integer directPaths) {
        this.directPaths = directPaths;
    }

    public Integer getRelayedPaths() {
        return relayedPaths;
    }

    public void setRelayedPaths(Integer relayedPaths) {
        this.relayedPaths = relayedPaths;
    }

    public Integer getDownPaths() {
        return downPaths;
    }

    public void setDownPaths(Integer downPaths) {
        this.downPaths = downPaths;
    }

    /**
     * Sets {@code directPaths}, {@code relayedPaths} and {@code downPaths} (what {@code kubectl get vpnpeers} prints)
     * from {@link #getPaths()}: whoever writes the paths writes the counts with them, so both say the same.
     */
    public void countPaths() {
        int direct = 0;
        int relayed = 0;
        int down = 0;
        for (PeerPath path : paths == null ? List.<PeerPath>of() : paths.values()) {
            if (path != null && path.getMode() != null) {
                switch (path.getMode()) {
                    case DIRECT -> direct++;
                    case RELAY -> relayed++;
                    case DOWN -> down++;
                }
            }
        }
        directPaths = direct;
        relayedPaths = relayed;
        downPaths = down;
    }

    public Integer getHeartbeatSeconds() {
        return heartbeatSeconds;
    }

    public void setHeartbeatSeconds(Integer heartbeatSeconds) {
        this.heartbeatSeconds = heartbeatSeconds;
    }
}
