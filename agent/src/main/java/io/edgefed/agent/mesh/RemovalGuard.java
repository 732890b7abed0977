package io.edgefed.agent.mesh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.WireGuardKey;

/**
 * Keeps the interface from being emptied because the API suddenly lists (almost) nothing, as after a restored or
 * rebuilt control plane: nodes leave one by one, lost data makes them all vanish at once. Removing more than
 * {@code share} of the interface's peers in one go, or any peer while this node's own VPNPeer is missing, is held
 * back, and so is every peer of that loss until the API lists it again, even once the others are back; only once the
 * API has shown such a removal for {@code grace} without a break (and the own record is back) does it happen.
 * Additions and updates are never held.
 * <p>
 * A watch delivers lost data as one deletion after another, milliseconds apart, and each would look small on its own;
 * so every removal first waits {@link #SETTLE} and is judged together with the removals that came meanwhile.
 */
public final class RemovalGuard {

    private static final Logger LOG = Logger.getLogger(RemovalGuard.class);

    private final double share;
    private final Duration grace;
    private Instant holdingSince;
    private final Map<WireGuardKey, Instant> proposed = new HashMap<>();
    /** The removals of the loss being held back. */
    private final Set<WireGuardKey> held = new HashSet<>();

    /** How long a removal waits for others that belong with it. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    public RemovalGuard(double share, Duration grace) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("EDGEFED_MASS_REMOVAL_SHARE must be between 0 and 1, not " + share);
        }
        this.share = share;
        this.grace = grace;
    }

    /**
     * The part of {@code change} that may be applied now, for an interface holding {@code peersOnInterface} peers.
     */
    public DeviceChange filter(DeviceChange change, int peersOnInterface, boolean ownRecordPresent, Instant now) {
        Set<WireGuardKey> removing = new HashSet<>();
        change.peers().stream().filter(p -> p instanceof DeviceChange.RemovePeer).forEach(p -> removing.add(p.publicKey()));
        proposed.keySet().retainAll(removing);
        removing.forEach(key -> proposed.putIfAbsent(key, now));
        // A peer the API lists again leaves the hold; the hold is over once every peer it kept is listed again.
        held.retainAll(removing);
        if (holdingSince != null && held.isEmpty()) {
            LOG.infof("the held-back removal of peers is over: the API lists them again");
            holdingSince = null;
        }
        long removals = removing.size();
        boolean suspicious = removals > 0 && (!ownRecordPresent || removals > share * peersOnInterface);
        if (suspicious) {
            held.addAll(removing);
            if (holdingSince == null) {
                holdingSince = now;
                LOG.warnf("the API no longer lists %d of the %d peers on the interface%s; keeping them for %s in case the "
                        + "API lost its data (EDGEFED_MASS_REMOVAL_SHARE, EDGEFED_MASS_REMOVAL_GRACE)", removals,
                        peersOnInterface, ownRecordPresent ? "" : " and this node's own VPNPeer is missing", grace);
            }
        }
        if (holdingSince == null) {
            return without(change, key -> now.isBefore(proposed.get(key).plus(SETTLE)));
        }
        if (ownRecordPresent && !now.isBefore(holdingSince.plus(grace))) {
            LOG.warnf("removing %d of %d peers: the API has shown them gone for %s", removals, peersOnInterface, grace);
            holdingSince = null;
            held.clear();
            return change;
        }
        // Records come back one by one after lost data, each when its agent notices: a peer still missing once the
        // others are back is no less part of the loss, so it stays held, however small the share left.
        return without(change, key -> held.contains(key) || now.isBefore(proposed.get(key).plus(SETTLE)));
    }

    /** When the earliest removal still waiting for others after {@code now} will have waited enough (null: none). */
    public Instant settlesAfter(Instant now) {
        return proposed.values().stream().map(at -> at.plus(SETTLE)).filter(at -> at.isAfter(now)).min(Instant::compareTo)
                .orElse(null);
    }

    private static DeviceChange without(DeviceChange change, Predicate<WireGuardKey> heldRemoval) {
        List<DeviceChange.PeerChange> kept = new ArrayList<>();
        for (DeviceChange.PeerChange peer : change.peers()) {
            if (!(peer instanceof DeviceChange.RemovePeer) || !heldRemoval.test(peer.publicKey())) {
                kept.add(peer);
            }
        }
        return new DeviceChange(change.privateKey(), change.listenPort(), kept);
    }

    /** True while removals are being held back. */
    public boolean holding() {
        return holdingSince != null;
    }
}
