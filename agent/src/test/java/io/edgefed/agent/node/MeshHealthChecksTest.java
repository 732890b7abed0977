package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class MeshHealthChecksTest {

    @Test
    void theNodeIsNotReadyWhileItsOwnRecordIsMissingAndTheAnswerCarriesNoErrorText() {
        MeshHealthChecks.MeshReadiness readiness = new MeshHealthChecks.MeshReadiness();
        readiness.health = new AgentHealth();
        readiness.config = config();
        readiness.health.interfaceUp(true);
        readiness.health.apiSucceeded();
        readiness.health.applied(2, 0);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        readiness.health.ownRecord(false);
        HealthCheckResponse missing = readiness.call();
        assertThat(missing.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(missing.getData().orElseThrow()).containsEntry("ownRecord", "missing");

        readiness.health.ownRecord(true);
        readiness.health.apiFailed("Failure executing: GET at: https://10.0.0.1:6443/apis/edgefed.io/v1alpha1/vpnpeers");
        readiness.health.applyFailed("java.io.IOException: /var/run/wireguard/edgefed0.sock: connection refused");
        HealthCheckResponse failing = readiness.call();
        assertThat(failing.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(failing.getData().orElseThrow().values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain("10.0.0.1", "Exception", "wireguard"));
        assertThat(failing.getData().orElseThrow()).containsEntry("applyFailed", true);
    }

    /** Only what the readiness check reads; a test-only proxy (the agent itself never uses one). */
    private static AgentConfig config() {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] { AgentConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                case "resyncPeriod" -> Duration.ofSeconds(10);
                case "heartbeat" -> Duration.ofSeconds(60);
                case "interfaceName" -> "edgefed0";
                default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
