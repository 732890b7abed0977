package io.edgefed.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Node;

/**
 * The testbed as the console shows it, derived from one {@link ClusterState} by pure functions: the nodes, the mesh
 * links between them and the slivers, each sorted so that equal states give equal documents.
 */
final class Testbed {

    private final Map<String, Node> nodeObjects;
    private final Map<String, VPNPeer> peers;
    private final Map<String, NodeView> nodes;
    private final List<LinkView> links;
    private final List<SliverView> slivers;
    private final Map<String, String> sources;
    private final Map<String, SliverView> sliverViews;

    private Testbed(Map<String, Node> nodeObjects, Map<String, VPNPeer> peers, Map<String, NodeView> nodes,
            List<LinkView> links, List<SliverView> slivers, Map<String, String> sources,
            Map<String, SliverView> sliverViews) {
        this.nodeObjects = nodeObjects;
        this.peers = peers;
        this.nodes = nodes;
        this.links = links;
        this.slivers = slivers;
        this.sources = sources;
        this.sliverViews = sliverViews;
    }

    static Testbed of(ClusterState state, boolean showSliceUrns) {
        return of(state, showSliceUrns, null);
    }

    /** As {@link #of(ClusterState, boolean)}, reusing the views of {@code previous} for unchanged Slivers. */
    static Testbed of(ClusterState state, boolean showSliceUrns, Testbed previous) {
        Map<String, Node> nodeObjects = new HashMap<>();
        state.nodes().forEach(n -> nodeObjects.put(n.getMetadata().getName(), n));
        Map<String, VPNPeer> peers = new HashMap<>();
        state.peers().forEach(p -> peers.put(p.getMetadata().getName(), p));

        List<SliverView> slivers = new ArrayList<>(state.slivers().size());
        Map<String, Integer> sliversPerNode = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Map<String, SliverView> sliverViews = new HashMap<>();
        for (Sliver sliver : state.slivers()) {
            String name = sliver.getMetadata().getName();
            String version = sliver.getMetadata().getResourceVersion();
            SliverView view = previous != null && version != null && version.equals(previous.source("sliver/" + name))
                    ? previous.sliverViews.get(name)
                    : null;
            if (view == null) {
                view = SliverViews.of(sliver, showSliceUrns);
            }
            slivers.add(view);
            sliverViews.put(name, view);
            sources.put("sliver/" + view.name(), version);
            if (view.node() != null) {
                sliversPerNode.merge(view.node(), 1, Integer::sum);
            }
        }
        slivers.sort(Comparator.comparing((SliverView s) -> s.node() == null ? "" : s.node())
                .thenComparing(s -> s.clientId() == null ? "" : s.clientId()).thenComparing(SliverView::name));

        TreeSet<String> names = new TreeSet<>(nodeObjects.keySet());
        names.addAll(peers.keySet());
        Map<String, NodeView> nodes = new TreeMap<>();
        for (String name : names) {
            int hosted = sliversPerNode.getOrDefault(name, 0);
            nodes.put(name, NodeViews.of(name, nodeObjects.get(name), peers.get(name), hosted));
            String node = version(nodeObjects.get(name));
            String peer = version(peers.get(name));
            if (node != null && peer != null) {
                sources.put("node/" + name, node + "/" + peer + "/" + hosted);
            }
        }
        List<LinkView> links = MeshLinks.of(peers.values(), nodes.keySet());
        return new Testbed(nodeObjects, peers, nodes, links, List.copyOf(slivers), sources, sliverViews);
    }

    /** "-" for an absent object, null for one without a resource version (nothing can then be reused). */
    private static String version(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object == null ? "-" : object.getMetadata().getResourceVersion();
    }

    /**
     * What an item's view was derived from ({@code node/<name>} or {@code sliver/<name>}: the objects' resource
     * versions); an item whose source is unchanged has an unchanged view, so its JSON can be reused.
     */
    String source(String key) {
        return sources.get(key);
    }

    Iterable<NodeView> nodes() {
        return nodes.values();
    }

    List<LinkView> links() {
        return links;
    }

    List<SliverView> slivers() {
        return slivers;
    }

    boolean knows(String name) {
        return nodes.containsKey(name);
    }

    NodeView node(String name) {
        return nodes.get(name);
    }

    Node nodeObject(String name) {
        return nodeObjects.get(name);
    }

    VPNPeer peer(String name) {
        return peers.get(name);
    }
}
