package io.edgefed.agent.node;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import io.edgefed.agent.wireguard.Addresses;

/**
 * The node's remembered VPN addresses: {@code <state dir>/vpn-ipv4} and {@code vpn-ipv6}, one address and a newline.
 * The agent re-claims them on restart, and the node installer reads {@code vpn-ipv4} for the kubelet's node IP, so
 * these names are a contract.
 */
public final class StateFiles {

    private final Path dir;

    public StateFiles(Path dir) {
        this.dir = dir;
    }

    public Path ipv4File() {
        return dir.resolve("vpn-ipv4");
    }

    public Path ipv6File() {
        return dir.resolve("vpn-ipv6");
    }

    public Optional<InetAddress> readIpv4() {
        return read(ipv4File());
    }

    public Optional<InetAddress> readIpv6() {
        return read(ipv6File());
    }

    public void write(InetAddress ipv4, InetAddress ipv6) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(ipv4File(), Addresses.format(ipv4));
        writeAtomically(ipv6File(), Addresses.format(ipv6));
    }

    private static Optional<InetAddress> read(Path file) {
        try {
            return Optional.of(Addresses.parseLiteral(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path file, String value) throws IOException {
        if (read(file).map(Addresses::format).filter(value::equals).isPresent()) {
            return;
        }
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
