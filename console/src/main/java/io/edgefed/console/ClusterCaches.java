package io.edgefed.console;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The three informer caches the console reads (Nodes, VPNPeers, the Slivers of one namespace): list and watch only,
 * no API call per page view.
 */
@Singleton
public class ClusterCaches {

    private final KubernetesClient client;
    private final ConsoleSettings settings;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<VPNPeer> peers;
    private SharedIndexInformer<Sliver> slivers;

    ClusterCaches(KubernetesClient client, ConsoleSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        nodes = watch(client.nodes().runnableInformer(0));
        peers = watch(client.resources(VPNPeer.class).runnableInformer(0));
        slivers = watch(client.resources(Sliver.class).inNamespace(settings.namespace()).runnableInformer(0));
        // Not waited for: the console starts serving (and reports not ready) while the caches fill.
        nodes.start();
        peers.start();
        slivers.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {nodes, peers, slivers}) {
            if (informer != null) {
                informer.stop();
            }
        }
    }

    /** Runs {@code listener} (on an informer thread; it must be quick) after every change to any of the caches. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed();
            }
        });
        return informer;
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** What the caches hold now. */
    ClusterState state() {
        return new ClusterState(list(nodes), list(peers), list(slivers));
    }

    private static <T> List<T> list(SharedIndexInformer<T> informer) {
        return informer == null ? List.of() : informer.getStore().list();
    }

    boolean synced() {
        return nodes != null && nodes.hasSynced() && peers.hasSynced() && slivers.hasSynced();
    }
}
