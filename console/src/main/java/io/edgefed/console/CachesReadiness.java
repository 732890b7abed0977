package io.edgefed.console;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the caches have synced, so a Service sends no page to a replica that would show an empty testbed. */
@Readiness
@Singleton
public class CachesReadiness implements HealthCheck {

    private final ClusterCaches caches;

    CachesReadiness(ClusterCaches caches) {
        this.caches = caches;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("console-caches").status(caches.synced()).build();
    }
}
