package io.edgefed.agent.mesh;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.Handshake;
import io.edgefed.model.PeerPath;

/**
 * What this node reports of its peers in its status: the path to each planned peer (relayed, direct with a live
 * session, or down) and, on a public node, where each NATted peer with a live session is seen ({@code observed}: name →
 * ip:port), which NATted nodes use to reach each other.
 */
public record PathReport(Map<String, String> observed, Map<String, PeerPath> paths) {

    /** The report for {@code plan} from the interface's state {@code actual}; {@code selfBehindNat} of this node. */
    public static PathReport of(MeshPlan.Result plan, DeviceState actual, boolean selfBehindNat, Instant now) {
        Map<String, String> observed = new LinkedHashMap<>();
        Map<String, PeerPath> paths = new LinkedHashMap<>();
        for (MeshPlan.PlannedPeer peer : plan.peers().values()) {
            DeviceState.Peer state = actual.peers().get(peer.publicKey());
            Instant handshake = state == null ? null : state.lastHandshake();
            boolean fresh = Handshake.isFresh(handshake, now);
            String endpoint = state == null || state.endpoint() == null ? null : Addresses.formatEndpoint(state.endpoint());
            if (!selfBehindNat && peer.behindNat() && fresh && endpoint != null) {
                observed.put(peer.name(), endpoint);
            }
            PeerPath.Mode mode = peer.mode() == PeerPath.Mode.RELAY ? PeerPath.Mode.RELAY
                    : fresh ? PeerPath.Mode.DIRECT : PeerPath.Mode.DOWN;
            paths.put(peer.name(), new PeerPath(mode, peer.via(), endpoint,
                    handshake == null ? null : handshake.truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        return new PathReport(observed, paths);
    }
}
