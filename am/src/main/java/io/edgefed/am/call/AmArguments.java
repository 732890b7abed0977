package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The positional XML-RPC parameters of a call, with typed access that turns a wrong shape into BADARGS naming the
 * method's signature.
 */
public final class AmArguments {

    private final String signature;
    private final Object[] params;

    public AmArguments(String signature, Object[] params) {
        this.signature = signature;
        this.params = params == null ? new Object[0] : params;
    }

    public int count() {
        return params.length;
    }

    /** Requires between {@code min} and {@code max} parameters. */
    public AmArguments expect(int min, int max) throws GeniException {
        if (params.length < min || params.length > max) {
            throw bad("takes " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments, got " + params.length);
        }
        return this;
    }

    public String string(int index, String what) throws GeniException {
        if (params[index] instanceof String s) {
            return s;
        }
        throw bad("argument " + (index + 1) + " (" + what + ") must be a string");
    }

    /** A time: an RFC 3339 string (or XML-RPC dateTime.iso8601), within RFC 3339's years ({@link GeniTime}). */
    public java.time.Instant time(int index, String what) throws GeniException {
        return GeniTime.parse(params[index], "argument " + (index + 1) + " (" + what + ")");
    }

    /** The credentials array: each element a struct (the verifier judges the contents). */
    public Object[] credentials(int index) throws GeniException {
        if (params[index] instanceof Object[] array) {
            for (Object o : array) {
                if (!(o instanceof Map<?, ?>)) {
                    throw bad("argument " + (index + 1) + " (credentials) must be an array of {geni_type, geni_version, geni_value} structs");
                }
            }
            return array;
        }
        throw bad("argument " + (index + 1) + " (credentials) must be an array of {geni_type, geni_version, geni_value} structs");
    }

    /** The URNs array: strings only, at least one. */
    public List<String> urns(int index) throws GeniException {
        if (params[index] instanceof Object[] array && array.length > 0) {
            List<String> urns = new ArrayList<>();
            for (Object o : array) {
                if (!(o instanceof String s)) {
                    throw bad("argument " + (index + 1) + " (urns) must be an array of URN strings");
                }
                urns.add(s.trim());
            }
            return urns;
        }
        throw bad("argument " + (index + 1) + " (urns) must be a non-empty array of one slice URN or of sliver URNs");
    }

    /** The options struct; an absent trailing options argument is an empty struct. */
    public Options options(int index) throws GeniException {
        if (index >= params.length) {
            return new Options(new HashMap<>());
        }
        if (params[index] instanceof Map<?, ?> map) {
            Map<String, Object> typed = new HashMap<>();
            map.forEach((k, v) -> typed.put(String.valueOf(k), v));
            return new Options(typed);
        }
        throw bad("argument " + (index + 1) + " (options) must be a struct");
    }

    private GeniException bad(String problem) {
        return new GeniException(GeniCode.BADARGS, signature + " " + problem);
    }
}
