package io.edgefed.am.credential;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SFA privilege table ({@code sfa/trust/rights.py}, as geni-tools and the SFA registry use it): which operations
 * each right a credential carries allows, and what {@code *} means.
 *
 * <p>{@code *} in a credential stands for the default rights of the credential's target type (a slice credential
 * with {@code *} carries refresh, embed, bind, control and info), each inheriting the {@code can_delegate} flag of the
 * {@code *}; it additionally allows the operations listed under {@code *} in the SFA table (e.g. {@code shutdown}).
 */
public final class SfaRights {

    private static final Map<String, Set<String>> OPERATIONS = Map.ofEntries(
            Map.entry("authority", Set.of("register", "remove", "update", "resolve", "list", "getcredential", "*")),
            Map.entry("refresh", Set.of("remove", "update")),
            Map.entry("resolve", Set.of("resolve", "list", "getcredential", "getversion")),
            Map.entry("sa", Set.of("getticket", "redeemslice", "redeemticket", "createslice", "createsliver",
                    "deleteslice", "deletesliver", "updateslice", "getsliceresources", "loanresources", "stopslice",
                    "startslice", "renewsliver", "resetslice", "listslices", "listnodes", "getpolicy",
                    "sliverstatus")),
            Map.entry("embed", Set.of("getticket", "redeemslice", "redeemticket", "createslice", "createsliver",
                    "renewsliver", "deleteslice", "deletesliver", "updateslice", "sliverstatus", "getsliceresources",
                    "shutdown")),
            Map.entry("bind", Set.of("getticket", "loanresources", "redeemticket")),
            Map.entry("control", Set.of("updateslice", "createslice", "createsliver", "renewsliver", "sliverstatus",
                    "stopslice", "startslice", "deleteslice", "deletesliver", "resetslice", "getsliceresources",
                    "getgids")),
            Map.entry("info", Set.of("listslices", "listnodes", "getpolicy")),
            Map.entry("ma", Set.of("setbootstate", "getbootstate", "reboot", "getgids", "gettrustedcerts")),
            Map.entry("operator", Set.of("gettrustedcerts", "getgids")),
            Map.entry("*", Set.of("createsliver", "deletesliver", "sliverstatus", "renewsliver", "shutdown")));

    /** Default rights per target type, what {@code *} expands to ({@code sfa/trust/rights.py determine_rights}). */
    private static final Map<String, List<String>> DEFAULTS = Map.of(
            "user", List.of("refresh", "resolve", "info"),
            "slice", List.of("refresh", "embed", "bind", "control", "info"),
            "authority", List.of("authority", "sa", "pi", "refresh", "resolve", "info"));

    private SfaRights() {
    }

    /** The rights {@code *} stands for in a credential whose target has this URN type ({@code slice}, {@code user}...). */
    public static List<String> defaultsFor(String targetType) {
        return DEFAULTS.getOrDefault(targetType.toLowerCase(Locale.ROOT), List.of());
    }

    /** Whether holding {@code right} allows {@code operation} (a {@link Privileges} constant, or a right's own name). */
    public static boolean allows(String right, String operation) {
        String r = right.toLowerCase(Locale.ROOT);
        String op = operation.toLowerCase(Locale.ROOT);
        return r.equals(op) || OPERATIONS.getOrDefault(r, Set.of()).contains(op);
    }

    /**
     * Whether a parent's right covers a delegated child's right: the same right, or every operation the child's right
     * allows is also allowed by the parent's ({@code Right.is_superset} in SFA). The {@code can_delegate} flag is
     * checked by the caller.
     */
    public static boolean covers(String parentRight, String childRight) {
        String p = parentRight.toLowerCase(Locale.ROOT);
        String c = childRight.toLowerCase(Locale.ROOT);
        if (p.equals(c)) {
            return true;
        }
        Set<String> parentOps = OPERATIONS.get(p);
        Set<String> childOps = OPERATIONS.get(c);
        // An unknown right is only covered by itself: we cannot tell what it would allow. A child's * is only covered
        // by a parent's * (its expansion is checked right by right besides).
        return parentOps != null && childOps != null && parentOps.containsAll(childOps);
    }
}
