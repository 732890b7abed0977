package io.edgefed.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.edgefed.agent.mesh.DirectPathCheck;
import io.edgefed.agent.mesh.NatDetector;
import io.edgefed.agent.mesh.PathProbe;
import io.edgefed.agent.mesh.PathSelector;
import io.edgefed.agent.mesh.TrafficWatch;
import io.edgefed.agent.node.AgentConfig;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.AgentMetrics;
import io.edgefed.agent.node.AgentThreads;
import io.edgefed.agent.node.Commands;
import io.edgefed.agent.node.OwnNode;
import io.edgefed.agent.node.SystemdNotifier;
import io.edgefed.agent.record.AddressPool;
import io.edgefed.agent.record.OwnPeerRecord;
import io.edgefed.agent.record.PeerEvents;
import io.edgefed.agent.record.PeerWatch;
import io.edgefed.agent.record.RecordWriter;
import io.edgefed.agent.record.SpecPublisher;
import io.edgefed.agent.wireguard.MeshInterface;
import io.edgefed.agent.wireguard.PrivateKeyFile;
import io.edgefed.agent.wireguard.WireGuardLink;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The node agent, wired: {@link AgentStartup} brings up the WireGuard interface with the node's key, claims its VPN
 * addresses and announces its VPNPeer; then the {@link MeshReconciler} keeps the interface equal to the mesh on one
 * single-threaded loop, at every VPNPeer change ({@link PeerWatch}), every resync period and every path decision
 * ({@link DirectPathCheck}); the {@link RecordWriter} writes to the API on a thread of its own, so a slow API never
 * stalls the interface. When the API server is unreachable, the interface keeps its last good configuration.
 */
public final class MeshAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MeshAgent.class);

    private final AgentConfig config;
    private final AgentHealth health;
    private final SystemdNotifier notifier;
    private final OwnNode self;
    private final ScheduledExecutorService loop = AgentThreads.singleDaemon("edgefed-mesh");
    private final ScheduledExecutorService watchdog = AgentThreads.singleDaemon("edgefed-watchdog");
    private final PathProbe probe = new PathProbe();
    private final PeerWatch watch;
    private final RecordWriter writer;
    private final MeshReconciler reconciler;
    private final AgentStartup startup;

    /**
     * @param ipv4Configured told the node's VPN IPv4 address whenever the interface is given it (the metrics listener
     *                       on the mesh follows it)
     */
    public MeshAgent(KubernetesClient client, AgentConfig config, AgentHealth health, AgentMetrics metrics, Commands commands,
            SystemdNotifier notifier, Consumer<InetAddress> ipv4Configured) {
        this.config = config;
        this.health = health;
        this.notifier = notifier;
        this.self = new OwnNode(config.nodeName().filter(s -> !s.isBlank()).orElseGet(MeshAgent::hostName));
        AddressPool ipv4Pool = AddressPool.parse(config.ipv4Pool());
        AddressPool ipv6Pool = AddressPool.parse(config.ipv6Pool());
        if (!ipv4Pool.isIpv4() || ipv6Pool.isIpv4()) {
            throw new IllegalArgumentException("EDGEFED_IPV4_POOL must be an IPv4 prefix and EDGEFED_IPV6_POOL an IPv6 prefix");
        }
        PrivateKeyFile keyFile = new PrivateKeyFile(config.stateDir());
        MeshInterface iface = new MeshInterface(
                new WireGuardLink(config.interfaceName(), config.uapiDir(), config.wireguardGo(), keyFile.path(), commands),
                config.listenPort(), config.mtu(), ipv4Pool.prefixLength(), ipv6Pool.prefixLength());
        OwnPeerRecord record = new OwnPeerRecord(client, self.name());
        this.watch = new PeerWatch(client, self.name(), config.resyncPeriod(), health, this::trigger);
        SpecPublisher spec = new SpecPublisher(client, self, record,
                new NatDetector(config.listenPort(), config.endpoint(), config.publicMode()), config.listenPort(), config.relay(),
                this::trigger);
        this.writer = new RecordWriter(client, self, record, spec, new PeerEvents(client, self.name(), config.eventNamespace()),
                watch, health, metrics, config.heartbeat());
        PathSelector paths = new PathSelector(config.relayAfter(), config.directHold());
        this.reconciler = new MeshReconciler(config, health, metrics, notifier, self, iface, watch, writer, paths, probe, loop);
        TrafficWatch traffic = new TrafficWatch(TrafficWatch.quietFor(config.relayAfter(), config.keepalive()),
                DirectPathCheck.PROBE_TIMEOUT, config.keepalive());
        DirectPathCheck pathCheck = new DirectPathCheck(reconciler::lastPlan, iface::wireGuard, traffic, probe, paths,
                reconciler::reconcile);
        this.startup = new AgentStartup(client, config, health, self, iface, keyFile, ipv4Pool, ipv6Pool, spec, watch, reconciler,
                pathCheck, loop, ipv4Configured);
    }

    public String nodeName() {
        return self.name();
    }

    /** Starts the agent in the background; returns at once. */
    public void start() {
        LOG.infof("edgefed agent for node %s on interface %s (state in %s)", self.name(), config.interfaceName(), config.stateDir());
        startup.start();
        SystemdNotifier.watchdogPingMillis().ifPresent(millis -> watchdog.scheduleAtFixedRate(() -> {
            // A stuck mesh loop stops the pings, so systemd restarts the agent.
            if (health.loopAlive(config.resyncPeriod(), Instant.now())) {
                notifier.watchdog();
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    private void trigger() {
        reconciler.trigger();
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            } catch (IOException again) {
                throw new IllegalStateException("cannot tell this node's name; set EDGEFED_NODE_NAME", again);
            }
        }
    }

    /** Stops watching and the loop; the WireGuard interface stays as it is, so the node stays meshed. */
    @Override
    public void close() {
        notifier.stopping();
        watchdog.shutdownNow();
        loop.shutdownNow();
        reconciler.close();
        probe.close();
        writer.close();
        watch.close();
    }
}
