package io.edgefed.operator.mesh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.edgefed.model.VPNPeer;

/**
 * Keeps {@code edgefed.operator.mesh.inactive-after} from marking live nodes inactive. Agents renew
 * {@code status.lastSeen} every heartbeat ({@code EDGEFED_HEARTBEAT}, default 60 s) and report it in
 * {@code status.heartbeatSeconds}; a limit under two heartbeats would mark a healthy node inactive between two of its
 * reports. Such a limit is refused for that node: it is judged with two of its heartbeats instead, and a warning says
 * so, once per node and heartbeat. At start, a limit under two default heartbeats is warned about.
 */
final class AgentHeartbeats {

    /** The agents' default {@code EDGEFED_HEARTBEAT}. */
    static final Duration DEFAULT_AGENT_HEARTBEAT = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(AgentHeartbeats.class);

    private final Duration inactiveAfter;
    private final Map<String, Integer> warned = new ConcurrentHashMap<>();

    AgentHeartbeats(Duration inactiveAfter) {
        this.inactiveAfter = inactiveAfter;
        if (inactiveAfter.compareTo(DEFAULT_AGENT_HEARTBEAT.multipliedBy(2)) < 0) {
            LOG.warnf("edgefed.operator.mesh.inactive-after=%s is under two of the agents' default heartbeats (%s); nodes "
                    + "whose agents report less often are judged with two of their own heartbeats instead", inactiveAfter,
                    DEFAULT_AGENT_HEARTBEAT);
        }
    }

    /** The inactivity limit for {@code peer}: the configured one, or two of its agent's heartbeats when that is longer. */
    Duration inactiveAfter(VPNPeer peer) {
        Integer seconds = peer.getStatus() == null ? null : peer.getStatus().getHeartbeatSeconds();
        if (seconds == null || seconds <= 0) {
            return inactiveAfter;
        }
        Duration floor = Duration.ofSeconds(seconds).multipliedBy(2);
        if (floor.compareTo(inactiveAfter) <= 0) {
            return inactiveAfter;
        }
        String name = peer.getMetadata().getName();
        if (!seconds.equals(warned.put(name, seconds))) {
            LOG.warnf("VPNPeer %s: its agent reports every %d s, so edgefed.operator.mesh.inactive-after=%s would mark it "
                    + "inactive between two reports; judging it with %s instead", name, seconds, inactiveAfter, floor);
        }
        return floor;
    }
}
