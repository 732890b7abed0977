package io.edgefed.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's SSH key: OpenSSH reads both files, the private one is private, and an existing key is kept. */
class SshKeyPairTest {

    @Test
    void opensshDerivesThePublicKeyLineFromThePrivateKeyFile(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen (openssh-client) is not installed");
        Path key = dir.resolve("alice_ed25519");
        SshKeyPair pair = SshKeyPair.writeOnce(key, "alice@edgefed-local");

        Process derive = new ProcessBuilder("/usr/bin/ssh-keygen", "-y", "-f", key.toString()).redirectErrorStream(true).start();
        assertThat(derive.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String derived = new String(derive.getInputStream().readAllBytes()).strip();
        assertThat(derive.exitValue()).as(derived).isZero();
        assertThat(pair.publicKeyLine()).startsWith(derived).endsWith(" alice@edgefed-local");
        assertThat(Files.readString(dir.resolve("alice_ed25519.pub")).strip()).isEqualTo(pair.publicKeyLine());
        assertThat(Files.getPosixFilePermissions(key))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void aKeyOnDiskIsKeptNotReplaced(@TempDir Path dir) {
        Path key = dir.resolve("id");
        SshKeyPair first = SshKeyPair.writeOnce(key, "a");
        SshKeyPair again = SshKeyPair.writeOnce(key, "a");
        assertThat(again).isEqualTo(first);
        assertThat(SshKeyPair.generate("a").publicKeyLine()).isNotEqualTo(first.publicKeyLine());
    }
}
