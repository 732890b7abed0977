package io.edgefed.model.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VPNPeerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * VPNPeer records for tests, as agents and the operator write them. The one fixture every module's tests use
 * (published in edgefed-model's test-jar, test scope only).
 *
 * <p>A record has a spec only once a spec field is given, and then listens on 51820 unless told otherwise; it has a
 * status only once a status field is given. So {@code VPNPeerFixture.peer("a").build()} is a bare record with a name,
 * as a half-written one looks to a reader.
 *
 * <pre>{@code
 * VPNPeer relay = VPNPeerFixture.peer("relay-a").publicKey(key).addresses("10.183.0.10", "fd65:6466:6564::10")
 *         .endpoint("203.0.113.10:51820").relay(true).lastSeen("2026-11-27T10:00:00Z").build();
 * }</pre>
 */
public final class VPNPeerFixture {

    /** The WireGuard port the agent listens on by default. */
    public static final int LISTEN_PORT = 51820;

    private final ObjectMetaBuilder metadata;
    private VPNPeerSpec spec;
    private VPNPeerStatus status;

    private VPNPeerFixture(String name) {
        this.metadata = new ObjectMetaBuilder().withName(name);
    }

    /** A record named for its node. */
    public static VPNPeerFixture peer(String name) {
        return new VPNPeerFixture(name);
    }

    /** The creation time the API server would have set (RFC 3339); the older of two claimants keeps an address. */
    public VPNPeerFixture created(String creationTimestamp) {
        metadata.withCreationTimestamp(creationTimestamp);
        return this;
    }

    public VPNPeerFixture resourceVersion(String resourceVersion) {
        metadata.withResourceVersion(resourceVersion);
        return this;
    }

    public VPNPeerFixture publicKey(String base64) {
        spec().setPublicKey(base64);
        return this;
    }

    /** The mesh addresses; either may be null. */
    public VPNPeerFixture addresses(String v4, String v6) {
        spec().setAddressV4(v4);
        spec().setAddressV6(v6);
        return this;
    }

    /** The public endpoint ({@code host:port}), or null for a node without one. */
    public VPNPeerFixture endpoint(String endpoint) {
        spec().setEndpoint(endpoint);
        return this;
    }

    public VPNPeerFixture listenPort(Integer port) {
        spec().setListenPort(port);
        return this;
    }

    public VPNPeerFixture behindNat(boolean behindNat) {
        spec().setBehindNat(behindNat);
        return this;
    }

    public VPNPeerFixture relay(boolean relay) {
        spec().setRelay(relay);
        return this;
    }

    /** The agent's latest report (RFC 3339, or anything else to test a bad one). */
    public VPNPeerFixture lastSeen(String lastSeen) {
        status().setLastSeen(lastSeen);
        return this;
    }

    /** Set by the operator when the agent stopped reporting. */
    public VPNPeerFixture inactiveSince(String inactiveSince) {
        status().setInactiveSince(inactiveSince);
        return this;
    }

    public VPNPeerFixture heartbeatSeconds(Integer seconds) {
        status().setHeartbeatSeconds(seconds);
        return this;
    }

    /** How the node reaches each peer, by peer name. */
    public VPNPeerFixture paths(Map<String, PeerPath> paths) {
        status().setPaths(new LinkedHashMap<>(paths));
        return this;
    }

    /** For a public node: the endpoint it observes for each NATted peer, by peer name. */
    public VPNPeerFixture observedEndpoints(Map<String, String> endpoints) {
        status().setObservedEndpoints(new LinkedHashMap<>(endpoints));
        return this;
    }

    public VPNPeerFixture condition(Condition condition) {
        status().getConditions().add(condition);
        return this;
    }

    /** The record; one per fixture (the record holds the fixture's spec and status, not copies). */
    public VPNPeer build() {
        VPNPeer peer = new VPNPeer();
        peer.setMetadata(metadata.build());
        peer.setSpec(spec);
        peer.setStatus(status);
        return peer;
    }

    private VPNPeerSpec spec() {
        if (spec == null) {
            spec = new VPNPeerSpec();
            spec.setListenPort(LISTEN_PORT);
        }
        return spec;
    }

    private VPNPeerStatus status() {
        if (status == null) {
            status = new VPNPeerStatus();
        }
        return status;
    }
}
