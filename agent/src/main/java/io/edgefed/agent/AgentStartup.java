package io.edgefed.agent;

import java.net.InetAddress;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.edgefed.agent.mesh.DirectPathCheck;
import io.edgefed.agent.node.AgentConfig;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.Backoff;
import io.edgefed.agent.node.OwnNode;
import io.edgefed.agent.node.StateFiles;
import io.edgefed.agent.record.AddressPool;
import io.edgefed.agent.record.PeerWatch;
import io.edgefed.agent.record.SpecPublisher;
import io.edgefed.agent.record.VpnAddressClaimer;
import io.edgefed.agent.wireguard.MeshInterface;
import io.edgefed.agent.wireguard.PrivateKeyFile;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Brings the agent up on the mesh loop in two stages, each retried with exponential backoff (1 s up to
 * {@code EDGEFED_MAX_BACKOFF}) while it fails; the interface is never torn down meanwhile. Stage 1 needs no API (key,
 * interface, remembered addresses), so a restart without API keeps the node meshed; stage 2 needs it (address claims,
 * own VPNPeer, the watch) and then starts the periodic reconciliation and the direct-path checks.
 */
final class AgentStartup {

    private static final Logger LOG = Logger.getLogger(AgentStartup.class);

    private final KubernetesClient client;
    private final AgentConfig config;
    private final AgentHealth health;
    private final OwnNode self;
    private final MeshInterface iface;
    private final AddressPool ipv4Pool;
    private final AddressPool ipv6Pool;
    private final SpecPublisher spec;
    private final PeerWatch watch;
    private final MeshReconciler reconciler;
    private final DirectPathCheck pathCheck;
    private final ScheduledExecutorService loop;
    private final StateFiles stateFiles;
    private final PrivateKeyFile keyFile;
    private final Backoff backoff;
    /** Told the VPN IPv4 address each time the interface is given its addresses. */
    private final Consumer<InetAddress> ipv4Configured;

    AgentStartup(KubernetesClient client, AgentConfig config, AgentHealth health, OwnNode self, MeshInterface iface,
            PrivateKeyFile keyFile, AddressPool ipv4Pool, AddressPool ipv6Pool, SpecPublisher spec, PeerWatch watch,
            MeshReconciler reconciler, DirectPathCheck pathCheck, ScheduledExecutorService loop,
            Consumer<InetAddress> ipv4Configured) {
        this.client = client;
        this.config = config;
        this.health = health;
        this.self = self;
        this.iface = iface;
        this.keyFile = keyFile;
        this.ipv4Pool = ipv4Pool;
        this.ipv6Pool = ipv6Pool;
        this.spec = spec;
        this.watch = watch;
        this.reconciler = reconciler;
        this.pathCheck = pathCheck;
        this.loop = loop;
        this.stateFiles = new StateFiles(config.stateDir());
        this.backoff = new Backoff(config.maxBackoff());
        this.ipv4Configured = ipv4Configured;
    }

    /** Starts stage 1 on the loop; returns at once. */
    void start() {
        loop.execute(this::bringUpInterface);
    }

    /** Stage 1, needs no API: key, interface, remembered addresses. */
    private void bringUpInterface() {
        try {
            if (self.privateKey() == null) {
                WireGuardKey privateKey = keyFile.loadOrCreate(new SecureRandom());
                WireGuardKey publicKey = WireGuardKeys.publicKeyOf(privateKey);
                Files.writeString(config.stateDir().resolve("publickey"), publicKey.base64() + "\n");
                self.keys(privateKey, publicKey);
                LOG.infof("node %s has WireGuard public key %s", self.name(), publicKey.base64());
            }
            iface.open(self.privateKey());
            Optional<InetAddress> v4 = stateFiles.readIpv4();
            Optional<InetAddress> v6 = stateFiles.readIpv6();
            if (v4.isPresent() && v6.isPresent()) {
                iface.configure(v4.get(), v6.get());
                ipv4Configured.accept(v4.get());
            }
            health.interfaceUp(iface.isUp());
            backoff.reset();
            loop.execute(this::joinMesh);
        } catch (Exception e) {
            retryLater("bringing up " + config.interfaceName(), e, this::bringUpInterface);
        }
    }

    /** Stage 2, needs the API: claims, own VPNPeer, then the watch and the periodic resync. */
    private void joinMesh() {
        try {
            VpnAddressClaimer claimer = new VpnAddressClaimer(client, self.name());
            InetAddress ipv4 = claimer.claim(ipv4Pool, self.publicKey(), stateFiles.readIpv4());
            InetAddress ipv6 = claimer.claim(ipv6Pool, self.publicKey(), stateFiles.readIpv6());
            self.addresses(ipv4, ipv6);
            stateFiles.write(ipv4, ipv6);
            iface.configure(ipv4, ipv6);
            ipv4Configured.accept(ipv4);
            health.interfaceUp(iface.isUp());
            spec.publish(Optional.empty());
            health.apiSucceeded();
            watch.start();
            backoff.reset();
            long period = config.resyncPeriod().toMillis();
            loop.scheduleWithFixedDelay(reconciler::reconcile, period, period, TimeUnit.MILLISECONDS);
            long check = DirectPathCheck.PERIOD.toMillis();
            loop.scheduleWithFixedDelay(pathCheck::run, check, check, TimeUnit.MILLISECONDS);
            reconciler.reconcile();
        } catch (Exception e) {
            health.apiFailed(e.getMessage());
            retryLater("joining the mesh", e, this::joinMesh);
        }
    }

    private void retryLater(String what, Exception e, Runnable again) {
        Duration wait = backoff.next();
        LOG.warnf("%s failed: %s; retrying in %d s (the WireGuard interface keeps its configuration)", what, e.getMessage(),
                wait.toSeconds());
        LOG.debug(what + " failed", e);
        loop.schedule(again, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
