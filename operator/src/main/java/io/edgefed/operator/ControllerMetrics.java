package io.edgefed.operator;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.edgefed.operator.mesh.VpnPeerReconciler;
import io.edgefed.operator.sliver.SliverReconciler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The operator SDK's metrics per controller ({@code reconciliations_started_total}, {@code
 * reconciliations_failure_total}, {@code reconciliations_execution_duration_seconds}... labelled {@code
 * controller_name}, never by resource), recorded into the application's registry. QOSDK 7.7.3 means to do this by
 * itself but hands the SDK a no-op in packaged applications (quarkiverse/quarkus-operator-sdk#1385, fixed in later
 * releases), so the operator produces the bean, which takes the place of QOSDK's default one.
 */
@Singleton
public class ControllerMetrics {

    @Produces
    @Singleton
    Metrics metrics(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }

    /**
     * The SDK counts failures from the first one on; registering the same counters (same name and tag) at start makes
     * {@code reconciliations_failure_total} a zero rather than a missing series, which rules and dashboards rely on.
     */
    void failuresFromZero(@Observes StartupEvent event, MeterRegistry registry) {
        for (String controller : new String[] {SliverReconciler.NAME, VpnPeerReconciler.NAME}) {
            registry.counter("reconciliations.failure.total", "controller.name", controller);
        }
    }
}
