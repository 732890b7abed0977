package io.edgefed.am.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletionStage;

/**
 * A view of one kind of cluster object kept by an informer: {@link ClusterCaches} starts it with the AM (without
 * waiting for the API server) and stops it at shutdown; it is synced once it holds the API server's state.
 *
 * @param <T> the kind of object
 */
abstract class InformerView<T extends HasMetadata> {

    private volatile SharedIndexInformer<T> informer;

    /** A new, not yet started informer with the view's indexers and handlers. */
    protected abstract SharedIndexInformer<T> newInformer();

    CompletionStage<Void> start() {
        informer = newInformer();
        return informer.start();
    }

    void stop() {
        SharedIndexInformer<T> running = informer;
        if (running != null) {
            running.stop();
        }
    }

    boolean synced() {
        SharedIndexInformer<T> running = informer;
        return running != null && running.hasSynced();
    }

    /** The informer, or null before {@link #start()}. */
    protected SharedIndexInformer<T> informer() {
        return informer;
    }
}
