package io.edgefed.agent.wireguard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parsing and printing of IP literals and {@code ip:port} endpoints without ever asking DNS, and the canonical
 * (RFC 5952) IPv6 text form that {@code ip}, {@code wg} and wireguard-go print.
 */
public final class Addresses {

    private Addresses() {
    }

    /** Parses an IPv4 or IPv6 literal; anything else, host names included, is refused. */
    public static InetAddress parseLiteral(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no address");
        }
        String s = text.trim();
        byte[] v4 = parseIpv4(s);
        try {
            if (v4 != null) {
                return InetAddress.getByAddress(v4);
            }
            if (s.indexOf(':') >= 0 && isIpv6Text(s)) {
                return InetAddress.getByName(s); // a literal: no DNS lookup happens
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
        throw new IllegalArgumentException("not an IP address: '" + text + "'");
    }

    /** The four bytes of a dotted quad, or null when {@code s} is not one. */
    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && part < 3) {
                out[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (part != 3 || value < 0) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    private static boolean isIpv6Text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code ip:port} or {@code [ipv6]:port} with a numeric address. */
    public static InetSocketAddress parseEndpoint(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no endpoint");
        }
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not ip:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("endpoint '" + text + "': brackets are for IPv6 only");
            }
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("endpoint '" + text + "': write an IPv6 endpoint as [address]:port");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + text + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint '" + text + "' has port out of range");
        }
        return new InetSocketAddress(parseLiteral(host), port);
    }

    /** {@code 1.2.3.4:5} or {@code [fd00::1]:5}. */
    public static String formatEndpoint(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        String host = format(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + endpoint.getPort();
    }

    /** Dotted quad for IPv4, RFC 5952 compressed lowercase form for IPv6 (without a scope). */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
