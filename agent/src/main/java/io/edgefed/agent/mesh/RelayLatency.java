package io.edgefed.agent.mesh;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.edgefed.agent.node.AgentThreads;
import io.edgefed.agent.wireguard.Addresses;

/**
 * Measures the round-trip time to each relay candidate over the VPN, on a thread of its own, once per period and at
 * once when the candidates change; keeps the latest figures for {@link RelayChoice}. The mesh loop only hands over
 * the candidates and reads the figures, so a relay that does not answer never stalls it.
 */
public final class RelayLatency implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RelayLatency.class);

    public static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** One round trip to {@code address}: its duration, or null when nothing answered within {@code timeout}. */
    @FunctionalInterface
    interface Probe {
        Duration roundTrip(InetAddress address, Duration timeout) throws IOException;
    }

    /**
     * {@link InetAddress#isReachable}: an ICMP echo when run as root, as the agent is (otherwise a TCP connection to
     * the echo port, whose refusal also comes back in one round trip).
     */
    public static final Probe ECHO = (address, timeout) -> {
        long start = System.nanoTime();
        boolean answered = address.isReachable((int) timeout.toMillis());
        return answered ? Duration.ofNanos(System.nanoTime() - start) : null;
    };

    private final Duration period;
    private final Duration timeout;
    private final Probe probe;
    private final ScheduledExecutorService thread;
    private volatile Map<String, InetAddress> targets = Map.of();
    private volatile Map<String, Duration> latest = Map.of();
    private boolean periodic;

    public RelayLatency(Duration period, Duration timeout, Probe probe) {
        this.period = period;
        this.timeout = timeout;
        this.probe = probe;
        this.thread = AgentThreads.singleDaemon("edgefed-relay-rtt");
    }

    /**
     * The relays to measure, by name; returns at once, measuring them soon when they changed. Called from one thread
     * (the mesh loop). The periodic round starts with the first candidates, so a node that never relays (a public
     * one) keeps no measuring thread.
     */
    public void measure(Map<String, InetAddress> relays) {
        Map<String, InetAddress> copy = Map.copyOf(relays);
        if (copy.equals(targets)) {
            return;
        }
        targets = copy;
        if (copy.isEmpty()) {
            return;
        }
        try {
            if (periodic) {
                thread.execute(this::measureAll);
            } else {
                thread.scheduleWithFixedDelay(this::measureAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
                periodic = true;
            }
        } catch (RejectedExecutionException e) {
            // closed: the agent is stopping
        }
    }

    /** The latest round-trip time per relay that answered; relays that did not are absent. */
    public Map<String, Duration> latest() {
        return latest;
    }

    /** One round over the current relays; runs on the measuring thread (tests call it directly). */
    void measureAll() {
        Map<String, InetAddress> relays = targets;
        Map<String, Duration> figures = new LinkedHashMap<>();
        relays.forEach((name, address) -> {
            try {
                Duration rtt = probe.roundTrip(address, timeout);
                if (rtt != null) {
                    figures.put(name, rtt);
                } else {
                    LOG.debugf("relay %s (%s) did not answer within %d ms", name, Addresses.format(address), timeout.toMillis());
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("measuring relay %s (%s) failed: %s", name, Addresses.format(address), e.getMessage());
            }
        });
        // Figures of relays that are no longer candidates go; the latest round wins.
        latest = Map.copyOf(figures);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
