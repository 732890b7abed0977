package io.edgefed.am.cluster;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.support.FixedConfig;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import io.edgefed.model.SliverSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An Allocate killed at any write leaves nothing visible; a retry of the same request succeeds at once; what was left
 * is swept after the grace. Interrupted at every one of the 2n writes (n pending writes, n commits).
 */
@EnableKubernetesMockClient(crud = true)
class AllocationWriteTest {

    static final int NODES = 3;
    static final Duration GRACE = Duration.ofSeconds(60);
    static KubernetesClient client;

    SliverStore store;
    AllocationSweeper sweeper;

    @BeforeEach
    void start() throws Exception {
        store = new SliverStore(client, new FixedConfig());
        store.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sweeper = new AllocationSweeper(store, new FixedConfig(), Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    /** What a process death looks like to the code that was running: it just stops. */
    static final class Crash extends RuntimeException {
    }

    static List<Sliver> request(String slice, String... clientIds) {
        List<Sliver> out = new ArrayList<>();
        for (String clientId : clientIds) {
            String name = SliverNames.sliverName(slice, clientId);
            Sliver s = new Sliver();
            s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("edgefed")
                    .addToLabels(EdgefedKeys.SLICE_LABEL, SliverNames.sliceLabel(slice)).build());
            SliverSpec spec = new SliverSpec();
            spec.setSliceUrn(slice);
            spec.setClientId(clientId);
            spec.setImage("img");
            s.setSpec(spec);
            out.add(s);
        }
        return out;
    }

    List<Sliver> allocate(String slice, String key, Instant now, AllocationWrite.Interruption interruption,
                          String... clientIds) throws GeniException {
        AllocationWrite write = new AllocationWrite(store, GRACE, key, now);
        List<AllocationWrite.Planned> plan = new ArrayList<>();
        for (Sliver s : request(slice, clientIds)) {
            plan.add(write.plan(s, s.getSpec().getClientId(), slice, now));
        }
        return write.write(plan, interruption);
    }

    List<Sliver> inApi(String slice) {
        return client.resources(Sliver.class).inNamespace("edgefed")
                .withLabel(EdgefedKeys.SLICE_LABEL, SliverNames.sliceLabel(slice)).list().getItems();
    }

    static String[] nodes() {
        String[] ids = new String[NODES];
        for (int i = 0; i < NODES; i++) {
            ids[i] = "n" + i;
        }
        return ids;
    }

    @Test
    void interruptedAtEveryWriteNothingIsVisibleAndTheRetrySucceeds() throws Exception {
        for (int stopAt = 0; stopAt < 2 * NODES; stopAt++) {
            String slice = "urn:publicid:IDN+edgefed:test+slice+crash" + stopAt;
            String key = AllocationWrite.key(slice, "alice", List.of(nodes()));
            int at = stopAt;
            Instant now = Instant.now();

            assertThatThrownBy(() -> allocate(slice, key, now, i -> {
                if (i == at) {
                    throw new Crash();
                }
            }, nodes())).isInstanceOf(Crash.class);

            assertThat(store.ofSlice(SliverNames.sliceLabel(slice), now)).as("visible after a crash at write " + at)
                    .isEmpty();
            for (String id : nodes()) {
                assertThat(store.find(SliverNames.sliverName(slice, id), now)).isEmpty();
            }

            List<Sliver> retried = allocate(slice, key, now.plusSeconds(1), AllocationWrite.NONE, nodes());

            assertThat(retried).hasSize(NODES);
            assertThat(store.ofSlice(SliverNames.sliceLabel(slice), now)).as("after the retry of a crash at " + at)
                    .hasSize(NODES);
            assertThat(inApi(slice)).hasSize(NODES).noneMatch(AllocationMarks::isPending);
            assertThatThrownBy(() -> allocate(slice, key, now.plusSeconds(2), AllocationWrite.NONE, nodes()))
                    .isInstanceOfSatisfying(GeniException.class,
                            e -> assertThat(e.code()).isEqualTo(GeniCode.ALREADYEXISTS));
        }
    }

    @Test
    void interruptedAtEveryWriteWhatIsLeftIsSweptAfterTheGrace() throws Exception {
        for (int stopAt = 0; stopAt < 2 * NODES; stopAt++) {
            String slice = "urn:publicid:IDN+edgefed:test+slice+swept" + stopAt;
            int at = stopAt;
            Instant now = Instant.now();
            assertThatThrownBy(() -> allocate(slice, AllocationWrite.key(slice, "alice", List.of(nodes())), now, i -> {
                if (i == at) {
                    throw new Crash();
                }
            }, nodes())).isInstanceOf(Crash.class);

            sweeper.sweep(now.plus(GRACE).minusSeconds(1));
            assertThat(inApi(slice)).as("before the grace").hasSize(Math.min(at, NODES));

            sweeper.sweep(now.plus(GRACE).plusSeconds(1));
            assertThat(inApi(slice)).as("after the grace, crash at " + at).isEmpty();
        }
    }

    @Test
    void anotherRequestWaitsForTheGraceThenTakesTheNamesOver() throws Exception {
        String slice = "urn:publicid:IDN+edgefed:test+slice+other";
        Instant now = Instant.now();
        assertThatThrownBy(() -> allocate(slice, "first", now, i -> {
            if (i == 2) {
                throw new Crash();
            }
        }, "n0", "n1")).isInstanceOf(Crash.class);

        assertThatThrownBy(() -> allocate(slice, "second", now.plusSeconds(5), AllocationWrite.NONE, "n0"))
                .isInstanceOfSatisfying(GeniException.class, e -> {
                    assertThat(e.code()).isEqualTo(GeniCode.ALREADYEXISTS);
                    assertThat(e.getMessage()).contains("being allocated by another call");
                });

        assertThat(allocate(slice, "second", now.plus(GRACE).plusSeconds(1), AllocationWrite.NONE, "n0")).hasSize(1);
        assertThat(store.ofSlice(SliverNames.sliceLabel(slice), now)).extracting(s -> s.getSpec().getClientId())
                .containsExactly("n0");
        sweeper.sweep(now.plus(GRACE).plusSeconds(2));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(inApi(slice))
                .extracting(s -> s.getSpec().getClientId()).containsExactly("n0"));
    }
}
