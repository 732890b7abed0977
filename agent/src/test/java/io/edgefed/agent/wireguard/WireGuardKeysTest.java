package io.edgefed.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgefed.agent.MeshLab;

class WireGuardKeysTest {

    @TempDir
    Path dir;

    @Test
    void publicKeyIsWhatWgPubkeyPrintsForTheSamePrivateKey() throws Exception {
        Assumptions.assumeTrue(MeshLab.onPath("wg"), "the wg tool (wireguard-tools) is not installed; cannot compare with wg pubkey");
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 5; i++) {
            WireGuardKey privateKey = WireGuardKeys.generatePrivate(random);
            assertThat(privateKey.base64()).hasSize(44);
            assertThat(WireGuardKeys.publicKeyOf(privateKey).base64()).isEqualTo(wg("pubkey", privateKey.base64()));
        }
    }

    @Test
    void keysFromWgGenkeyGiveTheSamePublicKeyHere() throws Exception {
        Assumptions.assumeTrue(MeshLab.onPath("wg"), "the wg tool (wireguard-tools) is not installed; cannot compare with wg genkey");
        String generated = wg("genkey", null);
        WireGuardKey privateKey = WireGuardKey.fromBase64(generated);
        assertThat(WireGuardKeys.publicKeyOf(privateKey).base64()).isEqualTo(wg("pubkey", generated));
    }

    @Test
    void generatedPrivateKeysAreClampedAsWgGenkeyClampsThem() {
        byte[] raw = WireGuardKeys.generatePrivate(new SecureRandom()).raw();
        assertThat(raw[0] & 7).isZero();
        assertThat(raw[31] & 0x80).isZero();
        assertThat(raw[31] & 0x40).isEqualTo(0x40);
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> WireGuardKey.fromBase64("not-a-key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireGuardKey.fromBase64("AAAA" + "A".repeat(36) + "==")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateKeyFileIsMadeOnceWithMode0600AndReused() throws Exception {
        Path state = dir.resolve("state");
        PrivateKeyFile file = new PrivateKeyFile(state);
        WireGuardKey first = file.loadOrCreate(new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(Files.readString(file.path())).isEqualTo(first.base64() + "\n");
        assertThat(new PrivateKeyFile(state).loadOrCreate(new SecureRandom())).isEqualTo(first);
        try (var listing = Files.list(state)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("privatekey");
        }
    }

    @Test
    void aWorldReadableKeyFileIsTightenedTo0600() throws Exception {
        Path state = Files.createDirectories(dir.resolve("loose"));
        Path key = state.resolve("privatekey");
        Files.writeString(key, WireGuardKeys.generatePrivate(new SecureRandom()).base64() + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        new PrivateKeyFile(state).loadOrCreate(new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    private static String wg(String command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wg", command).start();
        try (OutputStream in = process.getOutputStream()) {
            if (input != null) {
                in.write((input + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out;
    }
}
