package io.edgefed.am.xmlrpc;

import io.edgefed.am.credential.CallerIdentity;
import io.edgefed.am.geni.GeniException;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/** The XML-RPC request configuration, carrying who called, or why the caller was refused, to the dispatcher. */
final class AmRequestConfig extends XmlRpcHttpRequestConfigImpl {

    private final CallerIdentity caller;
    private final GeniException refusal;

    private AmRequestConfig(CallerIdentity caller, GeniException refusal) {
        this.caller = caller;
        this.refusal = refusal;
        setEncoding("UTF-8");
    }

    static AmRequestConfig of(CallerIdentity caller) {
        return new AmRequestConfig(caller, null);
    }

    static AmRequestConfig refused(GeniException refusal) {
        return new AmRequestConfig(null, refusal);
    }

    CallerIdentity caller() {
        return caller;
    }

    /** Why the caller may not call, or null. */
    GeniException refusal() {
        return refusal;
    }
}
