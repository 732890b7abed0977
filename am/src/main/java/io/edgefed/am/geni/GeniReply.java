package io.edgefed.am.geni;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds the return struct every AM API v3 method answers with: {@code {code: {geni_code, am_type}, value,
 * output}}. The one place that shapes replies, for successes and errors alike.
 */
public final class GeniReply {

    /** Sent as {@code am_type} so that clients can tell which AM produced a code. */
    public static final String AM_TYPE = "edgefed";

    private GeniReply() {
    }

    /** A success carrying {@code value}. */
    public static Map<String, Object> success(Object value) {
        Map<String, Object> reply = new HashMap<>();
        reply.put("code", code(GeniCode.SUCCESS));
        reply.put("value", value);
        reply.put("output", "");
        return reply;
    }

    /** A refusal or failure: the code, and an output that says what to do next. {@code value} is empty. */
    public static Map<String, Object> error(GeniCode code, String output) {
        Map<String, Object> reply = new HashMap<>();
        reply.put("code", code(code));
        reply.put("value", "");
        reply.put("output", PlainMessage.of(output, code.name()));
        return reply;
    }

    /** The reply for a {@link GeniException}. */
    public static Map<String, Object> error(GeniException e) {
        return error(e.code(), e.getMessage());
    }

    private static Map<String, Object> code(GeniCode code) {
        Map<String, Object> struct = new HashMap<>();
        struct.put("geni_code", code.value());
        struct.put("am_type", AM_TYPE);
        return struct;
    }
}
