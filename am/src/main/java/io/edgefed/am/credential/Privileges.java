package io.edgefed.am.credential;

/**
 * The operation each AM API v3 method needs a credential to allow, named as the SFA privilege table
 * ({@code sfa/trust/rights.py}) names operations; {@link SfaRights} says which rights grant which operation.
 */
public final class Privileges {

    /** Allocate: granted by the {@code embed}, {@code control}, {@code sa} and {@code *} rights. */
    public static final String ALLOCATE = "createsliver";
    /** Provision: as Allocate. */
    public static final String PROVISION = "createsliver";
    /** PerformOperationalAction: as Allocate. */
    public static final String OPERATE = "createsliver";
    /** Renew: granted by {@code embed}, {@code control}, {@code sa}, {@code *}. */
    public static final String RENEW = "renewsliver";
    /** Delete: granted by {@code embed}, {@code control}, {@code sa}. */
    public static final String DELETE = "deleteslice";
    /** Status: granted by {@code embed}, {@code control}, {@code sa}. */
    public static final String STATUS = "getsliceresources";
    /** Describe: as Status. */
    public static final String DESCRIBE = "getsliceresources";
    /** Shutdown, the operator's emergency stop: granted by {@code embed} and {@code *}. */
    public static final String SHUTDOWN = "shutdown";

    private Privileges() {
    }

    /**
     * The privilege an AM API v3 method needs, by its XML-RPC name ({@code Allocate}, {@code Status}...); empty for
     * GetVersion and ListResources, which need none (ListResources needs a valid credential, see
     * {@link CredentialVerifier#authorizeAny}).
     */
    public static java.util.Optional<String> forMethod(String method) {
        return java.util.Optional.ofNullable(switch (method) {
            case "Allocate" -> ALLOCATE;
            case "Provision" -> PROVISION;
            case "PerformOperationalAction" -> OPERATE;
            case "Renew" -> RENEW;
            case "Delete" -> DELETE;
            case "Status" -> STATUS;
            case "Describe" -> DESCRIBE;
            case "Shutdown" -> SHUTDOWN;
            default -> null;
        });
    }
}
