package io.edgefed.agent.node;

import java.time.Duration;

/** The waits between retries of a failing step: one second, doubling each time, at most {@code max}. */
public final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);

    private final Duration max;
    private Duration next = FIRST;

    public Backoff(Duration max) {
        this.max = max;
    }

    /** The wait before the next retry; the one after it is twice as long (up to the maximum). */
    public Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    /** After a success: the next failure waits one second again. */
    public void reset() {
        next = FIRST;
    }
}
