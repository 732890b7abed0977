package io.edgefed.agent.record;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.edgefed.agent.mesh.NatDetector;
import io.edgefed.agent.node.OwnNode;
import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.model.VPNPeerSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * This node's own VPNPeer spec: detects anew whether the node is public or behind NAT (logged when the reason changes,
 * with the {@code Relay} condition that follows), and writes the spec when key, addresses, endpoint or NAT changed.
 * A change of the NAT verdict calls {@code onNatChange}, as the mesh plan depends on it.
 */
public final class SpecPublisher {

    private static final Logger LOG = Logger.getLogger(SpecPublisher.class);

    private final KubernetesClient client;
    private final OwnNode self;
    private final OwnPeerRecord record;
    private final NatDetector natDetector;
    private final int listenPort;
    private final boolean relayWanted;
    private final Runnable onNatChange;
    private VPNPeerSpec publishedSpec;
    private String natWhy;
    private volatile Condition relayCondition;

    public SpecPublisher(KubernetesClient client, OwnNode self, OwnPeerRecord record, NatDetector natDetector, int listenPort,
            boolean relayWanted, Runnable onNatChange) {
        this.client = client;
        this.self = self;
        this.record = record;
        this.natDetector = natDetector;
        this.listenPort = listenPort;
        this.relayWanted = relayWanted;
        this.onNatChange = onNatChange;
    }

    /** Publishes the spec; {@code observed} is where a public peer saw this node's packets come from, if one did. */
    public void publish(Optional<InetSocketAddress> observed) throws IOException {
        NatDetector.Verdict verdict = natDetector.detect(apiServer(), observed);
        if (!verdict.why().equals(natWhy) || relayCondition == null) {
            natWhy = verdict.why();
            LOG.infof("this node is %s: %s", verdict.behindNat() ? "behind NAT" : "public", verdict.why());
            if (relayWanted && verdict.behindNat()) {
                LOG.warnf("EDGEFED_RELAY=true, but a node behind NAT cannot relay; not announced as a relay. Set "
                        + "EDGEFED_ENDPOINT or EDGEFED_PUBLIC=true if the world reaches this node");
            }
            relayCondition = RelayCondition.of(relayWanted, verdict.behindNat(), verdict.why(), Instant.now());
        }
        VPNPeerSpec spec = new VPNPeerSpec();
        spec.setPublicKey(self.publicKey().base64());
        spec.setAddressV4(Addresses.format(self.ipv4()));
        spec.setAddressV6(Addresses.format(self.ipv6()));
        spec.setListenPort(listenPort);
        spec.setEndpoint(verdict.endpoint());
        spec.setBehindNat(verdict.behindNat());
        spec.setRelay(relayWanted && !verdict.behindNat());
        if (publishedSpec == null || !OwnPeerRecord.sameSpec(publishedSpec, spec)) {
            record.publishSpec(spec);
            publishedSpec = spec;
            if (self.behindNat() != verdict.behindNat()) {
                self.behindNat(verdict.behindNat());
                onNatChange.run();
            }
        }
    }

    /** The record was lost: the next publication writes spec and status whole. */
    public void forgetPublished() {
        publishedSpec = null;
        record.forgetWritten();
    }

    /** The {@code Relay} condition of the latest detection (null before the first). */
    public Condition relayCondition() {
        return relayCondition;
    }

    private InetSocketAddress apiServer() {
        URI uri = URI.create(client.getConfiguration().getMasterUrl());
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        return new InetSocketAddress(uri.getHost(), port);
    }
}
