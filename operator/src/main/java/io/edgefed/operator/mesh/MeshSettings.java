package io.edgefed.operator.mesh;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the operator judges the VPN mesh's records ({@code edgefed.operator.mesh.*}).
 */
@ConfigMapping(prefix = "edgefed.operator.mesh")
public interface MeshSettings {

    /**
     * How long a node may go without its agent reporting itself alive ({@code status.lastSeen}) before its VPNPeer is
     * marked inactive. Default 2 minutes: several missed heartbeats, well under the hour after which agents drop the
     * peer from WireGuard (docs/DESIGN.md, VPNPeer).
     */
    @WithDefault("2m")
    Duration inactiveAfter();

    /**
     * Namespace for the Kubernetes Events about VPNPeers. VPNPeers are cluster-scoped, and {@code kubectl describe}
     * looks for events about cluster-scoped objects in {@code default}.
     */
    @WithDefault("default")
    String eventNamespace();
}
