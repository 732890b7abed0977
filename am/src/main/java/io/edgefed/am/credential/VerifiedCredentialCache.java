package io.edgefed.am.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verified credentials by the SHA-256 of their text, so that a client that sends the same slice credential on every
 * call (omni and jFed do) pays for the XML signatures and PKIX validation once. Entries are used only until their
 * {@link VerifiedCredential#validUntil()}; the least recently used entry goes when the cache is full. Refusals are not
 * cached. Per-call checks (owner, target, privilege, speaks-for tool) are made on every use.
 */
public final class VerifiedCredentialCache {

    private final int maxEntries;
    private final Map<String, VerifiedCredential> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A cache of at most {@code maxEntries} credentials; 0 disables caching. */
    public VerifiedCredentialCache(int maxEntries) {
        this.maxEntries = Math.max(0, maxEntries);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, VerifiedCredential> eldest) {
                return size() > VerifiedCredentialCache.this.maxEntries;
            }
        };
    }

    /** The cache key of a credential's text: SHA-256, hex. */
    public static String digest(String credentialText) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(credentialText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The verified credential with this digest if it is cached and still valid at {@code now}; drops it if not. */
    public synchronized Optional<VerifiedCredential> get(String digest, Instant now) {
        VerifiedCredential v = entries.get(digest);
        if (v != null && now.isBefore(v.validUntil())) {
            hits.incrementAndGet();
            return Optional.of(v);
        }
        if (v != null) {
            entries.remove(digest);
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    public synchronized void put(String digest, VerifiedCredential verified) {
        if (maxEntries > 0) {
            entries.put(digest, verified);
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }

    /** Lookups answered from the cache. */
    public long hits() {
        return hits.get();
    }

    /** Lookups that had to verify (absent or expired entries). */
    public long misses() {
        return misses.get();
    }
}
