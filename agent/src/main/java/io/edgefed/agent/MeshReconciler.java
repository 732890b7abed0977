package io.edgefed.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.edgefed.agent.mesh.ChangeSummary;
import io.edgefed.agent.mesh.EndpointKicks;
import io.edgefed.agent.mesh.MeshPlan;
import io.edgefed.agent.mesh.NatDetector;
import io.edgefed.agent.mesh.PathProbe;
import io.edgefed.agent.mesh.PathReport;
import io.edgefed.agent.mesh.PathSelector;
import io.edgefed.agent.mesh.RelayLatency;
import io.edgefed.agent.mesh.RemovalGuard;
import io.edgefed.agent.mesh.RemovedEndpoints;
import io.edgefed.agent.node.AgentConfig;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.AgentMetrics;
import io.edgefed.agent.node.OwnNode;
import io.edgefed.agent.node.SystemdNotifier;
import io.edgefed.agent.record.PeerWatch;
import io.edgefed.agent.record.RecordWriter;
import io.edgefed.agent.wireguard.ConfigDiff;
import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.MeshInterface;
import io.edgefed.agent.wireguard.WireGuard;
import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;

/**
 * One full comparison of the mesh with the interface, on the single mesh loop thread: plans the mesh
 * ({@link MeshPlan}) from the watched VPNPeers, diffs it against the interface ({@link ConfigDiff}), lets the
 * {@link RemovalGuard} hold back what looks like lost API data, applies only the differences and hands what it found
 * to the {@link RecordWriter}. Runs at every VPNPeer change ({@link #trigger}), every resync period, and when a path
 * decision changed. Never throws: a failure is logged and reported to the health checks, and the next run tries again.
 */
final class MeshReconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MeshReconciler.class);

    private final AgentConfig config;
    private final AgentHealth health;
    private final AgentMetrics metrics;
    private final SystemdNotifier notifier;
    private final OwnNode self;
    private final MeshInterface iface;
    private final PeerWatch watch;
    private final RecordWriter writer;
    private final PathSelector paths;
    private final PathProbe probe;
    private final ScheduledExecutorService loop;
    private final EndpointKicks kicks;
    private final RemovalGuard removalGuard;
    private final RemovedEndpoints removedEndpoints = new RemovedEndpoints();
    private final RelayLatency relayLatency;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile MeshPlan.Result lastPlan;
    private Set<String> lastRelayed = Set.of();
    private String relayInUse;
    private List<String> planNotes = List.of();
    private boolean readySent;

    MeshReconciler(AgentConfig config, AgentHealth health, AgentMetrics metrics, SystemdNotifier notifier, OwnNode self,
            MeshInterface iface, PeerWatch watch, RecordWriter writer, PathSelector paths, PathProbe probe,
            ScheduledExecutorService loop) {
        this.config = config;
        this.health = health;
        this.metrics = metrics;
        this.notifier = notifier;
        this.self = self;
        this.iface = iface;
        this.watch = watch;
        this.writer = writer;
        this.paths = paths;
        this.probe = probe;
        this.loop = loop;
        this.kicks = new EndpointKicks(paths);
        this.removalGuard = new RemovalGuard(config.massRemovalShare(), config.massRemovalGrace());
        this.relayLatency = new RelayLatency(config.resyncPeriod(), RelayLatency.TIMEOUT, RelayLatency.ECHO);
    }

    /** Asks the loop to reconcile soon; many triggers in a row make one reconciliation. */
    void trigger() {
        if (pending.compareAndSet(false, true)) {
            loop.execute(() -> {
                pending.set(false);
                reconcile();
            });
        }
    }

    /** The plan last applied (null before the first). */
    MeshPlan.Result lastPlan() {
        return lastPlan;
    }

    /** One full comparison of the mesh with the interface; runs only on the loop thread. */
    void reconcile() {
        health.loopRan();
        Instant now = Instant.now();
        try {
            if (!watch.started() && self.ipv4() != null) {
                watch.start();
            } else if (watch.started()) {
                watch.checkAlive(now);
            }
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            LOG.warnf("watching VPNPeers failed: %s; the interface keeps its configuration", e.getMessage());
            return;
        }
        PeerWatch.Listing listing = watch.listing().orElse(null);
        if (listing == null) {
            return;
        }
        List<VPNPeer> records = listing.records();
        boolean ownListed = listing.ownListed();
        health.ownRecord(ownListed);
        try {
            iface.reopenIfGone(self.privateKey(), self.ipv4(), self.ipv6());
            health.interfaceUp(iface.isUp());
            MeshPlan.Self me = new MeshPlan.Self(self.name(), self.privateKey(), self.publicKey(), config.listenPort(), self.ipv4(),
                    self.ipv6(), self.behindNat());
            int keepalive = (int) config.keepalive().toSeconds();
            WireGuard wireGuard = iface.wireGuard();
            DeviceState actual = wireGuard.read();
            MeshPlan.Context context = new MeshPlan.Context(now, config.removeInactiveAfter(), relayLatency.latest(), relayInUse);
            MeshPlan.Result plan = MeshPlan.compute(me, records, paths.relayed(), keepalive, context);
            if (paths.observe(plan.relayable(), PathSelector.directPaths(plan, actual), Set.of(), now)) {
                plan = MeshPlan.compute(me, records, paths.relayed(), keepalive, context);
            }
            noteRelayAndInactive(plan, context);
            DeviceChange change = removedEndpoints.apply(removalGuard.filter(
                    ConfigDiff.between(plan.config(), actual, now, kicks.of(plan)), actual.peers().size(), ownListed, now), actual, now);
            health.removalsHeld(removalGuard.holding());
            Instant settles = removalGuard.settlesAfter(now);
            if (settles != null) {
                loop.schedule(this::trigger, Duration.between(now, settles).toMillis() + 50, TimeUnit.MILLISECONDS);
            }
            if (!change.isEmpty()) {
                wireGuard.apply(change);
                LOG.infof("applied %s", ChangeSummary.of(change, plan));
            }
            probeReturnedPaths(plan);
            lastPlan = plan;
            health.applied(plan.peers().size(), plan.skipped().size());
            if (!readySent) {
                readySent = true;
                notifier.ready("meshed with " + plan.peers().size() + " peers");
            }
            DeviceState after = wireGuard.read();
            PathReport report = PathReport.of(plan, after, self.behindNat(), now);
            metrics.observed(observation(plan, after, report));
            writer.handOver(new RecordWriter.Work(NatDetector.observedSelf(records, self.name()), plan.skipped(),
                    records.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()), report.observed(),
                    report.paths(), ownListed, now));
        } catch (Exception e) {
            health.applyFailed(e.getMessage());
            LOG.warnf("reconciling the mesh failed: %s; retrying at the next change or resync", e.getMessage());
            LOG.debug("reconcile failed", e);
        }
    }

    /** What the metrics show of this run: path counts, the peers' handshakes and the relay's byte counters. */
    private static AgentMetrics.MeshObservation observation(MeshPlan.Result plan, DeviceState state, PathReport report) {
        Map<PeerPath.Mode, Long> modes = report.paths().values().stream()
                .collect(Collectors.groupingBy(PeerPath::getMode, Collectors.counting()));
        List<Instant> handshakes = new ArrayList<>();
        for (MeshPlan.PlannedPeer peer : plan.peers().values()) {
            DeviceState.Peer actual = state.peers().get(peer.publicKey());
            if (actual != null && actual.lastHandshake() != null) {
                handshakes.add(actual.lastHandshake());
            }
        }
        MeshPlan.PlannedPeer relay = plan.relay() == null ? null : plan.peers().get(plan.relay());
        DeviceState.Peer relayState = relay == null ? null : state.peers().get(relay.publicKey());
        return new AgentMetrics.MeshObservation(modes.getOrDefault(PeerPath.Mode.DIRECT, 0L).intValue(),
                modes.getOrDefault(PeerPath.Mode.RELAY, 0L).intValue(), modes.getOrDefault(PeerPath.Mode.DOWN, 0L).intValue(),
                handshakes, relayState == null ? 0 : relayState.rxBytes(), relayState == null ? 0 : relayState.txBytes());
    }

    /** Remembers the relay for the next plan's hysteresis, hands the candidates to the RTT thread, logs changes. */
    private void noteRelayAndInactive(MeshPlan.Result plan, MeshPlan.Context context) {
        Set<String> relayed = relayedPeers(plan);
        if (!relayed.equals(lastRelayed)) {
            LOG.infof(relayed.isEmpty() ? "every path is direct" : "through relay %s: %s", plan.relay(), relayed);
        } else if (!relayed.isEmpty() && plan.relay() != null && !plan.relay().equals(relayInUse)) {
            LOG.infof("relay now %s (round-trip times %s)", plan.relay(), context.relayRtts());
        }
        relayInUse = plan.relay();
        relayLatency.measure(plan.relayCandidates());
        if (!plan.notes().equals(planNotes)) {
            plan.notes().stream().filter(note -> !planNotes.contains(note)).forEach(LOG::info);
            planNotes = plan.notes();
        }
    }

    private static Set<String> relayedPeers(MeshPlan.Result plan) {
        return plan.peers().values().stream().filter(p -> p.mode() == PeerPath.Mode.RELAY).map(MeshPlan.PlannedPeer::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A path back from the relay gets a probe at once, so the peer sees bytes on its direct path without waiting. */
    private void probeReturnedPaths(MeshPlan.Result plan) {
        Set<String> relayed = relayedPeers(plan);
        for (String name : lastRelayed) {
            MeshPlan.PlannedPeer peer = plan.peers().get(name);
            if (!relayed.contains(name) && peer != null && peer.mode() == PeerPath.Mode.DIRECT) {
                probe.send(peer.vpnAddress());
            }
        }
        lastRelayed = relayed;
    }

    @Override
    public void close() {
        relayLatency.close();
    }
}
