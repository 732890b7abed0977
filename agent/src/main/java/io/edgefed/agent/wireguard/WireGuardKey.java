package io.edgefed.agent.wireguard;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 32-byte WireGuard key (public or private). Base64 is the form of {@code wg} and the CRDs, lowercase hex the form
 * of the UAPI socket. Instances compare by content, so they can key the comparable configuration types.
 */
public final class WireGuardKey {

    /** Length of every WireGuard key in bytes. */
    public static final int LENGTH = 32;

    private final byte[] raw;

    private WireGuardKey(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a WireGuard key has 32 bytes, this one " + raw.length);
        }
        this.raw = raw.clone();
    }

    /** Wraps 32 raw bytes. */
    public static WireGuardKey ofRaw(byte[] raw) {
        return new WireGuardKey(raw);
    }

    /** Parses the base64 form printed by {@code wg genkey}/{@code wg pubkey}; throws on anything else. */
    public static WireGuardKey fromBase64(String text) {
        if (text == null || text.trim().length() != 44) {
            throw new IllegalArgumentException("not a WireGuard key (expected 44 base64 characters): " + text);
        }
        return new WireGuardKey(Base64.getDecoder().decode(text.trim()));
    }

    /** Parses the lowercase hex form of the UAPI. */
    public static WireGuardKey fromHex(String hex) {
        return new WireGuardKey(HexFormat.of().parseHex(hex.trim()));
    }

    public byte[] raw() {
        return raw.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(raw);
    }

    public String hex() {
        return HexFormat.of().formatHex(raw);
    }

    /** True for the all-zero key, which UAPI uses for "no key". */
    public boolean isZero() {
        for (byte b : raw) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** The base64 form; never call this on a private key in a log line. */
    @Override
    public String toString() {
        return base64();
    }
}
