package io.edgefed.agent.node;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** SmallRye Health checks under {@code /q/health}: ready when the mesh is up, alive while the mesh loop runs. */
public final class MeshHealthChecks {

    private MeshHealthChecks() {
    }

    /**
     * Ready: the interface is up, the API server answered recently, this node's own VPNPeer is listed, and the peers
     * were applied. The answer carries states, never error texts (those go to the log): a probe may come from anywhere
     * the health host allows.
     */
    @Readiness
    @ApplicationScoped
    public static class MeshReadiness implements HealthCheck {

        @Inject
        AgentHealth health;
        @Inject
        AgentConfig config;

        @Override
        public HealthCheckResponse call() {
            Duration apiWindow = config.resyncPeriod().multipliedBy(3).plus(config.heartbeat());
            Instant api = health.lastApiSuccess();
            boolean apiReachable = api != null && api.plus(apiWindow).isAfter(Instant.now());
            boolean applied = health.lastApplied() != null && health.lastApplyError() == null;
            HealthCheckResponseBuilder response = HealthCheckResponse.named("edgefed-mesh")
                    .status(health.interfaceUp() && apiReachable && applied && !health.ownRecordMissing())
                    .withData("interface", config.interfaceName())
                    .withData("interfaceUp", health.interfaceUp())
                    .withData("apiReachable", apiReachable)
                    .withData("peersApplied", health.peersApplied())
                    .withData("peersSkipped", health.peersSkipped())
                    .withData("ownRecord", health.ownRecordMissing() ? "missing" : "listed")
                    .withData("applyFailed", health.lastApplyError() != null)
                    .withData("removalsHeld", health.removalsHeld());
            return response.build();
        }
    }

    /** Alive: the mesh loop ran within three resync periods (a stuck loop gets the agent restarted). */
    @Liveness
    @ApplicationScoped
    public static class MeshLoopLiveness implements HealthCheck {

        @Inject
        AgentHealth health;
        @Inject
        AgentConfig config;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("edgefed-mesh-loop")
                    .status(health.loopAlive(config.resyncPeriod(), Instant.now()))
                    .withData("lastLoop", health.lastLoop().toString())
                    .build();
        }
    }
}
