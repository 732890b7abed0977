package io.edgefed.am.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Starts the informer caches with the application (without blocking startup on the API server) and reports
 * readiness once all have synced, so a Service sends no calls to a replica that would answer from empty caches.
 */
@Readiness
@Singleton
public class ClusterCaches implements HealthCheck {

    private final SliverStore slivers;
    private final NodeInventory nodes;
    private final SliceShutdowns shutdowns;
    private final AllocationSweeper sweeper;

    ClusterCaches(SliverStore slivers, NodeInventory nodes, SliceShutdowns shutdowns, AllocationSweeper sweeper) {
        this.sweeper = sweeper;
        this.slivers = slivers;
        this.nodes = nodes;
        this.shutdowns = shutdowns;
    }

    void onStart(@Observes StartupEvent event) {
        slivers.start();
        nodes.start();
        shutdowns.start();
        sweeper.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        sweeper.stop();
        slivers.stop();
        nodes.stop();
        shutdowns.stop();
    }

    /** Whether every cache holds the API server's state. */
    public boolean synced() {
        return slivers.synced() && nodes.synced() && shutdowns.synced();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster-caches").status(synced()).build();
    }
}
