package io.edgefed.agent.node;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** What the agent last achieved, for the health checks: shared by the mesh loop (writer) and the checks (readers). */
@ApplicationScoped
public class AgentHealth {

    private volatile boolean interfaceUp;
    private volatile Instant lastApiSuccess;
    private volatile String lastApiError;
    private volatile Instant lastApplied;
    private volatile int peersApplied;
    private volatile int peersSkipped;
    private volatile String lastApplyError;
    private volatile Instant lastLoop = Instant.now();
    private volatile boolean ownRecordMissing;
    private volatile boolean removalsHeld;
    private final java.util.concurrent.atomic.AtomicLong apiErrors = new java.util.concurrent.atomic.AtomicLong();

    public void interfaceUp(boolean up) {
        interfaceUp = up;
    }

    public void apiSucceeded() {
        lastApiSuccess = Instant.now();
        lastApiError = null;
    }

    public void apiFailed(String error) {
        lastApiError = error;
        apiErrors.incrementAndGet();
    }

    /** How many API calls failed since the start. */
    public long apiErrors() {
        return apiErrors.get();
    }

    public void applied(int peers, int skipped) {
        lastApplied = Instant.now();
        peersApplied = peers;
        peersSkipped = skipped;
        lastApplyError = null;
    }

    public void applyFailed(String error) {
        lastApplyError = error;
    }

    /** Whether the API lists this node's own VPNPeer (false: lost, being recreated; the node is not ready). */
    public void ownRecord(boolean present) {
        ownRecordMissing = !present;
    }

    public boolean ownRecordMissing() {
        return ownRecordMissing;
    }

    /** Whether peer removals are held back because the API suddenly lists far fewer peers (see RemovalGuard). */
    public void removalsHeld(boolean held) {
        removalsHeld = held;
    }

    public boolean removalsHeld() {
        return removalsHeld;
    }

    public void loopRan() {
        lastLoop = Instant.now();
    }

    public boolean interfaceUp() {
        return interfaceUp;
    }

    public Instant lastApiSuccess() {
        return lastApiSuccess;
    }

    public String lastApiError() {
        return lastApiError;
    }

    public Instant lastApplied() {
        return lastApplied;
    }

    public int peersApplied() {
        return peersApplied;
    }

    public int peersSkipped() {
        return peersSkipped;
    }

    public String lastApplyError() {
        return lastApplyError;
    }

    public Instant lastLoop() {
        return lastLoop;
    }

    /**
     * Whether the mesh loop ran within three resync periods and half a minute at {@code now}: the liveness check and
     * the systemd watchdog both ask this, so a stuck loop gets the agent restarted either way.
     */
    public boolean loopAlive(Duration resyncPeriod, Instant now) {
        return lastLoop.plus(resyncPeriod.multipliedBy(3).plusSeconds(30)).isAfter(now);
    }
}
