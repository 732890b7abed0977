package io.edgefed.embedded;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VPNPeerStatus;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.VpnAddressClaimSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The example nodes' places in the VPN mesh, as their agents would publish them: a public relay in Paris
 * ({@code edge-amd64-1}), two homes behind NAT ({@code home-arm64-1} in Ghent, {@code home-amd64-1} in Berlin) that
 * each reach the relay directly but each other only through it, and the control-plane node. No WireGuard runs here;
 * a heartbeat plays the agents' part and keeps {@code lastSeen} and the handshakes fresh, so that the operator does
 * not mark the example nodes inactive.
 */
final class ExampleMesh implements AutoCloseable {

    static final String RELAY = ExampleNodes.PUBLIC_NODE;
    static final String HOME_GHENT = ExampleNodes.HOME_NODE;
    static final String HOME_BERLIN = ExampleNodes.HOME_AMD64_NODE;
    static final String CONTROL_PLANE = ExampleNodes.CONTROL_PLANE;

    /** Agents report every minute by default; the played ones at most this long apart. */
    private static final long LONGEST_HEARTBEAT_SECONDS = 30;

    private record Member(String name, String address, boolean behindNat, boolean relay, Map<String, String> relayedVia) {
    }

    private static final List<Member> MEMBERS = List.of(
            new Member(RELAY, "10.183.0.1", false, true, Map.of()),
            new Member(HOME_GHENT, "10.183.0.2", true, false, Map.of(HOME_BERLIN, RELAY)),
            new Member(HOME_BERLIN, "10.183.0.3", true, false, Map.of(HOME_GHENT, RELAY)),
            new Member(CONTROL_PLANE, "10.183.0.254", false, false, Map.of()));

    private final KubernetesClient client;
    private final String externalAddress;
    private final long heartbeatSeconds;
    /** Members whose agent is gone: the heartbeat no longer reports for them. */
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "example-mesh-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private ExampleMesh(KubernetesClient client, String externalAddress, long heartbeatSeconds) {
        this.client = client;
        this.externalAddress = externalAddress;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /**
     * Creates the example VPNPeers and their address claims, and keeps them alive until closed: each reports four
     * times within {@code inactiveAfter} (the operator's limit), so that a slow beat never marks one down.
     */
    static ExampleMesh start(KubernetesClient client, String externalAddress, Duration inactiveAfter) {
        long heartbeat = Math.max(1, Math.min(LONGEST_HEARTBEAT_SECONDS, inactiveAfter.toSeconds() / 4));
        ExampleMesh mesh = new ExampleMesh(client, externalAddress, heartbeat);
        SecureRandom random = new SecureRandom();
        int port = 51820;
        for (Member member : MEMBERS) {
            VpnAddressClaim claim = new VpnAddressClaim();
            claim.setMetadata(new ObjectMetaBuilder().withName("v4-" + member.address().replace('.', '-')).build());
            VpnAddressClaimSpec claimSpec = new VpnAddressClaimSpec();
            claimSpec.setAddress(member.address());
            claimSpec.setNode(member.name());
            claim.setSpec(claimSpec);
            client.resource(claim).create();

            byte[] key = new byte[32];
            random.nextBytes(key);
            VPNPeerSpec spec = new VPNPeerSpec();
            spec.setPublicKey(Base64.getEncoder().encodeToString(key));
            spec.setAddressV4(member.address());
            spec.setListenPort(port);
            spec.setBehindNat(member.behindNat());
            spec.setRelay(member.relay());
            if (!member.behindNat()) {
                spec.setEndpoint(externalAddress + ":" + port);
            }
            port++;
            VPNPeer peer = new VPNPeer();
            peer.setMetadata(new ObjectMetaBuilder().withName(member.name()).build());
            peer.setSpec(spec);
            client.resource(peer).create();
        }
        mesh.beat();
        mesh.heartbeat.scheduleWithFixedDelay(mesh::beat, heartbeat, heartbeat, TimeUnit.SECONDS);
        return mesh;
    }

    /**
     * Writes every member's status as its agent would: paths to all others with their counts (kubectl's DIRECT,
     * RELAYED and DOWN columns), observed endpoints, last seen now.
     */
    private void beat() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (Member member : MEMBERS) {
            if (silent.contains(member.name())) {
                continue;
            }
            Map<String, PeerPath> paths = new LinkedHashMap<>();
            Map<String, String> observed = new LinkedHashMap<>();
            int natPort = 40000;
            for (Member other : MEMBERS) {
                natPort++;
                if (other == member) {
                    continue;
                }
                String via = member.relayedVia().get(other.name());
                // WireGuard re-handshakes every two minutes on a live session; a relayed one shows the relay's.
                Instant handshake = now.minusSeconds(via == null ? 20 + natPort % 60 : 75);
                paths.put(other.name(), via != null ? new PeerPath(PeerPath.Mode.RELAY, via, null, handshake.toString())
                        : new PeerPath(PeerPath.Mode.DIRECT, null,
                                externalAddress + ":" + (other.behindNat() ? natPort : 51820 + MEMBERS.indexOf(other)),
                                handshake.toString()));
                if (!member.behindNat() && other.behindNat()) {
                    observed.put(other.name(), externalAddress + ":" + natPort);
                }
            }
            try {
                client.resources(VPNPeer.class).withName(member.name()).editStatus(peer -> {
                    VPNPeerStatus status = peer.getStatus() == null ? new VPNPeerStatus() : peer.getStatus();
                    status.setPaths(paths);
                    status.countPaths();
                    status.setObservedEndpoints(observed);
                    status.setLastSeen(now.toString());
                    status.setHeartbeatSeconds((int) heartbeatSeconds);
                    peer.setStatus(status);
                    return peer;
                });
            } catch (RuntimeException e) {
                // The next beat tries again; a stopped API server ends with the testbed.
                System.err.println("edgefed-embedded: example mesh heartbeat for " + member.name() + ": " + e.getMessage());
            }
        }
    }

    /** Stops reporting for one example node, as if its agent had died (its VPNPeer stays as last written). */
    void silence(String node) {
        silent.add(node);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
