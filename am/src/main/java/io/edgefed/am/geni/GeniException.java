package io.edgefed.am.geni;

import java.util.Objects;

/**
 * A refusal or failure that the AM reports to the caller as a GENI return struct: the code and a message that says
 * what the caller must do next. Never turned into an XML-RPC fault.
 */
public class GeniException extends Exception {

    private final GeniCode code;

    public GeniException(GeniCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public GeniException(GeniCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public GeniCode code() {
        return code;
    }
}
