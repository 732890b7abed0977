package io.edgefed.agent;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/**
 * Finds out whether this node is behind NAT, and the endpoint it announces. The address the node reaches the world
 * from is the local address of a UDP socket connected towards the API server (connecting a UDP socket only asks the
 * kernel for a route; no packet is sent). When a public peer has seen this node's WireGuard packets, that observation
 * decides: the node is behind NAT exactly when the observed address is not one of its own interface addresses.
 * Before any observation, a private, shared (CGNAT) or link-local source address means NAT.
 */
public final class NatDetector {

    /** The verdict: the local source address, whether NAT is in the way, and the endpoint to announce (or null). */
    public record Verdict(InetAddress localAddress, boolean behindNat, String endpoint) {
    }

    private final int listenPort;
    private final Optional<String> endpointOverride;

    public NatDetector(int listenPort, Optional<String> endpointOverride) {
        this.listenPort = listenPort;
        this.endpointOverride = endpointOverride.filter(s -> !s.isBlank());
    }

    /** Detects towards {@code target} (the API server), using an observed address of this node if one is known. */
    public Verdict detect(InetSocketAddress target, Optional<InetAddress> observed) throws IOException {
        InetAddress local = localAddressToward(target);
        boolean behindNat = observed.map(o -> !isOwnAddress(o)).orElse(!isPublic(local));
        String endpoint = endpointOverride.map(NatDetector::resolveEndpoint)
                .orElse(behindNat ? null : Addresses.formatEndpoint(new InetSocketAddress(local, listenPort)));
        return new Verdict(local, behindNat, endpoint);
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
