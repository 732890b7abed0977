package io.edgefed.agent;

import java.net.InetAddress;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgefed.agent.node.AgentConfig;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.AgentMetrics;
import io.edgefed.agent.node.Commands;
import io.edgefed.agent.node.MeshMetricsEndpoint;
import io.edgefed.agent.node.SystemdNotifier;
import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VPNPeerStatus;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.VpnAddressClaimSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;

/** Starts the {@link MeshAgent} with the application and stops it with it. */
@ApplicationScoped
@RegisterForReflection(targets = { VPNPeer.class, VPNPeerSpec.class, VPNPeerStatus.class, PeerPath.class, PeerPath.Mode.class,
        VpnAddressClaim.class, VpnAddressClaimSpec.class })
public class AgentLifecycle {

    @Inject
    KubernetesClient client;
    @Inject
    AgentConfig config;
    @Inject
    AgentHealth health;
    @Inject
    AgentMetrics metrics;
    @Inject
    Vertx vertx;
    /** The health port, where the metrics are served on the mesh too. */
    @ConfigProperty(name = "quarkus.http.port")
    int healthPort;

    private MeshAgent agent;
    private MeshMetricsEndpoint meshMetrics;

    void onStart(@Observes StartupEvent event) {
        Commands commands = new Commands();
        Consumer<InetAddress> ipv4Configured = address -> {
        };
        if (config.metricsOnVpn()) {
            meshMetrics = new MeshMetricsEndpoint(vertx, metrics, healthPort, config.healthHost());
            ipv4Configured = meshMetrics::follow;
        }
        agent = new MeshAgent(client, config, health, metrics, commands, SystemdNotifier.fromEnvironment(commands),
                ipv4Configured);
        agent.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (agent != null) {
            agent.close();
        }
        if (meshMetrics != null) {
            meshMetrics.close();
        }
    }
}
