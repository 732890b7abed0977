package io.edgefed.agent.wireguard;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;

import javax.crypto.KeyAgreement;

/**
 * WireGuard key pairs with the JDK's X25519, byte for byte what {@code wg genkey} and {@code wg pubkey} produce.
 */
public final class WireGuardKeys {

    /** PKCS#8 header of a JDK X25519 private key; the 32 raw scalar bytes follow it. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b656e04220420");

    private WireGuardKeys() {
    }

    /** A new private key: 32 random bytes, clamped as {@code wg genkey} clamps them. */
    public static WireGuardKey generatePrivate(SecureRandom random) {
        byte[] key = new byte[WireGuardKey.LENGTH];
        random.nextBytes(key);
        key[0] &= (byte) 248;
        key[31] = (byte) ((key[31] & 127) | 64);
        return WireGuardKey.ofRaw(key);
    }

    /** The public key of a private key: X25519(private, 9), as {@code wg pubkey} computes it. */
    public static WireGuardKey publicKeyOf(WireGuardKey privateKey) {
        try {
            byte[] pkcs8 = new byte[PKCS8_PREFIX.length + WireGuardKey.LENGTH];
            System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
            System.arraycopy(privateKey.raw(), 0, pkcs8, PKCS8_PREFIX.length, WireGuardKey.LENGTH);
            KeyFactory factory = KeyFactory.getInstance("X25519");
            PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey basePoint = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(key);
            agreement.doPhase(basePoint, true);
            return WireGuardKey.ofRaw(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot compute X25519 (needs Java 11+ with the SunEC provider)", e);
        }
    }
}
