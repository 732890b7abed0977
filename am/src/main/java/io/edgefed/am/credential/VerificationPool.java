package io.edgefed.am.credential;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that verify credentials not found in the cache (XML signatures, certificate paths): as many as the
 * machine has cores, apart from the call workers and the I/O threads, so that however many callers send credentials
 * that are costly to verify, they share these cores' worth of threads and leave the rest of the machine to the calls
 * that need no verification (GetVersion, calls whose credentials are cached) and to the TLS handshakes. A verification
 * that finds every thread busy and the queue full is refused with BUSY at once.
 */
@ApplicationScoped
public class VerificationPool {

    /** A verification, run on the pool. */
    public interface Check<T> {
        T run() throws GeniException;
    }

    private final ThreadPoolExecutor pool;

    VerificationPool() {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "am-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code check} on the pool and waits for it; its GeniException is rethrown as is. */
    public <T> T run(Check<T> check) throws GeniException {
        Future<T> future;
        try {
            future = pool.submit(() -> {
                try {
                    return check.run();
                } catch (GeniException e) {
                    throw new Refused(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new GeniException(GeniCode.BUSY, "the aggregate is busy verifying other credentials; try again in a moment");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new GeniException(GeniCode.BUSY, "the aggregate is shutting down; try again in a moment");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused r) {
                throw r.refusal;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** Carries a GeniException through the Callable. */
    private static final class Refused extends Exception {
        final GeniException refusal;

        Refused(GeniException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }
}
