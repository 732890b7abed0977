package io.edgefed.agent.mesh;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.jboss.logging.Logger;

/**
 * Sends the probes of {@link TrafficWatch}: one byte over UDP to a peer's VPN address, port 9 (discard). It travels
 * through the WireGuard peer that holds the address, so on a live path the peer answers (its kernel with an ICMP
 * error, or its WireGuard with a keepalive at the latest ten seconds later) and bytes arrive on that WireGuard peer.
 * Sending never blocks the mesh loop.
 */
public final class PathProbe implements AutoCloseable {

    static final int DISCARD_PORT = 9;
    private static final Logger LOG = Logger.getLogger(PathProbe.class);

    private DatagramSocket socket;

    public void send(InetAddress vpnAddress) {
        try {
            if (socket == null) {
                socket = new DatagramSocket();
            }
            socket.send(new DatagramPacket(new byte[] { 0 }, 1, new InetSocketAddress(vpnAddress, DISCARD_PORT)));
        } catch (IOException e) {
            LOG.debugf("probe to %s not sent: %s", vpnAddress, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
