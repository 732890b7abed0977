package io.edgefed.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic Kubernetes names for what an experimenter books, so that a repeated Allocate finds the same
 * object whatever characters the slice URN holds.
 */
public final class SliverNames {

    /** Sliver names start with a letter so that they are valid DNS-1123 labels even when the hash starts with a digit. */
    private static final String SLIVER_PREFIX = "s";
    private static final int SLIVER_HASH_BYTES = 8;
    private static final int SLICE_HASH_BYTES = 16;

    private SliverNames() {
    }

    /**
     * The Sliver's name: a letter followed by the first 8 bytes, in hex, of a SHA-512 over the slice URN and the
     * request's {@code client_id}. The two inputs are separated by a NUL byte, which neither can contain, so that
     * ("ab", "c") and ("a", "bc") never share a name.
     */
    public static String sliverName(String sliceUrn, String clientId) {
        requireText(sliceUrn, "slice URN");
        requireText(clientId, "client_id");
        byte[] digest = sha512(sliceUrn + '\0' + clientId);
        return SLIVER_PREFIX + HexFormat.of().formatHex(digest, 0, SLIVER_HASH_BYTES);
    }

    /** The value of {@link EdgefedKeys#SLICE_LABEL} for a slice: 32 hex characters, always a valid label value. */
    public static String sliceLabel(String sliceUrn) {
        requireText(sliceUrn, "slice URN");
        return HexFormat.of().formatHex(sha512(sliceUrn), 0, SLICE_HASH_BYTES);
    }

    private static byte[] sha512(String text) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-512", e);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
