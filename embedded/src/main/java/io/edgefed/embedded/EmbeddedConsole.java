package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console of the embedded testbed: the console module's built application on loopback, reading the embedded API
 * server like the operator and the AM. Its port is {@code -Dedgefed.local.console-port} (default 18081).
 */
final class EmbeddedConsole {

    static final String PORT_PROPERTY = "edgefed.local.console-port";

    private EmbeddedConsole() {
    }

    static int port() {
        return Integer.parseInt(System.getProperty(PORT_PROPERTY, "18081"));
    }

    /** The address the banner prints. */
    static String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    static ComponentProcess start(EmbeddedSettings settings, Map<String, String> env, Path logs) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", String.valueOf(port()));
        properties.put("edgefed.console.namespace", EmbeddedSettings.NAMESPACE);
        // A local testbed shows its own slices' URNs: the only experimenter is the one at the keyboard.
        properties.put("edgefed.console.show-slice-urns", "true");
        return ComponentProcess.start("console", settings.home().resolve("console/target/quarkus-app"), properties, env,
                logs);
    }
}
