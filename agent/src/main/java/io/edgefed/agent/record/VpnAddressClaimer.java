package io.edgefed.agent.record;

import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.edgefed.agent.wireguard.Addresses;
import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.VpnAddressClaim;
import io.edgefed.model.VpnAddressClaimSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Claims a VPN address for this node through the API server: a claim object is named after its address, so creating
 * it is a lock that only one node can take (AlreadyExists means: someone else holds it, try the next address).
 * The order of tries: the address this node remembers, a claim the API already holds for the node (the state
 * directory may have been wiped), then a guess derived from the node's public key and the addresses after it.
 */
public final class VpnAddressClaimer {

    /** Label on a claim: {@code v4} or {@code v6}. */
    public static final String FAMILY_LABEL = EdgefedKeys.GROUP + "/family";
    private static final Logger LOG = Logger.getLogger(VpnAddressClaimer.class);
    private static final int MAX_TRIES = 4096;

    private final KubernetesClient client;
    private final String node;

    public VpnAddressClaimer(KubernetesClient client, String node) {
        this.client = client;
        this.node = node;
    }

    /** Claims an address in {@code pool} and returns it; throws when the pool has no free address left to try. */
    public InetAddress claim(AddressPool pool, WireGuardKey publicKey, Optional<InetAddress> remembered) {
        Set<InetAddress> preferred = new LinkedHashSet<>();
        remembered.filter(pool::contains).ifPresent(preferred::add);
        preferred.addAll(heldByThisNode(pool));
        for (InetAddress address : preferred) {
            if (tryClaim(address)) {
                return address;
            }
        }
        InetAddress candidate = pool.firstGuess(publicKey);
        long tries = pool.usable().min(BigInteger.valueOf(MAX_TRIES)).longValueExact();
        for (long i = 0; i < tries; i++) {
            if (tryClaim(candidate)) {
                return candidate;
            }
            candidate = pool.next(candidate);
        }
        throw new IllegalStateException("no free VPN address found in " + pool + " after " + tries
                + " tries; enlarge the pool (EDGEFED_IPV4_POOL / EDGEFED_IPV6_POOL) or delete stale VpnAddressClaims");
    }

    private List<InetAddress> heldByThisNode(AddressPool pool) {
        List<InetAddress> held = new ArrayList<>();
        for (VpnAddressClaim claim : client.resources(VpnAddressClaim.class).withLabel(EdgefedKeys.NODE_LABEL, node).list()
                .getItems()) {
            if (claim.getSpec() == null || !node.equals(claim.getSpec().getNode())) {
                continue;
            }
            try {
                InetAddress address = Addresses.parseLiteral(claim.getSpec().getAddress());
                if (pool.contains(address)) {
                    held.add(address);
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("ignoring claim %s: %s", claim.getMetadata().getName(), e.getMessage());
            }
        }
        return held;
    }

    /**
     * Makes sure the claim on an address this node uses exists (the API may have lost it, or someone deleted it by
     * hand): made again when missing. Throws when another node holds it, which needs a person: two nodes now use
     * the same address.
     *
     * @return true when the claim had to be made again
     */
    public boolean ensureHeld(InetAddress address) {
        VpnAddressClaim existing = client.resources(VpnAddressClaim.class).withName(VpnAddressClaim.nameFor(address)).get();
        if (existing != null && existing.getSpec() != null && node.equals(existing.getSpec().getNode())) {
            return false;
        }
        if (existing == null) {
            LOG.warnf("the claim on this node's address %s is missing; claiming it again", Addresses.format(address));
        }
        if (!tryClaim(address)) {
            throw new IllegalStateException("VPN address " + Addresses.format(address) + " of this node is claimed by another node ("
                    + VpnAddressClaim.nameFor(address) + "); the two nodes must not share it: delete the wrong claim");
        }
        return true;
    }

    /** True when this node holds the claim for {@code address} afterwards (made now or held already). */
    public boolean tryClaim(InetAddress address) {
        String name = VpnAddressClaim.nameFor(address);
        VpnAddressClaim claim = new VpnAddressClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName(name)
                .withLabels(RecordLabels.forRecords(client.getConfiguration()))
                .addToLabels(EdgefedKeys.NODE_LABEL, node)
                .addToLabels(FAMILY_LABEL, address.getAddress().length == 4 ? "v4" : "v6")
                .build());
        claim.setSpec(new VpnAddressClaimSpec(Addresses.format(address), node));
        try {
            client.resources(VpnAddressClaim.class).resource(claim).create();
            LOG.infof("claimed VPN address %s", Addresses.format(address));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        VpnAddressClaim existing = client.resources(VpnAddressClaim.class).withName(name).get();
        return existing != null && existing.getSpec() != null && node.equals(existing.getSpec().getNode());
    }
}
