package io.edgefed.agent.mesh;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.edgefed.agent.wireguard.Cidr;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.WireGuard;
import io.edgefed.model.PeerPath;

/**
 * Runs on the mesh loop every {@link #PERIOD}: reads the received bytes of the direct paths to NATted peers, probes
 * the quiet ones and sends a dead one to the relay at once (see {@link TrafficWatch}); when a path decision changed,
 * the loop reconciles at once.
 */
public final class DirectPathCheck {

    /** How often the direct paths between NATted nodes are checked for traffic. */
    public static final Duration PERIOD = Duration.ofSeconds(2);
    /** WireGuard's KeepaliveTimeout (10 s, a peer answers data with a keepalive within it) and a second of margin. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(11);

    private static final Logger LOG = Logger.getLogger(DirectPathCheck.class);

    private final Supplier<MeshPlan.Result> lastPlan;
    private final Supplier<WireGuard> wireGuard;
    private final TrafficWatch traffic;
    private final PathProbe probe;
    private final PathSelector paths;
    private final Runnable reconcile;

    public DirectPathCheck(Supplier<MeshPlan.Result> lastPlan, Supplier<WireGuard> wireGuard, TrafficWatch traffic, PathProbe probe,
            PathSelector paths, Runnable reconcile) {
        this.lastPlan = lastPlan;
        this.wireGuard = wireGuard;
        this.traffic = traffic;
        this.probe = probe;
        this.paths = paths;
        this.reconcile = reconcile;
    }

    public void run() {
        MeshPlan.Result plan = lastPlan.get();
        WireGuard device = wireGuard.get();
        if (plan == null || device == null || plan.relayable().isEmpty()) {
            traffic.observe(Map.of(), Instant.now());
            return;
        }
        try {
            Instant now = Instant.now();
            DeviceState actual = device.read();
            Map<String, Long> rx = new HashMap<>();
            for (String name : plan.relayable()) {
                MeshPlan.PlannedPeer peer = plan.peers().get(name);
                DeviceState.Peer state = actual.peers().get(peer.publicKey());
                if (peer.mode() == PeerPath.Mode.DIRECT && state != null
                        && state.config().allowedIps().contains(Cidr.host(peer.vpnAddress()))) {
                    rx.put(name, state.rxBytes());
                }
            }
            TrafficWatch.Verdict verdict = traffic.observe(rx, now);
            for (String name : verdict.probe()) {
                probe.send(plan.peers().get(name).vpnAddress());
            }
            if (!verdict.dead().isEmpty()) {
                LOG.infof("no traffic comes back on the direct path to %s; going through the relay", verdict.dead());
            }
            if (paths.observe(plan.relayable(), PathSelector.directPaths(plan, actual), verdict.dead(), now)) {
                reconcile.run();
            }
        } catch (Exception e) {
            LOG.debugf("checking the direct paths failed: %s", e.getMessage());
        }
    }
}
