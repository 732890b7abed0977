package io.edgefed.agent.node;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.jboss.logging.Logger;

/**
 * The agent's single-thread executors. A task that fails with an unchecked exception or an error (a class missing from
 * a trimmed class path, a bug) would otherwise vanish into its Future without a word, and a periodic task would silently
 * stop running; here it is logged with its thread's name. The liveness check and the systemd watchdog then notice the
 * stalled loop.
 */
public final class AgentThreads {

    private static final Logger LOG = Logger.getLogger(AgentThreads.class);

    private AgentThreads() {
    }

    public static ScheduledExecutorService singleDaemon(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        }) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                super.afterExecute(task, thrown);
                Throwable failure = thrown != null ? thrown : failureOf(task);
                if (failure != null) {
                    LOG.errorf(failure, "a task of the %s thread failed; it will not run again until the agent restarts", name);
                }
            }
        };
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The failure of a finished task wrapped in a Future (how ScheduledThreadPoolExecutor runs everything), or null. */
    private static Throwable failureOf(Runnable task) {
        if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (CancellationException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }
}
