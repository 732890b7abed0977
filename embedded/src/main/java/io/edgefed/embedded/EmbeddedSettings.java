package io.edgefed.embedded;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the embedded testbed can be told, as system properties ({@code java -Dedgefed.local.am-port=9443 -jar ...}).
 *
 * @param home       the project's root, where the operator and AM builds are ({@code edgefed.home}; default: the
 *                   checkout this jar was built in, found from the jar's own location, whatever the working folder)
 * @param dir        where the local authority, kubeconfig and logs are written ({@code edgefed.local.dir}, default
 *                   {@code local}, relative to the home)
 * @param apiPort    the embedded API server's port for kubectl ({@code edgefed.local.api-port}, default 16443)
 * @param amPort     the AM's HTTPS port ({@code edgefed.local.am-port}, default 8443)
 * @param extraRoots further trusted root certificates for the AM, e.g. the Fed4FIRE+ root, so that real
 *                   experimenters' certificates work too ({@code edgefed.local.extra-roots}, comma-separated PEM files)
 * @param operatorPort the operator's HTTP port for health ({@code edgefed.local.operator-port}, default 18080)
 * @param amManagementPort the AM's management (health) port ({@code edgefed.local.am-management-port}, default 19000)
 * @param bindAddress the address the AM, its management port, the operator and the console listen on
 *                   ({@code edgefed.local.bind-address}, default {@code 127.0.0.1}: nothing is reachable from other
 *                   machines unless this says so, e.g. {@code 0.0.0.0}). The API server stays on loopback whatever
 *                   this says ({@link #apiServerAddress()}).
 * @param consolePort the web console's HTTP port ({@code edgefed.local.console-port}, default 18081)
 * @param consoleManagementPort the console's health and metrics port ({@code edgefed.local.console-management-port},
 *                   default 19001)
 * @param nodeInactiveAfter how long an example node may go without its (played) agent reporting before the operator
 *                   marks it down ({@code edgefed.local.node-inactive-after}, e.g. {@code 20s}, default {@code 2m} as
 *                   in a cluster); the example mesh reports four times as often
 */
record EmbeddedSettings(Path home, Path dir, int apiPort, int amPort, List<Path> extraRoots, int operatorPort,
        int amManagementPort, String bindAddress, int consolePort, int consoleManagementPort, Duration nodeInactiveAfter) {

    static final String AUTHORITY = "edgefed:local";
    static final String NAMESPACE = "edgefed";
    static final String LOOPBACK = "127.0.0.1";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("([0-9]{1,6})([smh])");

    static EmbeddedSettings from(Properties properties) {
        Path home = properties.getProperty("edgefed.home") != null
                ? Path.of(properties.getProperty("edgefed.home")).toAbsolutePath().normalize()
                : checkoutOf(codeLocation());
        Path dir = home.resolve(properties.getProperty("edgefed.local.dir", "local")).normalize();
        List<Path> extraRoots = new ArrayList<>();
        for (String root : properties.getProperty("edgefed.local.extra-roots", "").split(",")) {
            if (!root.isBlank()) {
                extraRoots.add(Path.of(root.trim()).toAbsolutePath());
            }
        }
        return new EmbeddedSettings(home, dir,
                port(properties, "edgefed.local.api-port", "16443"),
                port(properties, "edgefed.local.am-port", "8443"),
                List.copyOf(extraRoots),
                port(properties, "edgefed.local.operator-port", "18080"),
                port(properties, "edgefed.local.am-management-port", "19000"),
                properties.getProperty("edgefed.local.bind-address", LOOPBACK),
                port(properties, "edgefed.local.console-port", "18081"),
                port(properties, "edgefed.local.console-management-port", "19001"),
                duration("edgefed.local.node-inactive-after", properties.getProperty("edgefed.local.node-inactive-after", "2m")));
    }

    /** A port property's value; a clear refusal naming the property when it is none. */
    static int port(Properties properties, String property, String byDefault) {
        String text = properties.getProperty(property, byDefault).trim();
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(property + "=" + text + " is not a port number (0 to 65535)");
    }

    /** Settings for tests: every port given, the rest as by default. */
    static EmbeddedSettings onLoopback(Path home, Path dir, int amPort, int operatorPort, int amManagementPort, int consolePort,
            int consoleManagementPort, Duration nodeInactiveAfter) {
        return new EmbeddedSettings(home, dir, 0, amPort, List.of(), operatorPort, amManagementPort, LOOPBACK, consolePort,
                consoleManagementPort, nodeInactiveAfter);
    }

    /** A duration as the operator's settings take it: whole seconds, minutes or hours ({@code 20s}, {@code 2m}, {@code 1h}). */
    static Duration duration(String property, String text) {
        Matcher m = SIMPLE_DURATION.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(property + "=" + text + " is not a positive duration such as 20s, 2m or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /**
     * The checkout a build output lies in: {@code <checkout>/embedded/target/edgefed-embedded.jar} and
     * {@code <checkout>/embedded/target/classes} both give {@code <checkout>}.
     */
    static Path checkoutOf(Path code) {
        Path target = Files.isDirectory(code) ? code.getParent() : code.getParent();
        Path module = target == null ? null : target.getParent();
        Path checkout = module == null ? null : module.getParent();
        return checkout == null ? code : checkout;
    }

    private static Path codeLocation() {
        try {
            return Path.of(EmbeddedSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("embedded", "target", "edgefed-embedded.jar").toAbsolutePath();
        }
    }

    /** Where the AM is reached: the loopback name unless the testbed listens on one particular other address. */
    String amUrl() {
        return "https://" + reachableHost() + ":" + amPort + "/xmlrpc/am/3.0";
    }

    /**
     * Where the embedded API server listens: always loopback. It authenticates nobody (kubectl sends no token over
     * plain HTTP), so it must never be reachable from another machine; reach it from there through SSH port
     * forwarding.
     */
    InetAddress apiServerAddress() {
        return InetAddress.getLoopbackAddress();
    }

    /** The console's address, as the banner prints it. */
    String consoleUrl() {
        return "http://" + reachableHost() + ":" + consolePort + "/";
    }

    /** The host to connect to for a port the testbed opened. */
    String reachableHost() {
        return LOOPBACK.equals(bindAddress) || "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress)
                ? "localhost" : bindAddress;
    }
}
