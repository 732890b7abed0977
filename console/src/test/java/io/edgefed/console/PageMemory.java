package io.edgefed.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What an open page holds after a full garbage collection, read through Chromium's DevTools protocol: the live JS
 * heap, the DOM nodes, the event listeners, and how many live objects the page's script keeps of each kind (plain
 * objects, arrays, functions, DOM node wrappers, Leaflet layers). A page that keeps something per update grows in
 * one of them.
 *
 * @param heapBytes the JS heap in use (V8 grows it for a while as it compiles and optimizes; it then levels off)
 * @param domNodes  DOM nodes alive in the page, attached or not
 * @param listeners event listeners registered
 * @param objects   live objects by the prototype they inherit from, counted by {@code Runtime.queryObjects}
 */
record PageMemory(long heapBytes, long domNodes, long listeners, Map<String, Long> objects) {

    /** The kinds counted, by the expression that gives their prototype; Leaflet's only where the page loads it. */
    private static final Map<String, String> KINDS = kinds();

    static PageMemory of(ChromeDriver page) {
        Map<String, Long> objects = new LinkedHashMap<>();
        KINDS.forEach((kind, prototype) -> {
            long count = liveObjects(page, prototype);
            if (count >= 0) {
                objects.put(kind, count);
            }
        });
        page.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        page.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        page.executeCdpCommand("Performance.enable", Map.of());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) page
                .executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
        return new PageMemory(metric(metrics, "JSHeapUsedSize"), metric(metrics, "Nodes"),
                metric(metrics, "JSEventListeners"), objects);
    }

    private static Map<String, String> kinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("objects", "Object.prototype");
        kinds.put("arrays", "Array.prototype");
        kinds.put("functions", "Function.prototype");
        kinds.put("DOM nodes", "Node.prototype");
        kinds.put("Leaflet layers", "window.L && L.Layer.prototype");
        return kinds;
    }

    /** Objects alive with the prototype in their chain (the protocol collects garbage first), or -1 without one. */
    @SuppressWarnings("unchecked")
    private static long liveObjects(ChromeDriver page, String prototype) {
        String group = "edgefed-page-memory";
        try {
            Map<String, Object> found = (Map<String, Object>) page.executeCdpCommand("Runtime.evaluate",
                    Map.of("expression", prototype, "objectGroup", group)).get("result");
            if (!found.containsKey("objectId")) {
                return -1;
            }
            Map<String, Object> objects = (Map<String, Object>) page.executeCdpCommand("Runtime.queryObjects",
                    Map.of("prototypeObjectId", found.get("objectId"), "objectGroup", group)).get("objects");
            Map<String, Object> length = (Map<String, Object>) page.executeCdpCommand("Runtime.callFunctionOn",
                    Map.of("objectId", objects.get("objectId"), "functionDeclaration", "function () { return this.length; }",
                            "returnByValue", true)).get("result");
            return ((Number) length.get("value")).longValue();
        } finally {
            page.executeCdpCommand("Runtime.releaseObjectGroup", Map.of("objectGroup", group));
        }
    }

    private static long metric(List<Map<String, Object>> metrics, String name) {
        return metrics.stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .map(m -> ((Number) m.get("value")).longValue())
                .orElseThrow(() -> new IllegalStateException("Chromium reported no " + name + " metric"));
    }

    @Override
    public String toString() {
        return heapBytes + " B heap, " + domNodes + " DOM nodes, " + listeners + " listeners, live " + objects;
    }
}
