package io.edgefed.console;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One node as the map and the node list show it. A node is known from its Node object (joined), its VPNPeer (its
 * agent registered in the mesh), or both.
 *
 * @param mesh   {@code public} (reachable at an endpoint), {@code nat} (behind NAT) or {@code none} (no VPNPeer)
 * @param active the operator's verdict on the agent's heartbeat; null without a VPNPeer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeView(String name, boolean joined, boolean ready, boolean controlPlane, String mesh, boolean relay,
        Boolean active, String lastSeen, String inactiveSince, Double latitude, Double longitude, String country,
        String region, int slivers) {
}
