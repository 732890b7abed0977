package io.edgefed.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the embedded testbed can be told, as system properties ({@code java -Dedgefed.local.am-port=9443 -jar ...}).
 *
 * @param home       the project's root, where the operator and AM builds are ({@code edgefed.home}, default {@code .})
 * @param dir        where the local authority, kubeconfig and logs are written ({@code edgefed.local.dir}, default {@code local})
 * @param apiPort    the embedded API server's port ({@code edgefed.local.api-port}, default 16443)
 * @param amPort     the AM's HTTPS port ({@code edgefed.local.am-port}, default 8443)
 * @param extraRoots further trusted root certificates for the AM, e.g. the Fed4FIRE+ root, so that real
 *                   experimenters' certificates work too ({@code edgefed.local.extra-roots}, comma-separated PEM files)
 * @param operatorPort the operator's HTTP port for health ({@code edgefed.local.operator-port}, default 18080)
 * @param amManagementPort the AM's management (health) port ({@code edgefed.local.am-management-port}, default 19000)
 */
record EmbeddedSettings(Path home, Path dir, int apiPort, int amPort, List<Path> extraRoots, int operatorPort,
        int amManagementPort) {

    static final String AUTHORITY = "edgefed:local";
    static final String NAMESPACE = "edgefed";

    static EmbeddedSettings from(Properties properties) {
        Path home = Path.of(properties.getProperty("edgefed.home", ".")).toAbsolutePath().normalize();
        Path dir = home.resolve(properties.getProperty("edgefed.local.dir", "local")).normalize();
        List<Path> extraRoots = new ArrayList<>();
        for (String root : properties.getProperty("edgefed.local.extra-roots", "").split(",")) {
            if (!root.isBlank()) {
                extraRoots.add(Path.of(root.trim()).toAbsolutePath());
            }
        }
        return new EmbeddedSettings(home, dir,
                Integer.parseInt(properties.getProperty("edgefed.local.api-port", "16443")),
                Integer.parseInt(properties.getProperty("edgefed.local.am-port", "8443")),
                List.copyOf(extraRoots),
                Integer.parseInt(properties.getProperty("edgefed.local.operator-port", "18080")),
                Integer.parseInt(properties.getProperty("edgefed.local.am-management-port", "19000")));
    }

    String amUrl() {
        return "https://localhost:" + amPort + "/xmlrpc/am/3.0";
    }
}
