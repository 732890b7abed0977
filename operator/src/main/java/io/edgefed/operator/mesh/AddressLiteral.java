package io.edgefed.operator.mesh;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS ({@link InetAddress#getByName} resolves anything that is not a
 * literal, which a controller must never do for text a node wrote).
 */
final class AddressLiteral {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private AddressLiteral() {
    }

    static Optional<Inet4Address> v4(String text) {
        if (text == null || !IPV4.matcher(text).matches()) {
            return Optional.empty();
        }
        return resolveLiteral(text).filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast);
    }

    static Optional<Inet6Address> v6(String text) {
        // A colon makes getByName treat the text as an IPv6 literal, never as a host name.
        if (text == null || !text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return Optional.empty();
        }
        return resolveLiteral(text).filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast);
    }

    static Optional<InetAddress> any(String text) {
        return v4(text).<InetAddress>map(a -> a).or(() -> v6(text));
    }

    private static Optional<InetAddress> resolveLiteral(String text) {
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
