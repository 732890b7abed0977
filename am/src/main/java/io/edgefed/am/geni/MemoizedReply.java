package io.edgefed.am.geni;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A return struct that never changes once built (GetVersion's, or ListResources' for one advertisement), with a slot
 * where the transport keeps its serialized form, so that a reply sent thousands of times is encoded once.
 */
public final class MemoizedReply extends AbstractMap<String, Object> {

    private final Map<String, Object> reply;
    private volatile byte[] encoded;

    public MemoizedReply(Map<String, Object> reply) {
        this.reply = Map.copyOf(reply);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return reply.entrySet();
    }

    /** The serialized reply, or null before the first send. */
    public byte[] encoded() {
        return encoded;
    }

    /** Keeps the serialized reply; a race between two first sends stores equal bytes. */
    public void encoded(byte[] bytes) {
        this.encoded = bytes;
    }
}
