package io.edgefed.agent.wireguard;

import java.io.IOException;

/**
 * One WireGuard interface, however it is served: reads its state and applies changes. Implementations:
 * {@link UapiWireGuard} (userspace daemons such as wireguard-go, through their UNIX socket) and
 * {@link WgCommandWireGuard} (the kernel module, through the {@code wg} tool).
 */
public interface WireGuard {

    /** The interface's current state. */
    DeviceState read() throws IOException;

    /** Applies exactly these changes; nothing else on the interface is touched. */
    void apply(DeviceChange change) throws IOException;

    /** Short name for logs and health: "uapi" or "wg". */
    String kind();
}
