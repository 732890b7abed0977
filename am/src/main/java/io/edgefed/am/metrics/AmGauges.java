package io.edgefed.am.metrics;

import io.edgefed.am.cluster.SliverStore;
import io.edgefed.model.SliverCensus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The AM's gauges, read at each scrape: {@code edgefed_am_slivers{allocation_state,operational_state}} from the
 * informer cache (every pair, zero included, so that a dashboard shows a flat line rather than nothing), {@code
 * edgefed_am_worker_queue_depth} (calls waiting for a worker) and {@code
 * edgefed_am_tls_certificate_expiry_timestamp_seconds}.
 */
@Singleton
public class AmGauges {

    private final MeterRegistry registry;
    private final SliverStore slivers;
    private final WorkerQueue queue;
    private final ServerCertificateExpiry certificate;

    AmGauges(MeterRegistry registry, SliverStore slivers, WorkerQueue queue, ServerCertificateExpiry certificate) {
        this.registry = registry;
        this.slivers = slivers;
        this.queue = queue;
        this.certificate = certificate;
    }

    void register(@Observes StartupEvent event) {
        forgetEarlierGauges(registry, "edgefed.am.slivers", "edgefed.am.worker.queue.depth",
                "edgefed.am.tls.certificate.expiry.timestamp.seconds");
        SliverCensus census = new SliverCensus(slivers::cached);
        for (SliverCensus.Pair pair : SliverCensus.pairs()) {
            Gauge.builder("edgefed.am.slivers", census, c -> c.count(pair))
                    .description("Slivers in the AM's cache (uncommitted and expired ones included), by GENI state")
                    .tags("allocation_state", pair.allocationState(), "operational_state", pair.operationalState())
                    .strongReference(true).register(registry);
        }
        Gauge.builder("edgefed.am.worker.queue.depth", queue, WorkerQueue::depth)
                .description("Calls waiting for a worker; at edgefed.am.worker-queue further calls get BUSY").register(registry);
        Gauge.builder("edgefed.am.tls.certificate.expiry.timestamp.seconds", certificate, ServerCertificateExpiry::earliestNotAfter)
                .description("When the first certificate of the AM's TLS key store chain expires (Unix time; NaN without one)")
                .register(registry);
    }

    /**
     * Removes gauges an earlier start in this JVM registered (tests restart the application; the registry outlives
     * it): registering again would return those, which read the earlier start's objects.
     */
    static void forgetEarlierGauges(MeterRegistry registry, String... names) {
        for (String name : names) {
            registry.find(name).meters().forEach(registry::remove);
        }
    }

    /** What the worker queue holds now. */
    public interface WorkerQueue {
        int depth();
    }
}
