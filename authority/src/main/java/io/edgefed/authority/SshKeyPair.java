package io.edgefed.authority;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An ed25519 SSH key pair in OpenSSH's own formats: the one-line public key ({@code ssh-ed25519 AAAA... comment})
 * that goes into {@code geni_users}, and the unencrypted {@code openssh-key-v1} private key file that {@code ssh -i}
 * reads. Made with the JDK's Ed25519; the raw 32-byte keys are the tails of the JDK's X.509 and PKCS#8 encodings.
 */
public record SshKeyPair(String publicKeyLine, String privateKeyFile) {

    private static final String TYPE = "ssh-ed25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static SshKeyPair generate(String comment) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            byte[] blob = publicBlob(publicKey);
            String line = TYPE + " " + Base64.getEncoder().encodeToString(blob) + " " + comment;
            return new SshKeyPair(line, privateFile(blob, publicKey, seed, comment));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
        }
    }

    /**
     * Writes {@code <file>} (the private key, 0600) and {@code <file>.pub}, unless the private key exists already:
     * a key the user may have registered elsewhere is never replaced. Returns the pair on disk.
     */
    public static SshKeyPair writeOnce(Path file, String comment) {
        try {
            Path pub = file.resolveSibling(file.getFileName() + ".pub");
            if (Files.isRegularFile(file) && Files.isRegularFile(pub)) {
                return new SshKeyPair(Files.readString(pub).strip(), Files.readString(file));
            }
            SshKeyPair pair = generate(comment);
            Files.createDirectories(file.toAbsolutePath().getParent());
            OwnerOnlyFile.write(file, pair.privateKeyFile());
            Files.writeString(pub, pair.publicKeyLine() + "\n");
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SSH key " + file, e);
        }
    }

    private static byte[] publicBlob(byte[] publicKey) {
        Writer blob = new Writer();
        blob.string(TYPE.getBytes(StandardCharsets.US_ASCII));
        blob.string(publicKey);
        return blob.bytes();
    }

    private static String privateFile(byte[] blob, byte[] publicKey, byte[] seed, String comment) {
        Writer secret = new Writer();
        int check = RANDOM.nextInt();
        secret.int32(check);
        secret.int32(check);
        secret.string(TYPE.getBytes(StandardCharsets.US_ASCII));
        secret.string(publicKey);
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(publicKey, 0, both, 32, 32);
        secret.string(both);
        secret.string(comment.getBytes(StandardCharsets.UTF_8));
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            secret.byte8(pad);
        }
        Writer file = new Writer();
        file.raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        file.string("none".getBytes(StandardCharsets.US_ASCII));
        file.string("none".getBytes(StandardCharsets.US_ASCII));
        file.string(new byte[0]);
        file.int32(1);
        file.string(blob);
        file.string(secret.bytes());
        String base64 = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(file.bytes());
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + base64 + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    /** SSH wire encoding: big-endian uint32 and length-prefixed strings. */
    private static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        void int32(int value) {
            try {
                out.writeInt(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void byte8(int value) {
            bytes.write(value);
        }

        void raw(byte[] data) {
            bytes.writeBytes(data);
        }

        void string(byte[] data) {
            int32(data.length);
            raw(data);
        }

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
