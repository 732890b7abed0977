package io.edgefed.agent.mesh;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.Cidr;
import io.edgefed.agent.wireguard.PeerConfig;
import io.edgefed.agent.wireguard.WireGuardConfig;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.model.PeerPath;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VPNPeerSpec;
import io.edgefed.model.VPNPeerStatus;

/**
 * What this node's WireGuard interface should be, as a pure function of the VPNPeers, this node's identity, the set of
 * peers that must go through a relay and the {@link Context} (clock, relay round-trip times, relay in use). Peers whose
 * records cannot be used are skipped with a reason; the rest of the mesh is planned as if they did not exist. Peers
 * inactive for longer than the removal limit are left out (see {@link PeerActivity}).
 */
public final class MeshPlan {

    /** This node as the plan sees it. */
    public record Self(String name, WireGuardKey privateKey, WireGuardKey publicKey, int listenPort, InetAddress ipv4,
            InetAddress ipv6, boolean behindNat) {
    }

    /** A peer that is in the plan, and how it is reached. */
    public record PlannedPeer(String name, WireGuardKey publicKey, InetAddress ipv4, InetAddress ipv6, boolean behindNat,
            InetSocketAddress endpoint, PeerPath.Mode mode, String via) {

        /** The address probes and host routes use: the IPv4 one, else the IPv6 one. */
        public InetAddress vpnAddress() {
            return ipv4 != null ? ipv4 : ipv6;
        }
    }

    /**
     * What the plan needs besides the records: the time, how long an inactive peer stays configured, the latest
     * round-trip time per relay name (see {@link RelayLatency}) and the relay chosen last time (or null).
     */
    public record Context(Instant now, Duration removeInactiveAfter, Map<String, Duration> relayRtts, String relayInUse) {
    }

    /** A VPNPeer left out, and why. */
    public record SkippedPeer(VPNPeer peer, String reason) {
    }

    /**
     * The outcome: the interface configuration, the planned peers by name, the skipped ones, the peers for which a
     * relay is possible (both ends behind NAT, a relay exists), whose path the {@link PathSelector} decides, the relay
     * chosen for them (null when this node is public or no relay is usable), the relay candidates to measure (name →
     * VPN address), and notes worth a log line (inactive peers left out, unusable {@code inactiveSince}).
     */
    public record Result(WireGuardConfig config, Map<String, PlannedPeer> peers, List<SkippedPeer> skipped,
            Set<String> relayable, String relay, Map<String, InetAddress> relayCandidates, List<String> notes) {
    }

    private record ValidPeer(VPNPeer peer, String name, WireGuardKey key, InetAddress ipv4, InetAddress ipv6,
            InetSocketAddress endpoint, boolean behindNat, boolean relay) {
    }

    private MeshPlan() {
    }

    public static Result compute(Self self, Collection<VPNPeer> records, Set<String> relayed, int keepaliveSeconds, Context context) {
        List<SkippedPeer> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> inactive = new HashSet<>();
        List<ValidPeer> valid = new ArrayList<>();
        List<VPNPeer> ordered = new ArrayList<>(records);
        // The oldest record wins a conflict, so a newcomer can never take an address or key away from a running node.
        ordered.sort(Comparator.comparing((VPNPeer p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName()));
        Map<InetAddress, String> addressHolders = new HashMap<>();
        Map<WireGuardKey, String> keyHolders = new HashMap<>();
        if (self.ipv4() != null) {
            addressHolders.put(self.ipv4(), self.name());
        }
        if (self.ipv6() != null) {
            addressHolders.put(self.ipv6(), self.name());
        }
        keyHolders.put(self.publicKey(), self.name());
        for (VPNPeer record : ordered) {
            String name = record.getMetadata().getName();
            if (name.equals(self.name())) {
                continue;
            }
            ValidPeer peer;
            try {
                peer = validate(record);
            } catch (IllegalArgumentException e) {
                skipped.add(new SkippedPeer(record, e.getMessage()));
                continue;
            }
            String reason = keyHolders.containsKey(peer.key()) ? "duplicate public key, used by " + keyHolders.get(peer.key()) : null;
            for (InetAddress address : new InetAddress[] { peer.ipv4(), peer.ipv6() }) {
                if (reason == null && address != null && addressHolders.containsKey(address)) {
                    reason = "duplicate address " + Addresses.format(address) + ", held by " + addressHolders.get(address);
                }
            }
            if (reason != null) {
                skipped.add(new SkippedPeer(record, reason));
                continue;
            }
            keyHolders.put(peer.key(), name);
            if (peer.ipv4() != null) {
                addressHolders.put(peer.ipv4(), name);
            }
            if (peer.ipv6() != null) {
                addressHolders.put(peer.ipv6(), name);
            }
            // Judged after the conflict checks: a long-inactive node still holds its key and addresses.
            PeerActivity.State activity = activity(record, context, notes);
            if (activity == PeerActivity.State.GONE) {
                continue;
            }
            if (activity == PeerActivity.State.INACTIVE) {
                inactive.add(name);
            }
            valid.add(peer);
        }
        valid.sort(Comparator.comparing(ValidPeer::name));

        Map<String, ValidPeer> relayCandidates = new LinkedHashMap<>();
        if (self.behindNat()) {
            valid.stream().filter(p -> p.relay() && !p.behindNat() && p.endpoint() != null && !inactive.contains(p.name()))
                    .forEach(p -> relayCandidates.put(p.name(), p));
        }
        String relayName = RelayChoice.choose(relayCandidates.keySet(), context.relayRtts(), context.relayInUse());
        ValidPeer relay = relayName == null ? null : relayCandidates.get(relayName);
        Map<String, InetSocketAddress> observed = observedEndpoints(valid);
        int keepalive = self.behindNat() ? keepaliveSeconds : 0;

        Map<WireGuardKey, Set<Cidr>> allowed = new LinkedHashMap<>();
        Map<String, PlannedPeer> planned = new LinkedHashMap<>();
        Set<String> relayable = new TreeSet<>();
        for (ValidPeer peer : valid) {
            allowed.computeIfAbsent(peer.key(), k -> new LinkedHashSet<>());
        }
        for (ValidPeer peer : valid) {
            InetSocketAddress endpoint = peer.endpoint() != null ? peer.endpoint() : observed.get(peer.name());
            boolean canRelay = self.behindNat() && peer.behindNat() && relay != null;
            if (canRelay) {
                relayable.add(peer.name());
            }
            Set<Cidr> ips = canRelay && relayed.contains(peer.name()) ? allowed.get(relay.key()) : allowed.get(peer.key());
            if (peer.ipv4() != null) {
                ips.add(Cidr.host(peer.ipv4()));
            }
            if (peer.ipv6() != null) {
                ips.add(Cidr.host(peer.ipv6()));
            }
            boolean viaRelay = canRelay && relayed.contains(peer.name());
            planned.put(peer.name(), new PlannedPeer(peer.name(), peer.key(), peer.ipv4(), peer.ipv6(), peer.behindNat(), endpoint,
                    viaRelay ? PeerPath.Mode.RELAY : PeerPath.Mode.DIRECT, viaRelay ? relay.name() : null));
        }
        Map<WireGuardKey, PeerConfig> peers = new LinkedHashMap<>();
        for (ValidPeer peer : valid) {
            PlannedPeer plan = planned.get(peer.name());
            peers.put(peer.key(), new PeerConfig(peer.key(), plan.endpoint(), keepalive, allowed.get(peer.key())));
        }
        Map<String, InetAddress> toMeasure = new LinkedHashMap<>();
        relayCandidates.values().forEach(r -> toMeasure.put(r.name(), r.ipv4() != null ? r.ipv4() : r.ipv6()));
        return new Result(new WireGuardConfig(self.privateKey(), self.listenPort(), peers), planned, skipped, relayable, relayName,
                toMeasure, notes);
    }

    private static PeerActivity.State activity(VPNPeer record, Context context, List<String> notes) {
        PeerActivity.Verdict verdict = PeerActivity.judge(record, context.now(), context.removeInactiveAfter());
        String name = record.getMetadata().getName();
        if (verdict.note() != null) {
            notes.add(name + ": " + verdict.note());
        } else if (verdict.state() == PeerActivity.State.GONE) {
            notes.add(name + ": inactive since " + verdict.inactiveSince() + ", longer than " + context.removeInactiveAfter()
                    + "; left out of WireGuard until it is active again");
        }
        return verdict.state();
    }

    /** For each NATted peer, the endpoint a public node saw it at; the first public node by name wins. */
    private static Map<String, InetSocketAddress> observedEndpoints(List<ValidPeer> valid) {
        Map<String, InetSocketAddress> observed = new HashMap<>();
        for (ValidPeer reflector : valid) {
            VPNPeerStatus status = reflector.peer().getStatus();
            if (reflector.behindNat() || status == null || status.getObservedEndpoints() == null) {
                continue;
            }
            status.getObservedEndpoints().forEach((name, endpoint) -> {
                if (!observed.containsKey(name)) {
                    try {
                        observed.put(name, Addresses.parseEndpoint(endpoint));
                    } catch (IllegalArgumentException e) {
                        // a bad observation only loses a hint; the peer itself is still planned
                    }
                }
            });
        }
        return observed;
    }

    private static ValidPeer validate(VPNPeer record) {
        VPNPeerSpec spec = record.getSpec();
        if (spec == null) {
            throw new IllegalArgumentException("no spec");
        }
        WireGuardKey key;
        try {
            key = WireGuardKey.fromBase64(spec.getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed public key '" + spec.getPublicKey() + "'");
        }
        InetAddress ipv4 = spec.getAddressV4() == null ? null : parse(spec.getAddressV4(), "addressV4", 4);
        InetAddress ipv6 = spec.getAddressV6() == null ? null : parse(spec.getAddressV6(), "addressV6", 16);
        if (ipv4 == null && ipv6 == null) {
            throw new IllegalArgumentException("no VPN address");
        }
        InetSocketAddress endpoint = null;
        if (spec.getEndpoint() != null && !spec.getEndpoint().isBlank()) {
            try {
                endpoint = Addresses.parseEndpoint(spec.getEndpoint());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unparsable endpoint: " + e.getMessage());
            }
        }
        return new ValidPeer(record, record.getMetadata().getName(), key, ipv4, ipv6, endpoint, spec.isBehindNat(), spec.isRelay());
    }

    private static InetAddress parse(String text, String field, int length) {
        InetAddress address;
        try {
            address = Addresses.parseLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + field + " '" + text + "'");
        }
        if (address.getAddress().length != length) {
            throw new IllegalArgumentException(field + " '" + text + "' is of the wrong family");
        }
        return address;
    }
}
