package io.edgefed.console;

import java.security.SecureRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Turns cache changes into publications: the first change schedules a rebuild one coalescing window later, and
 * every change until then rides along, so a burst costs one rebuild and one message per page. Rebuilds run on one
 * thread, in order.
 */
@Singleton
public class LiveTestbed {

    private static final Logger LOG = Logger.getLogger(LiveTestbed.class);

    private final ClusterCaches caches;
    private final ConsoleSettings settings;
    private final EventStreams streams;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService rebuilder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "console-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Versions count up from a random start, below 2^48 so that a page's script reads them exactly: a page resumes its
     * stream from the version it was served ({@code ?since=}), and another replica's or an earlier process's numbers
     * do not match this one's.
     */
    private volatile Publication current = Publication.empty(new SecureRandom().nextLong(1, 1L << 48));

    LiveTestbed(ClusterCaches caches, ConsoleSettings settings, EventStreams streams) {
        this.caches = caches;
        this.settings = settings;
        this.streams = streams;
    }

    void onStart(@Observes StartupEvent event) {
        caches.onChange(this::changed);
        streams.serve(this::current);
        changed(); // an empty cluster is a state too
    }

    void onStop(@Observes ShutdownEvent event) {
        rebuilder.shutdownNow();
    }

    /** The latest publication. */
    Publication current() {
        return current;
    }

    private void changed() {
        if (pending.compareAndSet(false, true)) {
            rebuilder.schedule(this::rebuild, settings.updates().coalesce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void rebuild() {
        pending.set(false); // changes from now on schedule the next rebuild
        try {
            boolean synced = caches.synced();
            Testbed testbed = Testbed.of(caches.state(), settings.showSliceUrns(), current.testbed());
            Publication next = Publication.of(current.version() + 1, testbed, synced, current);
            if (next != current) {
                current = next;
                streams.publish(next);
            }
            if (!synced) {
                changed(); // look again until the caches hold the API server's state
            }
        } catch (RuntimeException e) {
            LOG.error("Could not rebuild the console's view of the testbed; the pages keep the previous one", e);
        }
    }
}
