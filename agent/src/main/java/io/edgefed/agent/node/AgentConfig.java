package io.edgefed.agent.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The agent's configuration, from the environment ({@code EDGEFED_NODE_NAME}, {@code EDGEFED_INTERFACE}, ...) or
 * {@code application.properties} ({@code edgefed.node-name}, ...). API access comes from {@code KUBECONFIG} (or the
 * in-cluster service account), read by the Kubernetes client.
 */
@ConfigMapping(prefix = "edgefed")
public interface AgentConfig {

    /** {@code EDGEFED_NODE_NAME}: this node's name, also its VPNPeer's; default the host name. */
    Optional<String> nodeName();

    /** {@code EDGEFED_INTERFACE}: the WireGuard interface. */
    @WithName("interface")
    @WithDefault("edgefed0")
    String interfaceName();

    /** {@code EDGEFED_STATE_DIR}: private key, remembered addresses, {@code vpn-ipv4}/{@code vpn-ipv6} for the kubelet. */
    @WithDefault("/var/lib/edgefed")
    Path stateDir();

    /** {@code EDGEFED_LISTEN_PORT}: WireGuard's UDP port. */
    @WithDefault("51820")
    int listenPort();

    /**
     * {@code EDGEFED_ENDPOINT}: {@code host:port} at which the world reaches this node (1:1 NAT, port forwarding);
     * announced instead of the detected one, and it makes the node public unless {@code EDGEFED_PUBLIC=false}.
     */
    Optional<String> endpoint();

    /**
     * {@code EDGEFED_PUBLIC}: {@code true} (the node is reachable at its endpoint whatever its interface address),
     * {@code false} (always behind NAT) or {@code auto}: public when {@code EDGEFED_ENDPOINT} is set, or when a public
     * peer sees its packets come from its own address and listen port, or, before any peer saw it, when its address
     * is public.
     */
    @WithName("public")
    @WithDefault("auto")
    String publicMode();

    /** {@code EDGEFED_IPV4_POOL}: the VPN IPv4 pool. */
    @WithDefault("10.183.0.0/16")
    String ipv4Pool();

    /** {@code EDGEFED_IPV6_POOL}: the VPN IPv6 pool, a unique-local /64. */
    @WithDefault("fd65:6466:6564::/64")
    String ipv6Pool();

    /** {@code EDGEFED_RELAY}: whether this node, when public, forwards traffic between NATted peers. */
    @WithDefault("false")
    boolean relay();

    /** {@code EDGEFED_KEEPALIVE}: persistent keepalive of NATted nodes (under typical 30 s UDP NAT timeouts). */
    @WithDefault("25s")
    Duration keepalive();

    /** {@code EDGEFED_RESYNC_PERIOD}: full comparison of interface and mesh (repairs drift, reads handshakes). */
    @WithDefault("10s")
    Duration resyncPeriod();

    /** {@code EDGEFED_RELAY_AFTER}: how long a NATted peer may stay without a direct handshake before relaying. */
    @WithDefault("30s")
    Duration relayAfter();

    /** {@code EDGEFED_DIRECT_HOLD}: how long a direct path must hold before traffic leaves the relay. */
    @WithDefault("60s")
    Duration directHold();

    /**
     * {@code EDGEFED_REMOVE_INACTIVE_AFTER}: how long a peer the operator marked inactive ({@code status.inactiveSince})
     * stays in WireGuard; after that it is left out until it is active again. Inactive peers are never relays.
     */
    @WithDefault("1h")
    Duration removeInactiveAfter();

    /** {@code EDGEFED_HEARTBEAT}: how often the VPNPeer's {@code lastSeen} is renewed when nothing else changes. */
    @WithDefault("60s")
    Duration heartbeat();

    /** {@code EDGEFED_MAX_BACKOFF}: the longest wait between retries while the API server is unreachable. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** {@code EDGEFED_MTU}: the interface MTU (1380 fits PPPoE home links). */
    @WithDefault("1380")
    int mtu();

    /** {@code EDGEFED_UAPI_DIR}: where userspace WireGuard puts its sockets. */
    @WithDefault("/var/run/wireguard")
    Path uapiDir();

    /** {@code EDGEFED_WIREGUARD_GO}: the userspace implementation started when there is no kernel module. */
    @WithDefault("wireguard-go")
    String wireguardGo();

    /** {@code EDGEFED_HEALTH_HOST}: the address the health endpoint ({@code /q/health}, port 9180) listens on. */
    @WithDefault("127.0.0.1")
    String healthHost();

    /**
     * {@code EDGEFED_METRICS_ON_VPN}: also serve {@code /q/metrics} (and only that) on the node's VPN IPv4 address, at
     * the health port, where the shipped ScrapeConfig finds it (the node's InternalIP is its VPN address by default).
     */
    @WithDefault("true")
    boolean metricsOnVpn();

    /**
     * {@code EDGEFED_MASS_REMOVAL_SHARE}: removing more than this share of the interface's peers at once (or any peer
     * while this node's own VPNPeer is missing) is held back, because it looks like lost API data rather than nodes
     * leaving; the removal happens once the API has shown it for {@code EDGEFED_MASS_REMOVAL_GRACE}.
     */
    @WithDefault("0.5")
    double massRemovalShare();

    /** {@code EDGEFED_MASS_REMOVAL_GRACE}: see {@link #massRemovalShare()}. */
    @WithDefault("5m")
    Duration massRemovalGrace();

    /** {@code EDGEFED_EVENT_NAMESPACE}: where Events about bad VPNPeers go (cluster-scoped objects: "default"). */
    @WithDefault("default")
    String eventNamespace();
}
