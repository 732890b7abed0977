package io.edgefed.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The console's gauges, read at each scrape of {@code /q/metrics}: {@code edgefed_console_streams_open} (live pages)
 * and {@code edgefed_console_snapshot_bytes} (the whole document a new page loads first, in UTF-8). The count of
 * updates skipped for slow pages, {@code edgefed_console_stream_skips_total}, is kept by {@link EventStreams}.
 */
@Singleton
public class ConsoleMetrics {

    private final MeterRegistry registry;
    private final EventStreams streams;
    private final LiveTestbed testbed;

    ConsoleMetrics(MeterRegistry registry, EventStreams streams, LiveTestbed testbed) {
        this.registry = registry;
        this.streams = streams;
        this.testbed = testbed;
    }

    void register(@Observes StartupEvent event) {
        for (String name : new String[] {"edgefed.console.streams.open", "edgefed.console.snapshot.bytes"}) {
            // A gauge left by an earlier start in this JVM (tests restart the application) would read that start's objects.
            registry.find(name).meters().forEach(registry::remove);
        }
        Gauge.builder("edgefed.console.streams.open", streams, EventStreams::open)
                .description("Live pages (Server-Sent Event streams) open now").register(registry);
        Gauge.builder("edgefed.console.snapshot.bytes", testbed, t -> t.current().documentBytes())
                .description("Size of the testbed document a page loads first (UTF-8)").baseUnit("bytes").register(registry);
    }
}
