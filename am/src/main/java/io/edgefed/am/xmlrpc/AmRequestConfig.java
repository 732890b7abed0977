package io.edgefed.am.xmlrpc;

import io.edgefed.am.credential.CallerIdentity;
import io.edgefed.am.geni.GeniException;
import java.time.Instant;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/**
 * The XML-RPC request configuration, carrying to the dispatcher who called (or why the caller was refused) and the
 * call's instant: the one clock reading at which the caller's certificate, its credentials and every expiry are judged.
 */
final class AmRequestConfig extends XmlRpcHttpRequestConfigImpl {

    private final CallerIdentity caller;
    private final GeniException refusal;
    private final Instant now;

    private AmRequestConfig(CallerIdentity caller, GeniException refusal, Instant now) {
        this.caller = caller;
        this.refusal = refusal;
        this.now = now;
        setEncoding("UTF-8");
    }

    static AmRequestConfig of(CallerIdentity caller, Instant now) {
        return new AmRequestConfig(caller, null, now);
    }

    static AmRequestConfig refused(GeniException refusal, Instant now) {
        return new AmRequestConfig(null, refusal, now);
    }

    /** The call's instant. */
    Instant now() {
        return now;
    }

    CallerIdentity caller() {
        return caller;
    }

    /** Why the caller may not call, or null. */
    GeniException refusal() {
        return refusal;
    }
}
