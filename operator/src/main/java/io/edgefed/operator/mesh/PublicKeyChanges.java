package io.edgefed.operator.mesh;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.edgefed.model.VPNPeer;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

/**
 * Wakes the peers whose {@value SharedPublicKeys#CONDITION} verdict may change because another peer's public key
 * changed: the ones holding its old key (no longer shared) and its new key (now shared). Remembers the last key seen
 * per peer for that. A peer that is deleted by someone else is not seen here; the peers that shared its key are
 * corrected at their next status write (the agents report every few seconds).
 */
final class PublicKeyChanges extends AbstractEventSource<Void, VPNPeer> {

    private final Map<String, String> lastKey = new ConcurrentHashMap<>();

    PublicKeyChanges() {
        super(Void.class, "public-key-changes");
    }

    /** Notes {@code peer}'s current key and wakes the peers affected if it changed. */
    void seen(VPNPeer peer, Collection<VPNPeer> peers) {
        String name = peer.getMetadata().getName();
        String key = peer.getSpec() == null ? null : peer.getSpec().getPublicKey();
        String previous = key == null ? lastKey.remove(name) : lastKey.put(name, key);
        if (!Objects.equals(previous, key)) {
            wake(name, previous, key, peers);
        }
    }

    /** Forgets a peer the operator deleted and wakes the peers that shared its key. */
    void gone(VPNPeer peer, Collection<VPNPeer> peers) {
        String name = peer.getMetadata().getName();
        wake(name, lastKey.remove(name), null, peers);
    }

    private void wake(String self, String oldKey, String newKey, Collection<VPNPeer> peers) {
        if (!isRunning() || getEventHandler() == null) {
            return;
        }
        Set<String> affected = new TreeSet<>();
        affected.addAll(SharedPublicKeys.holdersOf(oldKey, self, peers));
        affected.addAll(SharedPublicKeys.holdersOf(newKey, self, peers));
        affected.forEach(name -> getEventHandler().handleEvent(new Event(new ResourceID(name))));
    }

    @Override
    public Set<Void> getSecondaryResources(VPNPeer primary) {
        return Set.of();
    }
}
