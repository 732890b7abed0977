package io.edgefed.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.edgefed.operator.sliver.Fixtures;
import io.edgefed.operator.sliver.FloorObjects;
import io.edgefed.operator.sliver.SliverObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.common.WithTestResource;

/**
 * How long the operator takes to give N provisioned Slivers their Deployment, Service, ConfigMap and slice
 * NetworkPolicy, next to the floor: a plain client creating the same Slivers and the same objects directly on the same
 * mock server, with the same number of threads. The mock server is single-threaded and slows as it fills, so only the
 * ratio means something. The mock runs in a JVM of its own, so the memory figure is the operator's (with the test
 * harness around it).
 */
@QuarkusTest
@WithTestResource(MockServerProcess.class)
@TestProfile(BenchProfile.class)
@Tag("bench")
class SliverScaleBench {

    private static final int SLIVERS_PER_SLICE = 4;
    private static final int CLIENT_THREADS = 8;
    private static final Duration LARGE_RUN_BUDGET = Duration.ofMinutes(10);

    @Inject
    KubernetesClient client;

    @Test
    void operatorKeepsUpWithTheFloor() throws Exception {
        List<String> lines = new ArrayList<>();
        System.gc();
        lines.add("start: JVM VmRSS " + BenchReport.residentMiB() + " MiB, heap used after GC "
                + BenchReport.heapUsedMiB() + " MiB (" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max)");
        Result small = run(2_000, lines);
        Result large = null;
        // The larger run only when the smaller suggests it fits in the budget (the mock slows as it fills).
        if (small.projected(10_000).compareTo(LARGE_RUN_BUDGET) < 0) {
            large = run(10_000, lines);
        } else {
            lines.add("10000 slivers: skipped, projected " + small.projected(10_000).toSeconds() + " s > budget "
                    + LARGE_RUN_BUDGET.toSeconds() + " s");
        }
        System.gc();
        lines.add("end: operator JVM VmRSS " + BenchReport.residentMiB() + " MiB (the operator with the test harness; the"
                + " mock API server runs in a process of its own), heap used after GC " + BenchReport.heapUsedMiB() + " MiB");
        BenchReport.write("sliver-scale", lines);

        assertThat(small.ratio()).as("operator vs floor, 2000 slivers").isLessThan(1.5);
        if (large != null) {
            assertThat(large.ratio()).as("operator vs floor, 10000 slivers").isLessThan(1.5);
        }
        assertThat(BenchReport.residentMiB()).isLessThan(512);
    }

    record Result(int slivers, Duration floor, Duration operator) {
        double ratio() {
            return (double) operator.toMillis() / floor.toMillis();
        }

        Duration projected(int more) {
            // Twice the floor plus the operator's time, scaled quadratically: the mock's lists grow with its content.
            double scale = Math.pow((double) more / slivers, 2);
            return Duration.ofMillis((long) ((floor.toMillis() * 2 + operator.toMillis()) * scale));
        }
    }

    private Result run(int count, List<String> lines) throws Exception {
        String floorNamespace = BenchProfile.FLOOR + "-" + count;
        String watched = BenchProfile.WATCHED;

        List<Sliver> floorSlivers = slivers(count, floorNamespace);
        long floorStart = System.nanoTime();
        inParallel(floorSlivers, this::createWithChildren);
        Duration floor = Duration.ofNanos(System.nanoTime() - floorStart);
        deleteAll(floorNamespace);

        List<Sliver> slivers = slivers(count, watched);
        Set<String> deployments = ConcurrentHashMap.newKeySet();
        Set<String> services = ConcurrentHashMap.newKeySet();
        Set<String> configMaps = ConcurrentHashMap.newKeySet();
        Set<String> policies = ConcurrentHashMap.newKeySet();
        // Plain watches, not informers: the test keeps no copy of the objects, so the memory figure is the operator's.
        List<Watch> watchers = List.of(
                client.apps().deployments().inNamespace(watched).watch(seen(deployments)),
                client.services().inNamespace(watched).watch(seen(services)),
                client.configMaps().inNamespace(watched).watch(seen(configMaps)),
                client.network().v1().networkPolicies().inNamespace(watched).watch(seen(policies)));
        int slices = (count + SLIVERS_PER_SLICE - 1) / SLIVERS_PER_SLICE;
        long start = System.nanoTime();
        inParallel(slivers, sliver -> client.resource(sliver).create());
        while (deployments.size() < count || services.size() < count || configMaps.size() < count
                || policies.size() < slices) {
            Thread.sleep(20);
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(15)) {
                throw new AssertionError("gave up after 15 min: " + deployments.size() + " deployments, "
                        + services.size() + " services, " + configMaps.size() + " config maps, " + policies.size()
                        + " policies of " + count);
            }
        }
        Duration operator = Duration.ofNanos(System.nanoTime() - start);
        watchers.forEach(Watch::close);

        Result result = new Result(count, floor, operator);
        lines.add(String.format("%d slivers (%d slices): floor %.1f s, operator %.1f s, ratio %.2f (target < 1.5);"
                + " VmRSS %d MiB", count, slices, floor.toMillis() / 1000.0, operator.toMillis() / 1000.0,
                result.ratio(), BenchReport.residentMiB()));
        System.out.println(lines.get(lines.size() - 1));
        return result;
    }

    private static List<Sliver> slivers(int count, String namespace) {
        List<Sliver> slivers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Sliver sliver = Fixtures.sliver("bench-" + (i / SLIVERS_PER_SLICE), "node-" + i);
            sliver.getSpec().setNode(null);
            sliver.getSpec().setArch(null);
            sliver.getMetadata().setNamespace(namespace);
            slivers.add(sliver);
        }
        return slivers;
    }

    /** The floor: what the operator makes, made directly (the objects the operator's dependents would build). */
    private void createWithChildren(Sliver sliver) {
        Sliver created = client.resource(sliver).create();
        for (HasMetadata child : FloorObjects.of(created)) {
            client.resource(child).create();
        }
        if (Integer.parseInt(sliver.getSpec().getClientId().substring("node-".length())) % SLIVERS_PER_SLICE == 0) {
            String slice = created.getMetadata().getLabels().get(EdgefedKeys.SLICE_LABEL);
            NetworkPolicy policy = new NetworkPolicyBuilder()
                    .withNewMetadata().withName(SliverObjects.slicePolicyName(slice))
                    .withNamespace(created.getMetadata().getNamespace())
                    .withLabels(Map.of(EdgefedKeys.SLICE_LABEL, slice)).endMetadata()
                    .withNewSpec().withNewPodSelector().withMatchLabels(Map.of(EdgefedKeys.SLICE_LABEL, slice))
                    .endPodSelector().withPolicyTypes("Ingress").endSpec()
                    .build();
            client.resource(policy).create();
        }
    }

    private void deleteAll(String namespace) {
        client.resources(Sliver.class).inNamespace(namespace).delete();
        client.apps().deployments().inNamespace(namespace).delete();
        client.services().inNamespace(namespace).delete();
        client.configMaps().inNamespace(namespace).delete();
        client.network().v1().networkPolicies().inNamespace(namespace).delete();
    }

    private static <T> void inParallel(List<T> items, Consumer<T> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static <T extends HasMetadata> Watcher<T> seen(Set<String> names) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    names.add(resource.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
