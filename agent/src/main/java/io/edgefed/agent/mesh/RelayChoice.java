package io.edgefed.agent.mesh;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;

/**
 * Which relay this node sends its relayed peers through: the candidate with the lowest measured round-trip time, then
 * (without a measurement) the first by name. The relay in use is kept unless another is clearly better, at least
 * {@link #MIN_GAIN_PERCENT}% and {@link #MIN_GAIN} faster, so a few milliseconds of jitter never move every relayed
 * peer from one relay to another and back.
 */
final class RelayChoice {

    static final int MIN_GAIN_PERCENT = 20;
    static final Duration MIN_GAIN = Duration.ofMillis(5);

    private RelayChoice() {
    }

    /**
     * @param candidates the names of the usable relays (active, public, with an endpoint)
     * @param rtts       the latest round-trip time per relay name; a relay without one was not measured or did not answer
     * @param inUse      the relay chosen last time, or null
     * @return the relay to use, or null when there is no candidate
     */
    static String choose(Collection<String> candidates, Map<String, Duration> rtts, String inUse) {
        Comparator<String> order = Comparator.comparing((String name) -> rtts.get(name) == null)
                .thenComparing(name -> rtts.getOrDefault(name, Duration.ZERO))
                .thenComparing(Comparator.naturalOrder());
        String best = candidates.stream().min(order).orElse(null);
        if (best == null || inUse == null || !candidates.contains(inUse) || best.equals(inUse)) {
            return best;
        }
        Duration current = rtts.get(inUse);
        Duration better = rtts.get(best);
        if (better == null) {
            return inUse; // neither has a figure: nothing is known to be better
        }
        return current == null || clearlyFaster(better, current) ? best : inUse;
    }

    private static boolean clearlyFaster(Duration better, Duration current) {
        Duration gain = current.minus(better);
        return gain.compareTo(MIN_GAIN) >= 0 && gain.toNanos() * 100 >= current.toNanos() * MIN_GAIN_PERCENT;
    }
}
