package io.edgefed.agent.record;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.edgefed.agent.mesh.MeshPlan;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.AgentMetrics;
import io.edgefed.agent.node.AgentThreads;
import io.edgefed.agent.node.OwnNode;
import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.model.PeerPath;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes what a reconciliation found to the API, on a thread of its own so a slow or unreachable API server never
 * stalls the WireGuard loop: the own spec (after NAT re-detection), the address claims (checked every heartbeat, and
 * made again with the record when it was lost), Events about skipped peers, and the own status. A newer hand-over
 * replaces one not yet written.
 */
public final class RecordWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordWriter.class);

    /** What the loop hands over after a reconciliation. */
    public record Work(Optional<InetSocketAddress> observedSelf, List<MeshPlan.SkippedPeer> skipped, Set<String> names,
            Map<String, String> observed, Map<String, PeerPath> paths, boolean ownListed, Instant now) {
    }

    private final KubernetesClient client;
    private final OwnNode self;
    private final OwnPeerRecord record;
    private final SpecPublisher spec;
    private final PeerEvents events;
    private final PeerWatch watch;
    private final AgentHealth health;
    private final AgentMetrics metrics;
    private final Duration heartbeat;
    private final ScheduledExecutorService api = AgentThreads.singleDaemon("edgefed-api");
    private final AtomicReference<Work> pending = new AtomicReference<>();
    private Instant claimsCheckedAt = Instant.EPOCH;
    private volatile String observedSelf;

    public RecordWriter(KubernetesClient client, OwnNode self, OwnPeerRecord record, SpecPublisher spec, PeerEvents events,
            PeerWatch watch, AgentHealth health, AgentMetrics metrics, Duration heartbeat) {
        this.client = client;
        this.self = self;
        this.record = record;
        this.spec = spec;
        this.events = events;
        this.watch = watch;
        this.health = health;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    /** Hands {@code work} to the API thread; returns at once. */
    public void handOver(Work work) {
        if (pending.getAndSet(work) == null) {
            api.execute(() -> {
                Work latest = pending.getAndSet(null);
                if (latest != null) {
                    write(latest);
                }
            });
        }
    }

    private void write(Work work) {
        String nodeName = self.name();
        try {
            if (!work.ownListed()) {
                LOG.warnf("VPNPeer %s is missing from the API; making it again with the same key and addresses", nodeName);
                spec.forgetPublished();
            }
            if (!work.ownListed() || !work.now().isBefore(claimsCheckedAt.plus(heartbeat))) {
                claimsCheckedAt = work.now();
                VpnAddressClaimer claimer = new VpnAddressClaimer(client, nodeName);
                if (claimer.ensureHeld(self.ipv4())) {
                    metrics.claimRecreated();
                }
                if (claimer.ensureHeld(self.ipv6())) {
                    metrics.claimRecreated();
                }
            }
            work.observedSelf().ifPresent(o -> observedSelf = Addresses.formatEndpoint(o));
            spec.publish(work.observedSelf());
            if (!work.ownListed()) {
                metrics.peerRecordRecreated();
            }
            health.apiSucceeded();
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            LOG.warnf("could not update VPNPeer %s: %s", nodeName, e.getMessage());
        }
        for (MeshPlan.SkippedPeer skipped : work.skipped()) {
            events.skipped(skipped.peer(), skipped.reason());
        }
        events.retainOnly(work.names());
        try {
            String written = record.publishStatus(new OwnPeerRecord.StatusReport(work.observed(), work.paths(),
                    self.behindNat() ? observedSelf : null, spec.relayCondition(), heartbeat), work.now());
            watch.expectEcho(written, Instant.now());
            health.apiSucceeded();
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            LOG.warnf("could not write the status of VPNPeer %s: %s", nodeName, e.getMessage());
        }
    }

    @Override
    public void close() {
        api.shutdownNow();
    }
}
