package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The options struct of a call. Unknown options are ignored, as the specification asks. */
public final class Options {

    private final Map<String, Object> values;

    Options(Map<String, Object> values) {
        this.values = values;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public Object get(String name) {
        return values.get(name);
    }

    /** A boolean option; clients send XML-RPC booleans, but ints and strings are read too. */
    public boolean flag(String name) throws GeniException {
        Object v = values.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer i) {
            return i != 0;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") || s.equals("1") || s.equals("0"))) {
            return s.equalsIgnoreCase("true") || s.equals("1");
        }
        throw new GeniException(GeniCode.BADARGS, "option " + name + " must be a boolean");
    }

    /** An RFC 3339 time option. */
    public Optional<Instant> time(String name) throws GeniException {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(GeniTime.parse(v, "option " + name));
    }
}
