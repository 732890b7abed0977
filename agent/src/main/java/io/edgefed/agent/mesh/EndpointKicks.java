package io.edgefed.agent.mesh;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.WireGuardKey;

/**
 * The peers whose planned endpoint changed since the last plan (a public node published a new observation, a peer
 * announced a new endpoint): tried at once, even over a fresh handshake (see {@code ConfigDiff}), and told to the
 * {@link PathSelector} as a new path. A peer seen for the first time (as after an agent restart) is not kicked: its
 * session, if any, goes on where WireGuard roamed it.
 */
public final class EndpointKicks {

    private static final Logger LOG = Logger.getLogger(EndpointKicks.class);

    private final PathSelector paths;
    private final Map<WireGuardKey, InetSocketAddress> offered = new HashMap<>();

    public EndpointKicks(PathSelector paths) {
        this.paths = paths;
    }

    /** The keys of the peers to kick for {@code plan}; remembers the plan's endpoints for the next call. */
    public Set<WireGuardKey> of(MeshPlan.Result plan) {
        Set<WireGuardKey> kick = new HashSet<>();
        Set<WireGuardKey> planned = new HashSet<>();
        for (MeshPlan.PlannedPeer peer : plan.peers().values()) {
            planned.add(peer.publicKey());
            if (peer.endpoint() != null) {
                InetSocketAddress before = offered.put(peer.publicKey(), peer.endpoint());
                if (before != null && !before.equals(peer.endpoint())) {
                    kick.add(peer.publicKey());
                    paths.newEndpoint(peer.name());
                    LOG.infof("trying %s at its new endpoint %s at once (was %s)", peer.name(),
                            Addresses.formatEndpoint(peer.endpoint()), Addresses.formatEndpoint(before));
                }
            }
        }
        offered.keySet().retainAll(planned);
        return kick;
    }
}
