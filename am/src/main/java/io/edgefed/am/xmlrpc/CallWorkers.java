package io.edgefed.am.xmlrpc;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.metrics.AmGauges;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do the work of a call — authenticating the caller's chain, parsing the XML-RPC body, verifying
 * credentials, running the method — so that the Vert.x I/O threads only move bytes and a hostile body delays no
 * other caller. A fixed number of threads ({@code edgefed.am.workers}) and a bounded queue
 * ({@code edgefed.am.worker-queue}): a call that finds the queue full is refused at once with BUSY instead of
 * piling up memory.
 */
@ApplicationScoped
public class CallWorkers implements AmGauges.WorkerQueue {

    private final ThreadPoolExecutor pool;

    CallWorkers(AmConfig config) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.workerQueue()), r -> {
                    Thread t = new Thread(r, "am-call-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs calls; throws {@link java.util.concurrent.RejectedExecutionException} when the queue is full. */
    Executor executor() {
        return pool;
    }

    @Override
    public int depth() {
        return pool.getQueue().size();
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
