package io.edgefed.am.cluster;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniException;
import io.edgefed.model.Sliver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Removes what Allocate calls that died half-way left behind: every Sliver of an attempt that still has a pending
 * Sliver once the attempt is older than {@code edgefed.am.allocation-grace} (see {@link AllocationMarks}). Every
 * replica sweeps; deleting what another replica deleted already is harmless.
 */
@ApplicationScoped
public class AllocationSweeper {

    private static final Logger LOG = Logger.getLogger(AllocationSweeper.class);

    private final SliverStore store;
    private final Duration grace;
    private final Clock clock;
    private final Counter sweptAttempts;
    private final Counter sweptSlivers;
    private ScheduledExecutorService timer;

    AllocationSweeper(SliverStore store, AmConfig config, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.grace = config.allocationGrace();
        this.clock = clock;
        this.sweptAttempts = Counter.builder("edgefed.am.allocation.sweeps")
                .description("Allocate calls that died half-way whose Slivers were removed").register(registry);
        this.sweptSlivers = Counter.builder("edgefed.am.allocation.swept.slivers")
                .description("Slivers removed because their Allocate call died half-way").register(registry);
    }

    /** Sweeps every quarter of the grace (at least once a second), so nothing stays much past it. */
    void start() {
        long period = Math.max(1000, grace.toMillis() / 4);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "am-allocation-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep(clock.instant());
            } catch (RuntimeException e) {
                LOG.warnf("sweeping interrupted allocations failed, trying again later: %s", e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Deletes the Slivers of uncommitted attempts older than the grace; returns how many. */
    public int sweep(Instant now) {
        if (!store.synced()) {
            return 0;
        }
        int removed = 0;
        for (Map.Entry<String, List<Sliver>> attempt : store.uncommittedAttempts().entrySet()) {
            Instant started = attempt.getValue().stream().map(AllocationMarks::started).max(Instant::compareTo)
                    .orElse(Instant.EPOCH);
            if (started.plus(grace).isAfter(now)) {
                continue;
            }
            for (Sliver s : attempt.getValue()) {
                try {
                    store.delete(s);
                    removed++;
                    sweptSlivers.increment();
                } catch (GeniException | RuntimeException e) {
                    LOG.debugf("could not sweep sliver %s: %s", s.getMetadata().getName(), e.getMessage());
                }
            }
            sweptAttempts.increment();
            LOG.infof("removed %d sliver(s) of an Allocate that did not complete (attempt %s)",
                    attempt.getValue().size(), attempt.getKey());
        }
        return removed;
    }
}
