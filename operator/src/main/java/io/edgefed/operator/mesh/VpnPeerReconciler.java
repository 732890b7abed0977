package io.edgefed.operator.mesh;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Keeps the VPN mesh's records tidy. For each VPNPeer: links it and the node's address claims to its Node (so that
 * removing a Node removes them; a VPNPeer deleted by hand leaves the claims to its agent, which recreates it), marks it inactive when its agent stops reporting, and reports addresses that its
 * claims do not back and public keys that other peers share. It writes only its own status fields; the agent owns
 * the rest of the record.
 * <p>
 * Not generation-aware: the agent's heartbeats change only the status, and each one must be able to clear the
 * inactive mark.
 * <p>
 * Besides its VPNPeers this controller reads Nodes, reads, patches and deletes VpnAddressClaims and creates Events.
 * QOSDK generates RBAC only for the primary resource; the ClusterRole {@code edgefed-operator-mesh} for the rest is
 * declared with {@code quarkus.kubernetes.rbac.*} in application.properties.
 */
@ControllerConfiguration(name = VpnPeerReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(namespaces = Constants.WATCH_ALL_NAMESPACES))
public class VpnPeerReconciler implements Reconciler<VPNPeer> {

    /** The controller's name. */
    public static final String NAME = "vpnpeer";

    private static final Logger LOG = Logger.getLogger(VpnPeerReconciler.class);

    private final MeshSettings settings;
    private final Clock clock;
    private final PublicKeyChanges keyChanges = new PublicKeyChanges();
    private final AgentHeartbeats heartbeats;
    private volatile InformerEventSource<VpnAddressClaim, VPNPeer> claims;

    private final MeshGauges gauges;

    public VpnPeerReconciler(MeshSettings settings, MeshGauges gauges) {
        this.settings = settings;
        this.gauges = gauges;
        this.clock = Clock.systemUTC();
        this.heartbeats = new AgentHeartbeats(settings.inactiveAfter());
    }

    @Override
    public List<EventSource<?, VPNPeer>> prepareEventSources(EventSourceContext<VPNPeer> context) {
        gauges.watch(context.getPrimaryCache());
        InformerEventSource<Node, VPNPeer> nodes = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Node.class, VPNPeer.class)
                        .withName("nodes")
                        .withWatchAllNamespaces()
                        .withSecondaryToPrimaryMapper(node -> Set.of(new ResourceID(node.getMetadata().getName())))
                        .build(),
                context);
        claims = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(VpnAddressClaim.class, VPNPeer.class)
                        .withName("address-claims")
                        .withWatchAllNamespaces()
                        .withSecondaryToPrimaryMapper(claim -> holder(claim).map(n -> Set.of(new ResourceID(n)))
                                .orElse(Set.of()))
                        .build(),
                context);
        return List.of(nodes, claims, keyChanges);
    }

    @Override
    public UpdateControl<VPNPeer> reconcile(VPNPeer peer, Context<VPNPeer> context) {
        KubernetesClient client = context.getClient();
        Optional<Node> node = context.getSecondaryResource(Node.class);
        Set<VpnAddressClaim> nodeClaims = context.getSecondaryResources(VpnAddressClaim.class);
        List<VPNPeer> peers = context.getPrimaryCache().list().toList();
        gauges.nodesSeen(peers);

        if (DepartedNode.departed(peer, node)) {
            DepartedNode.removeRecords(client, peer, nodeClaims);
            keyChanges.gone(peer, peers);
            return UpdateControl.noUpdate();
        }
        Optional<VPNPeer> linked = linkOwners(client, peer, node, nodeClaims);
        if (linked.isEmpty()) {
            return UpdateControl.noUpdate();
        }
        VPNPeer current = linked.get();
        keyChanges.seen(current, peers);

        Instant now = clock.instant();
        PeerLiveness.Verdict liveness = PeerLiveness.judge(current, now, heartbeats.inactiveAfter(current));
        List<Condition> mine = judgeConditions(current, liveness, peers, now);
        List<Condition> before = current.getStatus() == null ? List.of() : current.getStatus().getConditions();
        List<Condition> after = PeerConditions.merge(before, mine);
        if (PeerStatusWriter.write(client, current, liveness.inactiveSince(), after)) {
            warnAboutNewProblems(client, current, before, mine);
        }
        UpdateControl<VPNPeer> control = UpdateControl.noUpdate();
        // Wake up exactly when the peer would turn stale, not on a polling interval.
        return liveness.active() ? control.rescheduleAfter(Duration.between(now, liveness.staleAt())) : control;
    }

    /**
     * Makes the Node own the peer and the peer own the node's claims.
     *
     * @return the peer as stored afterwards; empty when someone (usually the agent) wrote in between, in which case
     *         the event for that write brings the peer back
     */
    private static Optional<VPNPeer> linkOwners(KubernetesClient client, VPNPeer peer, Optional<Node> node,
            Set<VpnAddressClaim> nodeClaims) {
        try {
            VPNPeer current = node.map(n -> MeshOwnership.ownPeerByNode(client, peer, n)).orElse(peer);
            MeshOwnership.ownClaimsByNode(client, node, nodeClaims);
            return Optional.of(current);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            LOG.debugf("VPNPeer %s or one of its claims changed while being linked; it will be linked again",
                    peer.getMetadata().getName());
            return Optional.empty();
        }
    }

    private List<Condition> judgeConditions(VPNPeer peer, PeerLiveness.Verdict liveness, List<VPNPeer> peers,
            Instant now) {
        Long generation = peer.getMetadata().getGeneration();
        List<String> claimProblems = ClaimConsistency.problems(peer, this::claimNamed);
        String key = peer.getSpec() == null ? null : peer.getSpec().getPublicKey();
        List<String> sharing = SharedPublicKeys.holdersOf(key, peer.getMetadata().getName(), peers);
        return List.of(
                PeerConditions.of(PeerLiveness.CONDITION, liveness.active(), liveness.reason(), liveness.message(),
                        generation, now),
                claimProblems.isEmpty()
                        ? PeerConditions.of(ClaimConsistency.CONDITION, true, "Claimed",
                                "every VPN address of this peer is held by a claim of this node", generation, now)
                        : PeerConditions.of(ClaimConsistency.CONDITION, false, "ClaimMismatch",
                                String.join("; ", claimProblems), generation, now),
                sharing.isEmpty()
                        ? PeerConditions.of(SharedPublicKeys.CONDITION, true, "Unique",
                                "no other VPNPeer announces this public key", generation, now)
                        : PeerConditions.of(SharedPublicKeys.CONDITION, false, "DuplicatePublicKey",
                                SharedPublicKeys.message(sharing), generation, now));
    }

    /** One Warning event each time one of the operator's conditions turns False or changes its complaint. */
    private void warnAboutNewProblems(KubernetesClient client, VPNPeer peer, List<Condition> before,
            List<Condition> mine) {
        for (Condition now : mine) {
            if (!"False".equals(now.getStatus())) {
                continue;
            }
            boolean known = PeerConditions.find(before, now.getType())
                    .filter(was -> "False".equals(was.getStatus()) && now.getMessage().equals(was.getMessage()))
                    .isPresent();
            if (!known) {
                PeerEvents.warn(client, settings.eventNamespace(), peer, now.getReason(), now.getMessage());
            }
        }
    }

    private Optional<VpnAddressClaim> claimNamed(String name) {
        return claims.get(new ResourceID(name));
    }

    /** The node a claim belongs to: {@code spec.node}, or the {@code edgefed.io/node} label for a claim without one. */
    static Optional<String> holder(VpnAddressClaim claim) {
        if (claim.getSpec() != null && claim.getSpec().getNode() != null) {
            return Optional.of(claim.getSpec().getNode());
        }
        return Optional.ofNullable(claim.getMetadata().getLabels()).map(l -> l.get(EdgefedKeys.NODE_LABEL));
    }
}
