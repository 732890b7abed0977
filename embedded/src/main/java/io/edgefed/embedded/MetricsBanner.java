package io.edgefed.embedded;

import java.util.Map;
import java.util.stream.Collectors;

/** The lines the embedded testbed prints about its metrics: each component's address and the local Prometheus. */
final class MetricsBanner {

    private MetricsBanner() {
    }

    /** {@code prometheus}: what became of the local Prometheus (its address, or why there is none). */
    static String text(EmbeddedSettings settings, String prometheus) {
        String host = settings.reachableHost();
        Map<String, Integer> ports = Map.of("AM", settings.amManagementPort(), "operator", settings.operatorPort(),
                "console", settings.consoleManagementPort());
        String metrics = ports.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> String.format("  Metrics (%s)%s http://%s:%d/q/metrics", e.getKey(),
                        " ".repeat(Math.max(1, 10 - e.getKey().length())), host, e.getValue()))
                .collect(Collectors.joining("\n"));
        return metrics + "\n  Prometheus          " + prometheus + "\n";
    }
}
