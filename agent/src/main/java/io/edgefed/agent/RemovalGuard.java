package io.edgefed.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * Keeps the interface from being emptied because the API suddenly lists (almost) nothing, as after a restored or
 * rebuilt control plane: nodes leave one by one, lost data makes them all vanish at once. Removing more than
 * {@code share} of the interface's peers in one go, or any peer while this node's own VPNPeer is missing, is held
 * back; only once the API has shown such a removal for {@code grace} without a break (and the own record is back) does
 * it happen. Additions and updates are never held.
 */
public final class RemovalGuard {

    private static final Logger LOG = Logger.getLogger(RemovalGuard.class);

    private final double share;
    private final Duration grace;
    private Instant holdingSince;

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
        long removals = change.peers().stream().filter(p -> p instanceof DeviceChange.RemovePeer).count();
        boolean suspicious = removals > 0 && (!ownRecordPresent || removals > share * peersOnInterface);
        if (!suspicious) {
            if (holdingSince != null) {
                LOG.infof("the held-back removal of peers is over (the API lists the peers again, or fewer go)");
                holdingSince = null;
            }
            return change;
        }
        if (holdingSince == null) {
            holdingSince = now;
            LOG.warnf("the API no longer lists %d of the %d peers on the interface%s; keeping them for %s in case the API "
                    + "lost its data (EDGEFED_MASS_REMOVAL_SHARE, EDGEFED_MASS_REMOVAL_GRACE)", removals, peersOnInterface,
                    ownRecordPresent ? "" : " and this node's own VPNPeer is missing", grace);
        }
        if (ownRecordPresent && !now.isBefore(holdingSince.plus(grace))) {
            LOG.warnf("removing %d of %d peers: the API has shown them gone for %s", removals, peersOnInterface, grace);
            holdingSince = null;
            return change;
        }
        List<DeviceChange.PeerChange> kept = new ArrayList<>();
        for (DeviceChange.PeerChange peer : change.peers()) {
            if (!(peer instanceof DeviceChange.RemovePeer)) {
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
