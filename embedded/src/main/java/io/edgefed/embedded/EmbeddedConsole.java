package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console of the embedded testbed: the console module's built application on loopback, reading the embedded API
 * server like the operator and the AM, on the testbed's bind address and {@link EmbeddedSettings#consolePort()}.
 */
final class EmbeddedConsole {

    private EmbeddedConsole() {
    }

    static ComponentProcess start(EmbeddedSettings settings, Map<String, String> env, Path logs) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", settings.bindAddress());
        properties.put("quarkus.http.port", String.valueOf(settings.consolePort()));
        properties.put("quarkus.management.host", settings.bindAddress());
        properties.put("quarkus.management.port", String.valueOf(settings.consoleManagementPort()));
        properties.put("edgefed.console.namespace", EmbeddedSettings.NAMESPACE);
        // A local testbed shows its own slices' URNs: the only experimenter is the one at the keyboard.
        properties.put("edgefed.console.show-slice-urns", "true");
        return ComponentProcess.start("console", settings.home(), "console", properties, env, logs);
    }
}
