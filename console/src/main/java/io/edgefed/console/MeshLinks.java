package io.edgefed.console;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;

/**
 * The mesh's links from the agents' reports ({@code status.paths}): one link for every pair of known nodes that has
 * a path in either direction. Both sides may report; the link shows the better of the two (direct over relay over
 * down, the way the traffic can flow) and the later handshake. A path to a name that is no node is left out: it
 * cannot be placed.
 */
final class MeshLinks {

    private MeshLinks() {
    }

    static List<LinkView> of(Collection<VPNPeer> peers, Set<String> knownNodes) {
        Map<String, LinkView> links = new TreeMap<>();
        for (VPNPeer peer : peers) {
            String self = peer.getMetadata().getName();
            if (peer.getStatus() == null || peer.getStatus().getPaths() == null) {
                continue;
            }
            for (Map.Entry<String, PeerPath> entry : peer.getStatus().getPaths().entrySet()) {
                String other = entry.getKey();
                PeerPath path = entry.getValue();
                if (path == null || path.getMode() == null || other.equals(self) || !knownNodes.contains(other)) {
                    continue;
                }
                String a = self.compareTo(other) < 0 ? self : other;
                String b = a.equals(self) ? other : self;
                String id = a + "~" + b;
                LinkView reported = new LinkView(id, a, b, mode(path.getMode()),
                        path.getMode() == PeerPath.Mode.RELAY ? path.getVia() : null, path.getLastHandshake());
                links.merge(id, reported, MeshLinks::better);
            }
        }
        return new ArrayList<>(links.values());
    }

    private static LinkView better(LinkView x, LinkView y) {
        LinkView best = rank(y.mode()) < rank(x.mode()) ? y : x;
        return new LinkView(best.id(), best.a(), best.b(), best.mode(), best.via(),
                later(x.lastHandshake(), y.lastHandshake()));
    }

    private static int rank(String mode) {
        return switch (mode) {
            case "direct" -> 0;
            case "relay" -> 1;
            default -> 2;
        };
    }

    static String mode(PeerPath.Mode mode) {
        return switch (mode) {
            case DIRECT -> "direct";
            case RELAY -> "relay";
            case DOWN -> "down";
        };
    }

    private static String later(String x, String y) {
        if (x == null || y == null) {
            return x == null ? y : x;
        }
        try {
            return OffsetDateTime.parse(x).isAfter(OffsetDateTime.parse(y)) ? x : y;
        } catch (DateTimeParseException unparsable) {
            return x;
        }
    }
}
