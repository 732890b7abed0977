package io.edgefed.agent.wireguard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * The node's WireGuard private key in {@code <state dir>/privatekey}, in the format of {@code wg genkey} (base64 and a
 * newline), mode 0600. Made once and reused, so the node keeps its identity across restarts.
 */
public final class PrivateKeyFile {

    private static final Logger LOG = Logger.getLogger(PrivateKeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    public PrivateKeyFile(Path stateDir) {
        this.file = stateDir.resolve("privatekey");
    }

    public Path path() {
        return file;
    }

    /** Reads the key, or makes and stores a new one when none exists yet. */
    public WireGuardKey loadOrCreate(SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                LOG.warnf("%s was readable by others; setting its mode to 0600", file);
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return WireGuardKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        }
        WireGuardKey key = WireGuardKeys.generatePrivate(random);
        // The temporary file is born 0600 (the umask can only remove bits), so the key is never readable by others,
        // and the rename makes it appear whole or not at all.
        Path temp = Files.createTempFile(dir, ".privatekey", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((key.base64() + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.infof("made a new WireGuard key pair; private key in %s", file);
        return key;
    }
}
