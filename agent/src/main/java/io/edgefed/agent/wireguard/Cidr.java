package io.edgefed.agent.wireguard;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An IP prefix such as {@code 10.183.0.7/32}, as WireGuard's allowed IPs hold them. */
public record Cidr(InetAddress address, int prefixLength) implements Comparable<Cidr> {

    public Cidr {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address);
        }
    }

    /** The single-address prefix: /32 for IPv4, /128 for IPv6. */
    public static Cidr host(InetAddress address) {
        return new Cidr(address, address instanceof Inet4Address ? 32 : 128);
    }

    /** Parses {@code address/length}. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return host(Addresses.parseLiteral(text));
        }
        return new Cidr(Addresses.parseLiteral(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1).trim()));
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength;
    }

    /** IPv4 before IPv6, then by address bytes, then by prefix length. */
    @Override
    public int compareTo(Cidr other) {
        byte[] a = address.getAddress();
        byte[] b = other.address.getAddress();
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        int byAddress = java.util.Arrays.compareUnsigned(a, b);
        return byAddress != 0 ? byAddress : Integer.compare(prefixLength, other.prefixLength);
    }
}
