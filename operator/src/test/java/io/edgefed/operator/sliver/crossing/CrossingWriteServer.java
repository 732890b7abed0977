package io.edgefed.operator.sliver.crossing;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Fabric8's mock API server in CRUD mode with {@link CrossingWriteDispatcher}, and an operator that reconciles only on
 * events: the periodic resync is set far beyond the test, so that it cannot repair a dropped event.
 */
public class CrossingWriteServer implements QuarkusTestResourceLifecycleManager {

    private KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new CrossingWriteDispatcher(), false);
        server.init();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server.createClient().getMasterUrl().toString(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", "default",
                "quarkus.kubernetes-client.devservices.enabled", "false",
                "edgefed.operator.resync-period", "PT1H");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
