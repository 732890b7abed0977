package io.edgefed.operator.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The operator watches only the {@code bench} namespace, so that the floor measurement (in {@code floor}) runs on the
 * same mock server without the operator reacting to it.
 */
public class BenchProfile implements QuarkusTestProfile {

    static final String WATCHED = "bench";
    static final String FLOOR = "floor";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.operator-sdk.controllers.sliver.namespaces", WATCHED,
                // The mock server answers one request at a time: more threads only hold more memory.
                "quarkus.operator-sdk.concurrent-reconciliation-threads", "16",
                "quarkus.operator-sdk.concurrent-workflow-threads", "16",
                "quarkus.log.category.\"io.edgefed.operator.sliver.SliverExpiry\".level", "WARN");
    }
}
