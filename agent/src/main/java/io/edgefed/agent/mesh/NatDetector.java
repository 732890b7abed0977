package io.edgefed.agent.mesh;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.model.VPNPeer;

/**
 * Finds out whether this node is public (the world reaches it at the endpoint it announces) or behind NAT, and the
 * endpoint it announces. {@code EDGEFED_PUBLIC=true|false} decides outright; in {@code auto} mode an
 * {@code EDGEFED_ENDPOINT} makes the node public (1:1 NAT of a cloud VM, a port forward), and otherwise a public
 * peer's observation decides: public exactly when the peer saw the packets come from one of this node's own addresses
 * at its listen port. The last observation is remembered (public peers publish observations of NATted nodes only).
 * Before any observation, the source address towards the API server decides: the local address of a UDP socket
 * connected there (connecting a UDP socket only asks the kernel for a route; no packet is sent); a private, shared
 * (CGNAT) or link-local address means NAT.
 */
public final class NatDetector {

    /** {@code EDGEFED_PUBLIC}. */
    public enum Mode {
        TRUE, FALSE, AUTO;

        static Mode parse(String text) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(text.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("EDGEFED_PUBLIC must be true, false or auto, not '" + text + "'");
        }
    }

    /**
     * The verdict: the local source address, whether NAT is in the way, the endpoint to announce (or null) and why,
     * in words fit for a log line or a status condition.
     */
    public record Verdict(InetAddress localAddress, boolean behindNat, String endpoint, String why) {
    }

    private final int listenPort;
    private final Optional<String> endpointOverride;
    private final Mode mode;
    private InetSocketAddress lastObservation;

    public NatDetector(int listenPort, Optional<String> endpointOverride, String mode) {
        this.listenPort = listenPort;
        this.endpointOverride = endpointOverride.filter(s -> !s.isBlank());
        this.mode = Mode.parse(mode);
        this.endpointOverride.ifPresent(NatDetector::resolveEndpoint); // a bad value fails at start, not later
    }

    /** Detects towards {@code target} (the API server), using where a public peer saw this node, if one did. */
    public Verdict detect(InetSocketAddress target, Optional<InetSocketAddress> observed) throws IOException {
        InetAddress local = localAddressToward(target);
        observed.ifPresent(o -> lastObservation = o);
        boolean behindNat;
        String why;
        if (mode != Mode.AUTO) {
            behindNat = mode == Mode.FALSE;
            why = "EDGEFED_PUBLIC=" + mode.name().toLowerCase(java.util.Locale.ROOT);
        } else if (endpointOverride.isPresent()) {
            behindNat = false;
            why = "EDGEFED_ENDPOINT is set";
        } else if (lastObservation != null) {
            behindNat = !(isOwnAddress(lastObservation.getAddress()) && lastObservation.getPort() == listenPort);
            why = "a public peer sees this node at " + Addresses.formatEndpoint(lastObservation)
                    + (behindNat ? ", not at one of its own addresses and port " + listenPort : ", its own address and port");
        } else {
            behindNat = !isPublic(local);
            why = "its address " + Addresses.format(local) + " is " + (behindNat ? "private" : "public")
                    + " and no public peer has seen it yet";
        }
        String endpoint = endpointOverride.map(NatDetector::resolveEndpoint)
                .orElse(behindNat ? null : Addresses.formatEndpoint(new InetSocketAddress(local, listenPort)));
        return new Verdict(local, behindNat, endpoint, why);
    }

    static InetAddress localAddressToward(InetSocketAddress target) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target);
            InetAddress local = socket.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new IOException("no route towards " + target);
            }
            return local;
        }
    }

    static boolean isOwnAddress(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Where a public peer saw {@code nodeName}'s WireGuard packets come from, if one did (the first usable by order). */
    public static Optional<InetSocketAddress> observedSelf(List<VPNPeer> records, String nodeName) {
        for (VPNPeer peer : records) {
            if (peer.getSpec() != null && !peer.getSpec().isBehindNat() && peer.getStatus() != null
                    && peer.getStatus().getObservedEndpoints() != null
                    && peer.getStatus().getObservedEndpoints().containsKey(nodeName)) {
                try {
                    return Optional.of(Addresses.parseEndpoint(peer.getStatus().getObservedEndpoints().get(nodeName)));
                } catch (IllegalArgumentException e) {
                    // another node's bad observation; ignore it
                }
            }
        }
        return Optional.empty();
    }

    /** True for addresses routed on the public internet (documentation ranges count as public, tests use them). */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64); // 100.64.0.0/10, carrier-grade NAT
        }
        return address instanceof Inet6Address && (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
    }

    /** Turns an {@code EDGEFED_ENDPOINT} of {@code host:port} into a numeric endpoint (WireGuard wants numbers). */
    static String resolveEndpoint(String hostPort) {
        try {
            return Addresses.formatEndpoint(Addresses.parseEndpoint(hostPort));
        } catch (IllegalArgumentException notNumeric) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("EDGEFED_ENDPOINT '" + hostPort + "' is not host:port");
            }
            try {
                InetAddress address = InetAddress.getByName(hostPort.substring(0, colon));
                return Addresses.formatEndpoint(new InetSocketAddress(address, Integer.parseInt(hostPort.substring(colon + 1))));
            } catch (IOException | NumberFormatException e) {
                throw new IllegalArgumentException("EDGEFED_ENDPOINT '" + hostPort + "' does not resolve: " + e.getMessage(), e);
            }
        }
    }
}
