package io.edgefed.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.edgefed.operator.sliver.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * How close to its expiry instant each of 200 Slivers with staggered expiries is deleted: the distribution of
 * (deletion seen by a watcher − expiry).
 */
@QuarkusTest
@WithTestResource(MockServerProcess.class)
@TestProfile(BenchProfile.class)
@Tag("bench")
class SliverExpiryBench {

    private static final int SLIVERS = 200;
    /** Time to create them all first: the mock server takes ~0.1 s a create on a loaded two-core machine. */
    private static final Duration LEAD = Duration.ofSeconds(90);
    private static final Duration STAGGER = Duration.ofMillis(50);

    @Inject
    KubernetesClient client;

    @Test
    void sliversAreDeletedWithinASecondOfTheirExpiry() throws Exception {
        Map<String, Instant> deleted = new ConcurrentHashMap<>();
        SharedIndexInformer<Sliver> watcher = client.resources(Sliver.class).inNamespace(BenchProfile.WATCHED).inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Sliver sliver) {
                    }

                    @Override
                    public void onUpdate(Sliver old, Sliver sliver) {
                    }

                    @Override
                    public void onDelete(Sliver sliver, boolean unknown) {
                        deleted.putIfAbsent(sliver.getMetadata().getName(), Instant.now());
                    }
                });
        Map<String, Instant> deploymentsDeleted = new ConcurrentHashMap<>();
        Watch deploymentWatch = client.apps().deployments().inNamespace(BenchProfile.WATCHED).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                if (action == Action.DELETED) {
                    deploymentsDeleted.putIfAbsent(deployment.getMetadata().getName(), Instant.now());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        Map<String, Instant> expires = new ConcurrentHashMap<>();
        Instant base = Instant.now().plus(LEAD);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> creates = new ArrayList<>();
        for (int i = 0; i < SLIVERS; i++) {
            Sliver sliver = Fixtures.sliver("expiry-bench-" + (i / 4), "node-" + i);
            sliver.getSpec().setNode(null);
            sliver.getSpec().setArch(null);
            sliver.getMetadata().setNamespace(BenchProfile.WATCHED);
            Instant expiry = base.plus(STAGGER.multipliedBy(i));
            Expiry.write(sliver, expiry);
            expires.put(sliver.getMetadata().getName(), expiry);
            creates.add(pool.submit(() -> client.resource(sliver).create()));
        }
        for (Future<?> create : creates) {
            create.get();
        }
        pool.shutdown();
        Instant created = Instant.now();
        assertThat(created).as("all created before the first expiry").isBefore(base);

        Instant giveUp = base.plus(STAGGER.multipliedBy(SLIVERS)).plusSeconds(30);
        while ((deleted.size() < SLIVERS || deploymentsDeleted.size() < SLIVERS) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        watcher.close();
        deploymentWatch.close();

        List<Long> lateness = lateness(expires, deleted);
        List<Long> deploymentLateness = lateness(expires, deploymentsDeleted);
        long early = lateness.stream().filter(ms -> ms < 0).count();
        List<String> lines = List.of(
                String.format("%d slivers, expiries %d ms apart, created in %d ms; deleted - expires (ms), as a watcher"
                        + " sees the deletion:", SLIVERS, STAGGER.toMillis(),
                        Duration.between(base.minus(LEAD), created).toMillis()),
                String.format("min %d, p50 %d, p90 %d, p99 %d, max %s; deleted before expiry: %d; not deleted: %d",
                        lateness.get(0), percentile(lateness, 50), percentile(lateness, 90), percentile(lateness, 99),
                        lateness.get(lateness.size() - 1) == Long.MAX_VALUE ? "never" : lateness.get(lateness.size() - 1),
                        early, SLIVERS - deleted.size()),
                String.format("their Deployments: min %d, p50 %d, p99 %d, max %s", deploymentLateness.get(0),
                        percentile(deploymentLateness, 50), percentile(deploymentLateness, 99),
                        deploymentLateness.get(SLIVERS - 1) == Long.MAX_VALUE ? "never" : deploymentLateness.get(SLIVERS - 1)),
                "target: p99 < 1000 ms; machine load average at the end: " + loadAverage());
        BenchReport.write("sliver-expiry", lines);

        assertThat(deleted).hasSize(SLIVERS);
        assertThat(deploymentsDeleted).hasSize(SLIVERS);
        assertThat(early).as("deleted before their expiry").isZero();
        assertThat(percentile(lateness, 99)).isLessThan(1000);
    }

    private static List<Long> lateness(Map<String, Instant> expires, Map<String, Instant> gone) {
        List<Long> lateness = new ArrayList<>();
        expires.forEach((name, expiry) -> {
            Instant at = gone.get(name);
            lateness.add(at == null ? Long.MAX_VALUE : Duration.between(expiry, at).toMillis());
        });
        lateness.sort(null);
        return lateness;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
