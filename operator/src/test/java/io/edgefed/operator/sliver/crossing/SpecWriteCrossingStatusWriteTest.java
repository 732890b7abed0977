package io.edgefed.operator.sliver.crossing;

import static io.edgefed.operator.sliver.Fixtures.node;
import static io.edgefed.operator.sliver.Fixtures.sliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A spec change that lands between the operator's read of a Sliver and its status write (the AM's write crossing the
 * operator's) is reconciled at once, not at the next resync: every time, {@code status.observedGeneration} catches up
 * with {@code metadata.generation} within seconds.
 */
@QuarkusTest
@QuarkusTestResource(value = CrossingWriteServer.class, restrictToAnnotatedClass = true)
class SpecWriteCrossingStatusWriteTest {

    private static final int ROUNDS = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Inject
    KubernetesClient client;

    @Test
    void specChangeThatCrossesTheStatusWriteIsReconciled() {
        client.resource(node("edge-1", "amd64", "198.51.100.7")).create();
        Sliver sliver = client.resource(sliver("crossing", "node-a")).create();
        String name = sliver.getMetadata().getName();
        awaitCaughtUp(name, "the first reconciliation");

        for (int round = 1; round <= ROUNDS; round++) {
            String marker = "crossing-" + round;
            // A spec change the operator reconciles; its status write then meets the crossing spec change.
            client.resources(Sliver.class).withName(name).edit(s -> {
                s.getSpec().setRestartMarker("edit-" + marker);
                s.getMetadata().getAnnotations().put(CrossingWriteDispatcher.ARMED, marker);
                return s;
            });
            Sliver crossed = await().atMost(PATIENCE).until(() -> get(name),
                    s -> marker.equals(s.getSpec().getRestartMarker()));
            assertThat(crossed.getMetadata().getAnnotations()).doesNotContainKey(CrossingWriteDispatcher.ARMED);
            awaitCaughtUp(name, "round " + round);
        }
    }

    private void awaitCaughtUp(String name, String when) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Sliver s = get(name);
            assertThat(s.getStatus()).as("status after %s", when).isNotNull();
            assertThat(s.getStatus().getObservedGeneration())
                    .as("observedGeneration after %s (restartMarker %s)", when, s.getSpec().getRestartMarker())
                    .isEqualTo(s.getMetadata().getGeneration());
        });
    }

    private Sliver get(String name) {
        return client.resources(Sliver.class).withName(name).get();
    }
}
