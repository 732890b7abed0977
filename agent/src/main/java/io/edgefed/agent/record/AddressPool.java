package io.edgefed.agent.record;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import io.edgefed.agent.wireguard.Cidr;
import io.edgefed.agent.wireguard.WireGuardKey;

/**
 * A range of VPN addresses (such as {@code 10.183.0.0/16} or a ULA {@code /64}) from which nodes claim one each. The
 * network address (and for IPv4 the broadcast address) is never handed out.
 */
public final class AddressPool {

    private final Cidr prefix;
    private final boolean v4;
    private final BigInteger network;
    private final BigInteger size;

    private AddressPool(Cidr prefix) {
        this.prefix = prefix;
        this.v4 = prefix.address() instanceof Inet4Address;
        int bits = v4 ? 32 : 128;
        this.size = BigInteger.ONE.shiftLeft(bits - prefix.prefixLength());
        BigInteger raw = new BigInteger(1, prefix.address().getAddress());
        this.network = raw.subtract(raw.mod(size));
        if (usable().signum() <= 0) {
            throw new IllegalArgumentException("address pool " + prefix + " has no usable address");
        }
    }

    /** Parses {@code address/length}; host bits are ignored. */
    public static AddressPool parse(String cidr) {
        return new AddressPool(Cidr.parse(cidr));
    }

    public boolean isIpv4() {
        return v4;
    }

    public int prefixLength() {
        return prefix.prefixLength();
    }

    /** The pool as {@code network/length}. */
    public Cidr cidr() {
        return new Cidr(toAddress(network), prefix.prefixLength());
    }

    public boolean contains(InetAddress address) {
        if ((address instanceof Inet4Address) != v4) {
            return false;
        }
        BigInteger index = new BigInteger(1, address.getAddress()).subtract(network);
        return index.signum() > 0 && index.compareTo(usable()) <= 0;
    }

    /**
     * The first address to try for a node: derived from a hash of its public key, so a node asks for the same address
     * every time and two nodes rarely ask for the same one.
     */
    public InetAddress firstGuess(WireGuardKey publicKey) {
        byte[] digest = sha256(publicKey.raw(), v4 ? "v4" : "v6");
        BigInteger seed = new BigInteger(1, Arrays.copyOf(digest, 8));
        return toAddress(network.add(BigInteger.ONE).add(seed.mod(usable())));
    }

    /** The address after {@code address}, wrapping round to the first usable one. */
    public InetAddress next(InetAddress address) {
        BigInteger index = new BigInteger(1, address.getAddress()).subtract(network);
        BigInteger nextIndex = index.add(BigInteger.ONE);
        if (nextIndex.compareTo(usable()) > 0 || nextIndex.signum() <= 0) {
            nextIndex = BigInteger.ONE;
        }
        return toAddress(network.add(nextIndex));
    }

    /** How many addresses the pool can hand out. */
    public BigInteger usable() {
        // IPv4 loses the network and broadcast addresses, IPv6 only the subnet-router anycast (network) address.
        return v4 ? size.subtract(BigInteger.TWO) : size.subtract(BigInteger.ONE);
    }

    private InetAddress toAddress(BigInteger value) {
        int length = v4 ? 4 : 16;
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data, String salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.US_ASCII));
            return digest.digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return cidr().toString();
    }
}
