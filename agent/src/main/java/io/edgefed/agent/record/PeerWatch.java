package io.edgefed.agent.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.edgefed.agent.node.AgentHealth;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The informer on all VPNPeers: every change calls {@code onChange}. A watch through a NAT can die silently (the NAT
 * forgets the connection, nothing tells the client), so the agent's own status writes are expected back through the
 * watch ({@link #expectEcho}); when one does not come back in time, {@link #checkAlive} lists and watches anew.
 */
public final class PeerWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PeerWatch.class);

    /** What the informer holds: every VPNPeer, and whether this node's own is among them. */
    public record Listing(List<VPNPeer> records, boolean ownListed) {
    }

    /** A status write whose {@code lastSeen} should come back through the watch before {@code deadline}. */
    private record Echo(String lastSeen, Instant deadline) {
    }

    private final KubernetesClient client;
    private final String nodeName;
    private final Duration resyncPeriod;
    private final AgentHealth health;
    private final Runnable onChange;
    private volatile SharedIndexInformer<VPNPeer> informer;
    private volatile Echo echo;

    public PeerWatch(KubernetesClient client, String nodeName, Duration resyncPeriod, AgentHealth health, Runnable onChange) {
        this.client = client;
        this.nodeName = nodeName;
        this.resyncPeriod = resyncPeriod;
        this.health = health;
        this.onChange = onChange;
    }

    public boolean started() {
        return informer != null;
    }

    /** Lists and starts watching, unless watching already. */
    public void start() {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<VPNPeer> created = client.resources(VPNPeer.class).runnableInformer(resyncPeriod.toMillis() * 6);
        try {
            run(created);
        } catch (RuntimeException e) {
            created.stop();
            throw e;
        }
        informer = created;
    }

    private void run(SharedIndexInformer<VPNPeer> created) {
        created.exceptionHandler((started, error) -> {
            health.apiFailed(error.getMessage());
            LOG.warnf("watching VPNPeers failed (%s); the interface keeps its configuration, retrying", error.getMessage());
            return true;
        });
        created.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(VPNPeer peer) {
                onChange.run();
            }

            @Override
            public void onUpdate(VPNPeer before, VPNPeer after) {
                onChange.run();
            }

            @Override
            public void onDelete(VPNPeer peer, boolean finalStateUnknown) {
                onChange.run();
            }
        });
        created.run();
    }

    /** The VPNPeers, once the informer has listed them (empty before). */
    public Optional<Listing> listing() {
        SharedIndexInformer<VPNPeer> peers = informer;
        if (peers == null || !peers.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(new Listing(new ArrayList<>(peers.getStore().list()), peers.getStore().getByKey(nodeName) != null));
    }

    /**
     * This node's status was written with {@code lastSeen}: it should come back through the watch within two resync
     * periods and ten seconds. Only one write is awaited at a time.
     */
    public void expectEcho(String lastSeen, Instant now) {
        if (lastSeen != null && echo == null) {
            echo = new Echo(lastSeen, now.plus(resyncPeriod.multipliedBy(2)).plusSeconds(10));
        }
    }

    /** Watches anew when the awaited own write did not come back through the watch in time. */
    public void checkAlive(Instant now) {
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
            start();
        }
    }

    @Override
    public void close() {
        SharedIndexInformer<VPNPeer> peers = informer;
        if (peers != null) {
            peers.stop();
        }
    }
}
