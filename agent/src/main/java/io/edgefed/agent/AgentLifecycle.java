package io.edgefed.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.edgefed.agent.node.AgentConfig;
import io.edgefed.agent.node.AgentHealth;
import io.edgefed.agent.node.AgentMetrics;
import io.edgefed.agent.node.Commands;
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

    private MeshAgent agent;

    void onStart(@Observes StartupEvent event) {
        Commands commands = new Commands();
        agent = new MeshAgent(client, config, health, metrics, commands, SystemdNotifier.fromEnvironment(commands));
        agent.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (agent != null) {
            agent.close();
        }
    }
}
