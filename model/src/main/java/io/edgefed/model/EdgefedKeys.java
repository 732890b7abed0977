package io.edgefed.model;

/**
 * The API group, version, annotation and label keys that every part of edgefed agrees on.
 */
public final class EdgefedKeys {

    /** API group of every edgefed custom resource. */
    public static final String GROUP = "edgefed.io";
    /** API version of every edgefed custom resource. */
    public static final String VERSION = "v1alpha1";
    /** {@code apiVersion} as written in manifests. */
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /**
     * Annotation on a {@link Sliver}: its expiry, RFC 3339 in UTC. The only place expiry lives; the AM writes it
     * on Allocate, Provision and Renew, the operator deletes the Sliver at that instant.
     */
    public static final String EXPIRES_ANNOTATION = GROUP + "/expires";

    /** Label: a label-safe hash of the slice URN (see {@link SliverNames#sliceLabel(String)}). */
    public static final String SLICE_LABEL = GROUP + "/slice";

    /** Label: the Sliver's name, on the Sliver and on every object made for it. */
    public static final String SLIVER_LABEL = GROUP + "/sliver";

    /** Label on objects that edgefed manages, with the component that made them as value. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    /**
     * Label on a VPNPeer or claim that an agent made with a bootstrap token (before its node joined): the token's id.
     * The admission policy lets a bootstrap token change only the records that carry its own id.
     */
    public static final String BOOTSTRAP_TOKEN_LABEL = GROUP + "/bootstrap-token";

    /** Label on a {@link VpnAddressClaim}: the node that holds the address. */
    public static final String NODE_LABEL = GROUP + "/node";

    private EdgefedKeys() {
    }
}
