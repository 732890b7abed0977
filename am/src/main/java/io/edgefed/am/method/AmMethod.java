package io.edgefed.am.method;

import io.edgefed.am.call.AmCall;
import io.edgefed.am.geni.GeniException;
import java.util.Map;

/** One AM API v3 method. Implementations answer with {@link io.edgefed.am.geni.GeniReply} or throw a GENI error. */
public interface AmMethod {

    /** The XML-RPC method name, e.g. {@code Allocate}. */
    String name();

    /** Runs the call and returns the full return struct. */
    Map<String, Object> call(AmCall call) throws GeniException;
}
