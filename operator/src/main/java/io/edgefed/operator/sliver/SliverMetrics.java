package io.edgefed.operator.sliver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgefed.model.Sliver;
import io.edgefed.model.SliverCensus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The Sliver controller's own metrics (the SDK adds reconciliations and failures per controller):
 * {@code edgefed_operator_expiry_lag_seconds} (a histogram of the delay between a Sliver's expiry and its deletion),
 * {@code edgefed_operator_children_repaired_total{kind}} (a Deployment, Service or ConfigMap made again after someone
 * deleted it) and {@code
 * edgefed_operator_slivers{allocation_state,operational_state}}.
 */
@ApplicationScoped
public class SliverMetrics {

    /** From a tenth of a second (a prompt deletion) to five minutes (a stalled operator). */
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private static final List<String> KINDS = List.of("deployment", "service", "configmap");

    private final MeterRegistry registry;
    private final Timer expiryLag;
    private volatile IndexerResourceCache<Sliver> cache;

    SliverMetrics(MeterRegistry registry) {
        this.registry = registry;
        // A gauge left by an earlier start in this JVM (tests restart the application) would read that start's cache.
        registry.find("edgefed.operator.slivers").meters().forEach(registry::remove);
        SliverCensus census = new SliverCensus(() -> cache == null ? List.of() : cache.list().toList());
        for (SliverCensus.Pair pair : SliverCensus.pairs()) {
            Gauge.builder("edgefed.operator.slivers", census, c -> c.count(pair))
                    .description("Slivers the operator watches, by the GENI state it reported")
                    .tags("allocation_state", pair.allocationState(), "operational_state", pair.operationalState())
                    .strongReference(true).register(registry);
        }
        this.expiryLag = Timer.builder("edgefed.operator.expiry.lag")
                .description("Delay between a Sliver's expiry (edgefed.io/expires) and the operator deleting it")
                .serviceLevelObjectives(LAG_BUCKETS).register(registry);
        for (String kind : KINDS) {
            repaired(kind); // zero rather than missing before the first repair
        }
    }

    /** Counts the Slivers of this controller's cache (the latest one given) by state at each scrape. */
    void count(IndexerResourceCache<Sliver> cache) {
        this.cache = cache;
    }

    void expired(Duration lag) {
        expiryLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /**
     * Counts the objects missing from a Sliver that wants a container and whose status already reports its current
     * generation: they had been made, someone deleted them, and the workflow that runs next makes them again.
     */
    void beforeWorkflow(Sliver sliver, Context<Sliver> context, Instant now) {
        Long generation = sliver.getMetadata().getGeneration();
        boolean settled = sliver.getStatus() != null && generation != null
                && generation.equals(sliver.getStatus().getObservedGeneration());
        if (!settled || !ContainerWanted.isWanted(sliver, now)) {
            return;
        }
        repairIfMissing(context, Deployment.class, KINDS.get(0));
        repairIfMissing(context, Service.class, KINDS.get(1));
        repairIfMissing(context, ConfigMap.class, KINDS.get(2));
    }

    private void repairIfMissing(Context<Sliver> context, Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind,
            String label) {
        if (context.getSecondaryResource(kind).isEmpty()) {
            repaired(label).increment();
        }
    }

    private Counter repaired(String kind) {
        return Counter.builder("edgefed.operator.children.repaired")
                .description("Objects of a Sliver made again because they had been deleted, by kind")
                .tags("kind", kind).register(registry);
    }
}
