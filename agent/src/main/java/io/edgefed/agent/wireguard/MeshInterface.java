package io.edgefed.agent.wireguard;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * The node's WireGuard interface as the agent keeps it: opened (or created) with the node's private key and listen
 * port, given its VPN addresses and MTU, and opened again when it disappeared. {@link #wireGuard()} is the driver of
 * the interface last opened.
 */
public final class MeshInterface {

    private static final Logger LOG = Logger.getLogger(MeshInterface.class);

    private final WireGuardLink link;
    private final int listenPort;
    private final int mtu;
    private final int ipv4PrefixLength;
    private final int ipv6PrefixLength;
    private volatile WireGuard wireGuard;

    public MeshInterface(WireGuardLink link, int listenPort, int mtu, int ipv4PrefixLength, int ipv6PrefixLength) {
        this.link = link;
        this.listenPort = listenPort;
        this.mtu = mtu;
        this.ipv4PrefixLength = ipv4PrefixLength;
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    /** Opens the interface and sets the private key and listen port where they differ. */
    public void open(WireGuardKey privateKey) throws IOException {
        wireGuard = link.open();
        DeviceState state = wireGuard.read();
        DeviceChange device = new DeviceChange(privateKey.equals(state.privateKey()) ? null : privateKey,
                state.listenPort() == listenPort ? null : listenPort, List.of());
        wireGuard.apply(device);
        LOG.infof("WireGuard interface %s served through %s, listening on %d", link.name(), wireGuard.kind(), listenPort);
    }

    /** Gives the interface its VPN addresses (with the pools' prefix lengths) and the MTU. */
    public void configure(InetAddress ipv4, InetAddress ipv6) throws IOException {
        link.configure(List.of(new Cidr(ipv4, ipv4PrefixLength), new Cidr(ipv6, ipv6PrefixLength)), mtu);
    }

    /** When the interface was deleted from under the agent, creates it again with key, port and addresses. */
    public void reopenIfGone(WireGuardKey privateKey, InetAddress ipv4, InetAddress ipv6) throws IOException {
        if (!link.exists()) {
            LOG.warnf("interface %s disappeared; creating it again", link.name());
            open(privateKey);
            configure(ipv4, ipv6);
        }
    }

    public boolean isUp() {
        return link.isUp();
    }

    /** The driver of the interface, null before the first {@link #open}. */
    public WireGuard wireGuard() {
        return wireGuard;
    }
}
