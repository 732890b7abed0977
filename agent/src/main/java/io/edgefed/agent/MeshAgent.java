package io.edgefed.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.edgefed.agent.mesh.MeshPlan;
import io.edgefed.agent.mesh.NatDetector;
import io.edgefed.agent.mesh.PathProbe;
import io.edgefed.agent.mesh.PathSelector;
import io.edgefed.agent.mesh.RelayLatency;
import io.edgefed.agent.mesh.RemovalGuard;
import io.edgefed.agent.mesh.RemovedEndpoints;
import io.edgefed.agent.mesh.TrafficWatch;
import io.edgefed.agent.node.AgentConfig;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.AgentThreads;
import io.edgefed.agent.node.Commands;
import io.edgefed.agent.node.StateFiles;
import io.edgefed.agent.node.SystemdNotifier;
import io.edgefed.agent.record.AddressPool;
import io.edgefed.agent.record.OwnPeerRecord;
import io.edgefed.agent.record.PeerEvents;
import io.edgefed.agent.record.RelayCondition;
import io.edgefed.agent.record.VpnAddressClaimer;
import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.Cidr;
import io.edgefed.agent.wireguard.ConfigDiff;
import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.DeviceState;
import io.edgefed.agent.wireguard.PrivateKeyFile;
import io.edgefed.agent.wireguard.WireGuard;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.edgefed.agent.wireguard.WireGuardLink;
import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The node agent's life: brings up the WireGuard interface with the node's key, claims its VPN addresses, announces
 * its VPNPeer, then keeps the interface equal to the mesh: every VPNPeer change and every resync period, one
 * single-threaded loop plans the mesh ({@link MeshPlan}), diffs it against the interface ({@link ConfigDiff}) and
 * applies only the differences. Writes to the API (own spec and status, Events) run on a thread of their own, so a
 * slow API never stalls the interface. When the API server is unreachable, the interface keeps its last good
 * configuration and the agent retries with exponential backoff.
 */
public final class MeshAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MeshAgent.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** How often the direct paths between NATted nodes are checked for traffic (see {@link TrafficWatch}). */
    private static final Duration PATH_CHECK = Duration.ofSeconds(2);
    /** WireGuard's KeepaliveTimeout (10 s, a peer answers data with a keepalive within it) and a second of margin. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(11);

    private final KubernetesClient client;
    private final AgentConfig config;
    private final AgentHealth health;
    private final SystemdNotifier notifier;
    private final String nodeName;
    private final AddressPool ipv4Pool;
    private final AddressPool ipv6Pool;
    private final StateFiles stateFiles;
    private final PrivateKeyFile keyFile;
    private final WireGuardLink link;
    private final NatDetector natDetector;
    private final OwnPeerRecord record;
    private final PeerEvents events;
    private final PathSelector paths;
    private final TrafficWatch traffic;
    private final PathProbe probe = new PathProbe();
    private final RemovalGuard removalGuard;
    private final RemovedEndpoints removedEndpoints = new RemovedEndpoints();
    private final Map<WireGuardKey, InetSocketAddress> offeredEndpoints = new HashMap<>();
    private MeshPlan.Result lastPlan;
    private Set<String> lastRelayed = Set.of();
    private final RelayLatency relayLatency;
    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean pending = new AtomicBoolean();

    private Duration backoff = FIRST_BACKOFF;
    private WireGuardKey privateKey;
    private WireGuardKey publicKey;
    private WireGuard wireGuard;
    private InetAddress ipv4;
    private InetAddress ipv6;
    private final ScheduledExecutorService api;
    private final AtomicReference<ApiWork> apiWork = new AtomicReference<>();

    private VPNPeerSpec publishedSpec;
    private String relayInUse;
    private List<String> planNotes = List.of();
    private volatile boolean behindNat = true;
    private volatile io.fabric8.kubernetes.api.model.Condition relayCondition;
    private volatile String observedSelf;
    private String natWhy;
    private Instant claimsCheckedAt = Instant.EPOCH;
    private boolean readySent;
    private volatile SharedIndexInformer<VPNPeer> informer;
    private volatile Echo echo;

    /** A status write whose {@code lastSeen} should come back through the watch before {@code deadline}. */
    private record Echo(String lastSeen, Instant deadline) {
    }

    /** What the loop hands to the API thread after a reconciliation; a newer hand-over replaces an unsent one. */
    private record ApiWork(Optional<InetSocketAddress> observedSelf, List<MeshPlan.SkippedPeer> skipped, Set<String> names,
            Map<String, String> observed, Map<String, PeerPath> paths, boolean ownListed, Instant now) {
    }

    public MeshAgent(KubernetesClient client, AgentConfig config, AgentHealth health, Commands commands, SystemdNotifier notifier) {
        this.client = client;
        this.config = config;
        this.health = health;
        this.notifier = notifier;
        this.nodeName = config.nodeName().filter(s -> !s.isBlank()).orElseGet(MeshAgent::hostName);
        this.ipv4Pool = AddressPool.parse(config.ipv4Pool());
        this.ipv6Pool = AddressPool.parse(config.ipv6Pool());
        if (!ipv4Pool.isIpv4() || ipv6Pool.isIpv4()) {
            throw new IllegalArgumentException("EDGEFED_IPV4_POOL must be an IPv4 prefix and EDGEFED_IPV6_POOL an IPv6 prefix");
        }
        this.stateFiles = new StateFiles(config.stateDir());
        this.keyFile = new PrivateKeyFile(config.stateDir());
        this.link = new WireGuardLink(config.interfaceName(), config.uapiDir(), config.wireguardGo(), keyFile.path(), commands);
        this.natDetector = new NatDetector(config.listenPort(), config.endpoint(), config.publicMode());
        this.record = new OwnPeerRecord(client, nodeName);
        this.events = new PeerEvents(client, nodeName, config.eventNamespace());
        this.paths = new PathSelector(config.relayAfter(), config.directHold());
        this.traffic = new TrafficWatch(TrafficWatch.quietFor(config.relayAfter(), config.keepalive()), PROBE_TIMEOUT, config.keepalive());
        this.removalGuard = new RemovalGuard(config.massRemovalShare(), config.massRemovalGrace());
        this.relayLatency = new RelayLatency(config.resyncPeriod(), RelayLatency.TIMEOUT, RelayLatency.ECHO);
        this.loop = AgentThreads.singleDaemon("edgefed-mesh");
        this.watchdog = AgentThreads.singleDaemon("edgefed-watchdog");
        // API writes get their own thread: a slow or unreachable API server must not stall the WireGuard loop.
        this.api = AgentThreads.singleDaemon("edgefed-api");
    }

    public String nodeName() {
        return nodeName;
    }

    /** Starts the agent in the background; returns at once. */
    public void start() {
        LOG.infof("edgefed agent for node %s on interface %s (state in %s)", nodeName, config.interfaceName(), config.stateDir());
        loop.execute(this::bringUpInterface);
        SystemdNotifier.watchdogPingMillis().ifPresent(millis -> watchdog.scheduleAtFixedRate(() -> {
            // A stuck mesh loop stops the pings, so systemd restarts the agent.
            if (health.lastLoop().isAfter(Instant.now().minus(config.resyncPeriod().multipliedBy(3).plusSeconds(30)))) {
                notifier.watchdog();
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    /** Stage 1, needs no API: key, interface, remembered addresses; so a restart without API keeps the node meshed. */
    private void bringUpInterface() {
        try {
            if (privateKey == null) {
                privateKey = keyFile.loadOrCreate(new SecureRandom());
                publicKey = WireGuardKeys.publicKeyOf(privateKey);
                Path publicFile = config.stateDir().resolve("publickey");
                Files.writeString(publicFile, publicKey.base64() + "\n");
                LOG.infof("node %s has WireGuard public key %s", nodeName, publicKey.base64());
            }
            openInterface();
            Optional<InetAddress> v4 = stateFiles.readIpv4();
            Optional<InetAddress> v6 = stateFiles.readIpv6();
            if (v4.isPresent() && v6.isPresent()) {
                link.configure(interfaceAddresses(v4.get(), v6.get()), config.mtu());
            }
            health.interfaceUp(link.isUp());
            backoff = FIRST_BACKOFF;
            loop.execute(this::joinMesh);
        } catch (Exception e) {
            retryLater("bringing up " + config.interfaceName(), e, this::bringUpInterface);
        }
    }

    private void openInterface() throws IOException {
        wireGuard = link.open();
        DeviceState state = wireGuard.read();
        DeviceChange device = new DeviceChange(privateKey.equals(state.privateKey()) ? null : privateKey,
                state.listenPort() == config.listenPort() ? null : config.listenPort(), List.of());
        wireGuard.apply(device);
        LOG.infof("WireGuard interface %s served through %s, listening on %d", link.name(), wireGuard.kind(), config.listenPort());
    }

    /** Stage 2, needs the API: claims, own VPNPeer, then the informer and the periodic resync. */
    private void joinMesh() {
        try {
            VpnAddressClaimer claimer = new VpnAddressClaimer(client, nodeName);
            ipv4 = claimer.claim(ipv4Pool, publicKey, stateFiles.readIpv4());
            ipv6 = claimer.claim(ipv6Pool, publicKey, stateFiles.readIpv6());
            stateFiles.write(ipv4, ipv6);
            link.configure(interfaceAddresses(ipv4, ipv6), config.mtu());
            health.interfaceUp(link.isUp());
            publishOwnSpec(Optional.empty());
            health.apiSucceeded();
            startInformer();
            backoff = FIRST_BACKOFF;
            long period = config.resyncPeriod().toMillis();
            loop.scheduleWithFixedDelay(this::reconcile, period, period, TimeUnit.MILLISECONDS);
            loop.scheduleWithFixedDelay(this::checkPaths, PATH_CHECK.toMillis(), PATH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            reconcile();
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            retryLater("joining the mesh", e, this::joinMesh);
        }
    }

    private void startInformer() {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<VPNPeer> created = client.resources(VPNPeer.class).runnableInformer(config.resyncPeriod().toMillis() * 6);
        try {
            runInformer(created);
        } catch (RuntimeException e) {
            created.stop();
            throw e;
        }
        informer = created;
    }

    private void runInformer(SharedIndexInformer<VPNPeer> created) {
        created.exceptionHandler((started, error) -> {
            health.apiFailed(error.getMessage());
            LOG.warnf("watching VPNPeers failed (%s); the interface keeps its configuration, retrying", error.getMessage());
            return true;
        });
        created.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(VPNPeer peer) {
                trigger();
            }

            @Override
            public void onUpdate(VPNPeer before, VPNPeer after) {
                trigger();
            }

            @Override
            public void onDelete(VPNPeer peer, boolean finalStateUnknown) {
                trigger();
            }
        });
        created.run();
    }

    /**
     * A watch through a NAT can die silently (the NAT forgets the connection, nothing tells the client), so the agent
     * checks that its own status writes come back through the watch; when one does not, it lists and watches anew.
     */
    private void checkWatchAlive(Instant now) {
        Echo expected = echo;
        if (expected == null) {
            return;
        }
        VPNPeer own = informer.getStore().getByKey(nodeName);
        String seen = own == null || own.getStatus() == null ? null : own.getStatus().getLastSeen();
        if (seen != null && seen.compareTo(expected.lastSeen()) >= 0) {
            echo = null;
        } else if (now.isAfter(expected.deadline())) {
            LOG.warnf("the VPNPeer watch did not deliver this node's own update of %s; watching anew", expected.lastSeen());
            echo = null;
            SharedIndexInformer<VPNPeer> dead = informer;
            informer = null;
            dead.stop();
            startInformer();
        }
    }

    /** Asks the loop to reconcile soon; many triggers in a row make one reconciliation. */
    private void trigger() {
        if (pending.compareAndSet(false, true)) {
            loop.execute(() -> {
                pending.set(false);
                reconcile();
            });
        }
    }

    private void retryLater(String what, Exception e, Runnable again) {
        LOG.warnf("%s failed: %s; retrying in %d s (the WireGuard interface keeps its configuration)", what, e.getMessage(),
                backoff.toSeconds());
        LOG.debug(what + " failed", e);
        loop.schedule(again, backoff.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : doubled;
    }

    /** One full comparison of the mesh with the interface; runs only on the loop thread. */
    void reconcile() {
        health.loopRan();
        Instant now = Instant.now();
        try {
            if (informer == null && ipv4 != null) {
                startInformer();
            } else if (informer != null) {
                checkWatchAlive(now);
            }
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            LOG.warnf("watching VPNPeers failed: %s; the interface keeps its configuration", e.getMessage());
            return;
        }
        SharedIndexInformer<VPNPeer> peers = informer;
        if (peers == null || !peers.hasSynced()) {
            return;
        }
        List<VPNPeer> records = new ArrayList<>(peers.getStore().list());
        boolean ownListed = peers.getStore().getByKey(nodeName) != null;
        health.ownRecord(ownListed);
        try {
            if (!link.exists()) {
                LOG.warnf("interface %s disappeared; creating it again", link.name());
                openInterface();
                link.configure(interfaceAddresses(ipv4, ipv6), config.mtu());
            }
            health.interfaceUp(link.isUp());
            MeshPlan.Self self = new MeshPlan.Self(nodeName, privateKey, publicKey, config.listenPort(), ipv4, ipv6, behindNat);
            int keepalive = (int) config.keepalive().toSeconds();
            DeviceState actual = wireGuard.read();
            MeshPlan.Context context = new MeshPlan.Context(now, config.removeInactiveAfter(), relayLatency.latest(), relayInUse);
            MeshPlan.Result plan = MeshPlan.compute(self, records, paths.relayed(), keepalive, context);
            if (paths.observe(plan.relayable(), directPaths(plan, actual), Set.of(), now)) {
                plan = MeshPlan.compute(self, records, paths.relayed(), keepalive, context);
            }
            noteRelayAndInactive(plan, context);
            DeviceChange change = removedEndpoints.apply(removalGuard.filter(
                    ConfigDiff.between(plan.config(), actual, now, kicks(plan)), actual.peers().size(), ownListed, now), actual, now);
            health.removalsHeld(removalGuard.holding());
            Instant settles = removalGuard.settlesAfter(now);
            if (settles != null) {
                loop.schedule(this::trigger, Duration.between(now, settles).toMillis() + 50, TimeUnit.MILLISECONDS);
            }
            if (!change.isEmpty()) {
                wireGuard.apply(change);
                LOG.infof("applied %s", summary(change, plan));
            }
            probeReturnedPaths(plan);
            lastPlan = plan;
            health.applied(plan.peers().size(), plan.skipped().size());
            if (!readySent) {
                readySent = true;
                notifier.ready("meshed with " + plan.peers().size() + " peers");
            }
            handOverToApi(records, plan, wireGuard.read(), ownListed, now);
        } catch (Exception e) {
            health.applyFailed(e.getMessage());
            LOG.warnf("reconciling the mesh failed: %s; retrying at the next change or resync", e.getMessage());
            LOG.debug("reconcile failed", e);
        }
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

    private static Map<String, PathSelector.Direct> directPaths(MeshPlan.Result plan, DeviceState actual) {
        Map<String, PathSelector.Direct> out = new HashMap<>();
        for (String name : plan.relayable()) {
            DeviceState.Peer state = actual.peers().get(plan.peers().get(name).publicKey());
            if (state != null) {
                out.put(name, new PathSelector.Direct(state.lastHandshake(), state.rxBytes()));
            }
        }
        return out;
    }

    private static Set<String> relayedPeers(MeshPlan.Result plan) {
        return plan.peers().values().stream().filter(p -> p.mode() == PeerPath.Mode.RELAY).map(MeshPlan.PlannedPeer::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * The peers whose planned endpoint changed since the last plan (a public node published a new observation, a peer
     * announced a new endpoint): tried at once, even over a fresh handshake. A peer seen for the first time (as after
     * an agent restart) is not kicked: its session, if any, goes on where WireGuard roamed it.
     */
    private Set<WireGuardKey> kicks(MeshPlan.Result plan) {
        Set<WireGuardKey> kick = new java.util.HashSet<>();
        Set<WireGuardKey> planned = new java.util.HashSet<>();
        for (MeshPlan.PlannedPeer peer : plan.peers().values()) {
            planned.add(peer.publicKey());
            if (peer.endpoint() != null) {
                InetSocketAddress before = offeredEndpoints.put(peer.publicKey(), peer.endpoint());
                if (before != null && !before.equals(peer.endpoint())) {
                    kick.add(peer.publicKey());
                    paths.newEndpoint(peer.name());
                    LOG.infof("trying %s at its new endpoint %s at once (was %s)", peer.name(),
                            Addresses.formatEndpoint(peer.endpoint()), Addresses.formatEndpoint(before));
                }
            }
        }
        offeredEndpoints.keySet().retainAll(planned);
        return kick;
    }

    /** A path back from the relay gets a probe at once, so the peer sees bytes on its direct path without waiting. */
    private void probeReturnedPaths(MeshPlan.Result plan) {
        Set<String> relayed = relayedPeers(plan);
        for (String name : lastRelayed) {
            MeshPlan.PlannedPeer peer = plan.peers().get(name);
            if (!relayed.contains(name) && peer != null && peer.mode() == PeerPath.Mode.DIRECT) {
                probe.send(peer.ipv4() != null ? peer.ipv4() : peer.ipv6());
            }
        }
        lastRelayed = relayed;
    }

    /**
     * Runs on the loop every {@link #PATH_CHECK}: reads the received bytes of the direct paths to NATted peers, probes
     * the quiet ones and sends a dead one to the relay at once (see {@link TrafficWatch}).
     */
    private void checkPaths() {
        MeshPlan.Result plan = lastPlan;
        if (plan == null || wireGuard == null || plan.relayable().isEmpty()) {
            traffic.observe(Map.of(), Instant.now());
            return;
        }
        try {
            Instant now = Instant.now();
            DeviceState actual = wireGuard.read();
            Map<String, Long> rx = new HashMap<>();
            for (String name : plan.relayable()) {
                MeshPlan.PlannedPeer peer = plan.peers().get(name);
                DeviceState.Peer state = actual.peers().get(peer.publicKey());
                if (peer.mode() == PeerPath.Mode.DIRECT && state != null && state.config().allowedIps().contains(hostCidr(peer))) {
                    rx.put(name, state.rxBytes());
                }
            }
            TrafficWatch.Verdict verdict = traffic.observe(rx, now);
            for (String name : verdict.probe()) {
                MeshPlan.PlannedPeer peer = plan.peers().get(name);
                probe.send(peer.ipv4() != null ? peer.ipv4() : peer.ipv6());
            }
            if (!verdict.dead().isEmpty()) {
                LOG.infof("no traffic comes back on the direct path to %s; going through the relay", verdict.dead());
            }
            if (paths.observe(plan.relayable(), directPaths(plan, actual), verdict.dead(), now)) {
                reconcile();
            }
        } catch (Exception e) {
            LOG.debugf("checking the direct paths failed: %s", e.getMessage());
        }
    }

    private static Cidr hostCidr(MeshPlan.PlannedPeer peer) {
        return Cidr.host(peer.ipv4() != null ? peer.ipv4() : peer.ipv6());
    }

    /** Where a public peer saw this node's WireGuard packets come from, if one did. */
    private Optional<InetSocketAddress> observedSelf(List<VPNPeer> records) {
        Optional<InetSocketAddress> observed = Optional.empty();
        for (VPNPeer peer : records) {
            if (peer.getSpec() != null && !peer.getSpec().isBehindNat() && peer.getStatus() != null
                    && peer.getStatus().getObservedEndpoints() != null
                    && peer.getStatus().getObservedEndpoints().containsKey(nodeName)) {
                try {
                    observed = Optional.of(Addresses.parseEndpoint(peer.getStatus().getObservedEndpoints().get(nodeName)));
                    break;
                } catch (IllegalArgumentException e) {
                    // another node's bad observation; ignore it
                }
            }
        }
        return observed;
    }

    /** Runs on the API thread: NAT re-detection and own spec, Events about skipped peers, own status. */
    private void writeToApi(ApiWork work) {
        try {
            if (!work.ownListed()) {
                LOG.warnf("VPNPeer %s is missing from the API; making it again with the same key and addresses", nodeName);
                publishedSpec = null;
                record.forgetWritten();
            }
            if (!work.ownListed() || !work.now().isBefore(claimsCheckedAt.plus(config.heartbeat()))) {
                claimsCheckedAt = work.now();
                VpnAddressClaimer claimer = new VpnAddressClaimer(client, nodeName);
                claimer.ensureHeld(ipv4);
                claimer.ensureHeld(ipv6);
            }
            work.observedSelf().ifPresent(o -> observedSelf = Addresses.formatEndpoint(o));
            publishOwnSpec(work.observedSelf());
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
                    behindNat ? observedSelf : null, relayCondition, config.heartbeat()), work.now());
            if (written != null && echo == null) {
                echo = new Echo(written, Instant.now().plus(config.resyncPeriod().multipliedBy(2)).plusSeconds(10));
            }
            health.apiSucceeded();
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            LOG.warnf("could not write the status of VPNPeer %s: %s", nodeName, e.getMessage());
        }
    }

    private void publishOwnSpec(Optional<InetSocketAddress> observed) throws IOException {
        NatDetector.Verdict verdict = natDetector.detect(apiServer(), observed);
        if (!verdict.why().equals(natWhy) || relayCondition == null) {
            natWhy = verdict.why();
            LOG.infof("this node is %s: %s", verdict.behindNat() ? "behind NAT" : "public", verdict.why());
            if (config.relay() && verdict.behindNat()) {
                LOG.warnf("EDGEFED_RELAY=true, but a node behind NAT cannot relay; not announced as a relay. Set "
                        + "EDGEFED_ENDPOINT or EDGEFED_PUBLIC=true if the world reaches this node");
            }
            relayCondition = RelayCondition.of(config.relay(), verdict.behindNat(), verdict.why(), Instant.now());
        }
        VPNPeerSpec spec = new VPNPeerSpec();
        spec.setPublicKey(publicKey.base64());
        spec.setAddressV4(Addresses.format(ipv4));
        spec.setAddressV6(Addresses.format(ipv6));
        spec.setListenPort(config.listenPort());
        spec.setEndpoint(verdict.endpoint());
        spec.setBehindNat(verdict.behindNat());
        spec.setRelay(config.relay() && !verdict.behindNat());
        if (publishedSpec == null || !OwnPeerRecord.sameSpec(publishedSpec, spec)) {
            record.publishSpec(spec);
            publishedSpec = spec;
            if (behindNat != verdict.behindNat()) {
                behindNat = verdict.behindNat();
                trigger();
            }
        }
    }

    private void handOverToApi(List<VPNPeer> records, MeshPlan.Result plan, DeviceState actual, boolean ownListed, Instant now) {
        Map<String, String> observed = new LinkedHashMap<>();
        Map<String, PeerPath> pathMap = new LinkedHashMap<>();
        for (MeshPlan.PlannedPeer peer : plan.peers().values()) {
            DeviceState.Peer state = actual.peers().get(peer.publicKey());
            Instant handshake = state == null ? null : state.lastHandshake();
            boolean fresh = handshake != null && Duration.between(handshake, now).compareTo(ConfigDiff.FRESH_HANDSHAKE) < 0;
            String endpoint = state == null || state.endpoint() == null ? null : Addresses.formatEndpoint(state.endpoint());
            if (!behindNat && peer.behindNat() && fresh && endpoint != null) {
                observed.put(peer.name(), endpoint);
            }
            PeerPath.Mode mode = peer.mode() == PeerPath.Mode.RELAY ? PeerPath.Mode.RELAY
                    : fresh ? PeerPath.Mode.DIRECT : PeerPath.Mode.DOWN;
            pathMap.put(peer.name(), new PeerPath(mode, peer.via(), endpoint,
                    handshake == null ? null : handshake.truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        ApiWork work = new ApiWork(observedSelf(records), plan.skipped(),
                records.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()), observed, pathMap, ownListed, now);
        if (apiWork.getAndSet(work) == null) {
            api.execute(() -> {
                ApiWork latest = apiWork.getAndSet(null);
                if (latest != null) {
                    writeToApi(latest);
                }
            });
        }
    }

    private static String summary(DeviceChange change, MeshPlan.Result plan) {
        Map<WireGuardKey, String> names = new HashMap<>();
        plan.peers().values().forEach(p -> names.put(p.publicKey(), p.name()));
        List<String> parts = new ArrayList<>();
        for (DeviceChange.PeerChange peer : change.peers()) {
            String name = names.getOrDefault(peer.publicKey(), peer.publicKey().base64());
            String verb = peer instanceof DeviceChange.AddPeer ? "add" : peer instanceof DeviceChange.RemovePeer ? "remove" : "update";
            parts.add(verb + " " + name);
        }
        if (parts.size() > 10) {
            return parts.size() + " peer changes (" + String.join(", ", parts.subList(0, 10)) + ", ...)";
        }
        return (change.privateKey() != null ? "new private key; " : "") + String.join(", ", parts);
    }

    private List<Cidr> interfaceAddresses(InetAddress v4, InetAddress v6) {
        return List.of(new Cidr(v4, ipv4Pool.prefixLength()), new Cidr(v6, ipv6Pool.prefixLength()));
    }

    private InetSocketAddress apiServer() {
        URI uri = URI.create(client.getConfiguration().getMasterUrl());
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        return new InetSocketAddress(uri.getHost(), port);
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
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
        relayLatency.close();
        probe.close();
        api.shutdownNow();
        SharedIndexInformer<VPNPeer> peers = informer;
        if (peers != null) {
            peers.stop();
        }
    }
}
