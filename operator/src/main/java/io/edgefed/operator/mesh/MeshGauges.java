package io.edgefed.operator.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The mesh as the VPNPeers' statuses tell it, read from the controller's cache at each scrape: {@code
 * edgefed_mesh_nodes{state}} (active or inactive, the operator's verdict), {@code edgefed_mesh_paths{mode}} (direct,
 * relay, down, summed over every node's report), and per node {@code edgefed_mesh_node_active{node}} and {@code
 * edgefed_mesh_node_relayed_paths{node}}, for the alerts that must name the node. Node names are bounded by the
 * cluster's nodes; no other label varies.
 */
@ApplicationScoped
public class MeshGauges {

    private final MultiGauge nodeActive;
    private final MultiGauge nodeRelayed;
    private volatile IndexerResourceCache<VPNPeer> cache;
    private Set<String> rows = Set.of();

    MeshGauges(MeterRegistry registry) {
        // Gauges left by an earlier start in this JVM (tests restart the application) would read that start's cache.
        for (String name : new String[] {"edgefed.mesh.nodes", "edgefed.mesh.paths", "edgefed.mesh.node.active",
                "edgefed.mesh.node.relayed.paths"}) {
            registry.find(name).meters().forEach(registry::remove);
        }
        for (boolean active : new boolean[] {true, false}) {
            Gauge.builder("edgefed.mesh.nodes", this, g -> g.peers().stream().filter(p -> isActive(p) == active).count())
                    .description("VPNPeers by the operator's verdict on their agent's reports")
                    .tags("state", active ? "active" : "inactive").register(registry);
        }
        for (PeerPath.Mode mode : PeerPath.Mode.values()) {
            Gauge.builder("edgefed.mesh.paths", this, g -> g.peers().stream().mapToLong(p -> paths(p, mode)).sum())
                    .description("Paths the nodes' agents report, by mode (each pair counts once per side)")
                    .tags("mode", mode.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        nodeActive = MultiGauge.builder("edgefed.mesh.node.active")
                .description("1 while the node's agent reports in time, 0 once the operator marked it inactive")
                .register(registry);
        nodeRelayed = MultiGauge.builder("edgefed.mesh.node.relayed.paths")
                .description("Peers the node reaches only through a relay, as its agent reports").register(registry);
    }

    /** Reads this cache (the latest one given) from now on. */
    void watch(IndexerResourceCache<VPNPeer> cache) {
        this.cache = cache;
    }

    /** Adds and removes per-node series when the set of VPNPeers changed; their values are read at each scrape. */
    synchronized void nodesSeen(List<VPNPeer> peers) {
        Set<String> names = new TreeSet<>();
        peers.forEach(p -> names.add(p.getMetadata().getName()));
        if (names.equals(rows)) {
            return;
        }
        List<MultiGauge.Row<?>> active = new ArrayList<>();
        List<MultiGauge.Row<?>> relayed = new ArrayList<>();
        for (String name : names) {
            active.add(MultiGauge.Row.of(Tags.of("node", name), this, g -> g.peer(name).map(p -> isActive(p) ? 1 : 0).orElse(0)));
            relayed.add(MultiGauge.Row.of(Tags.of("node", name), this, g -> g.peer(name).map(p -> paths(p, PeerPath.Mode.RELAY)).orElse(0L)));
        }
        nodeActive.register(active, true);
        nodeRelayed.register(relayed, true);
        rows = names;
    }

    private List<VPNPeer> peers() {
        IndexerResourceCache<VPNPeer> current = cache;
        return current == null ? List.of() : current.list().toList();
    }

    private java.util.Optional<VPNPeer> peer(String name) {
        IndexerResourceCache<VPNPeer> current = cache;
        return current == null ? java.util.Optional.empty() : current.get(new ResourceID(name));
    }

    private static boolean isActive(VPNPeer peer) {
        return peer.getStatus() == null || peer.getStatus().getInactiveSince() == null;
    }

    private static long paths(VPNPeer peer, PeerPath.Mode mode) {
        Map<String, PeerPath> paths = peer.getStatus() == null ? null : peer.getStatus().getPaths();
        return paths == null ? 0 : paths.values().stream().filter(p -> p != null && p.getMode() == mode).count();
    }
}
