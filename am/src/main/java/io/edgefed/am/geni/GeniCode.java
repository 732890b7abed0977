package io.edgefed.am.geni;

/**
 * The {@code geni_code} values of the AM API v3 return struct. Codes 0-17 are the specification's; 18-26 were
 * added later by the GENI tools and are understood by omni and jFed.
 */
public enum GeniCode {
    /** Success. */
    SUCCESS(0),
    /** Bad Arguments: malformed arguments. */
    BADARGS(1),
    /** Error (other). */
    ERROR(2),
    /** Operation Forbidden: the credentials do not give sufficient privileges. */
    FORBIDDEN(3),
    /** Bad Version: unsupported RSpec or API version. */
    BADVERSION(4),
    /** Server Error. */
    SERVERERROR(5),
    /** Too Big, e.g. the request RSpec. */
    TOOBIG(6),
    /** Operation Refused, e.g. an action in the wrong operational state. */
    REFUSED(7),
    /** Operation Timed Out. */
    TIMEDOUT(8),
    /** Database Error: here, the Kubernetes API could not be reached or refused a write. */
    DBERROR(9),
    /** RPC Error. */
    RPCERROR(10),
    /** Unavailable, e.g. a slice that was shut down. */
    UNAVAILABLE(11),
    /** Search Failed: unknown, expired or deleted slice or sliver. */
    SEARCHFAILED(12),
    /** Operation Unsupported, e.g. an unknown operational action. */
    UNSUPPORTED(13),
    /** Busy; try again later. */
    BUSY(14),
    /** Expired, e.g. the slice or a credential. */
    EXPIRED(15),
    /** In Progress. */
    INPROGRESS(16),
    /** Already Exists. */
    ALREADYEXISTS(17),
    /** Required argument(s) missing. */
    MISSINGARGS(18),
    /** Requested expiration time or other argument out of range. */
    OUTOFRANGE(19),
    /** Supplied credential is invalid. */
    CREDENTIAL_INVALID(20),
    /** Supplied credential expired. */
    CREDENTIAL_EXPIRED(21),
    /** Credential does not match the client certificate or the target URN. */
    CREDENTIAL_MISMATCH(22),
    /** Credential not signed by a trusted authority. */
    CREDENTIAL_SIGNER_UNTRUSTED(23),
    /** VLAN tag(s) unavailable. */
    VLAN_UNAVAILABLE(24),
    /** Requested capacity not available. */
    INSUFFICIENT_BANDWIDTH(25),
    /** Not enough nodes available. */
    INSUFFICIENT_NODES(26);

    private final int value;

    GeniCode(int value) {
        this.value = value;
    }

    /** The integer sent as {@code geni_code}. */
    public int value() {
        return value;
    }
}
