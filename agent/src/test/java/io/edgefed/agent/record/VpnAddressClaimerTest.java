package io.edgefed.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.edgefed.agent.wireguard.WireGuardKey;
import io.edgefed.agent.wireguard.WireGuardKeys;
import io.edgefed.model.VpnAddressClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

@EnableKubernetesMockClient(crud = true)
class VpnAddressClaimerTest {

    static KubernetesClient client;

    static {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    @BeforeEach
    void emptyTheApi() {
        client.resources(VpnAddressClaim.class).delete();
    }

    @Test
    void fiftyNodesBootingAtTheSameInstantNeverShareAnAddress() throws Exception {
        // Ten nodes at a time share a first guess (same key hash), so they race for the same address at the same
        // instant, and the next addresses too: only the lock in the API server can keep them apart.
        AddressPool pool = AddressPool.parse("10.183.7.0/24");
        int nodes = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        List<Future<InetAddress>> results = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        List<WireGuardKey> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(random)));
        }
        for (int i = 0; i < nodes; i++) {
            String node = "node-" + i;
            WireGuardKey key = keys.get(i % keys.size());
            Callable<InetAddress> claimer = () -> {
                start.await();
                return new VpnAddressClaimer(client, node).claim(pool, key, Optional.empty());
            };
            results.add(threads.submit(claimer));
        }
        start.countDown();
        Set<InetAddress> addresses = new HashSet<>();
        for (Future<InetAddress> result : results) {
            InetAddress address = result.get();
            assertThat(pool.contains(address)).isTrue();
            addresses.add(address);
        }
        threads.shutdown();
        assertThat(addresses).hasSize(nodes);
        List<VpnAddressClaim> claims = client.resources(VpnAddressClaim.class).list().getItems();
        assertThat(claims).hasSize(nodes);
        assertThat(claims.stream().map(c -> c.getSpec().getNode()).distinct()).hasSize(nodes);
    }

    @Test
    void aRestartingNodeGetsItsAddressBackFromItsStateOrFromItsClaim() {
        AddressPool pool = AddressPool.parse("10.183.0.0/16");
        WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
        InetAddress first = new VpnAddressClaimer(client, "edge-1").claim(pool, key, Optional.empty());
        assertThat(new VpnAddressClaimer(client, "edge-1").claim(pool, key, Optional.of(first))).isEqualTo(first);
        // Reinstalled: new key, state directory wiped; the claim held by the node's name is found again.
        WireGuardKey newKey = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
        assertThat(new VpnAddressClaimer(client, "edge-1").claim(pool, newKey, Optional.empty())).isEqualTo(first);
        assertThat(client.resources(VpnAddressClaim.class).list().getItems()).hasSize(1);
    }

    @Test
    void anAddressRememberedButHeldByAnotherNodeIsNotTaken() {
        AddressPool pool = AddressPool.parse("fd65:6466:6564::/64");
        WireGuardKey key = WireGuardKeys.publicKeyOf(WireGuardKeys.generatePrivate(new SecureRandom()));
        InetAddress taken = new VpnAddressClaimer(client, "first").claim(pool, key, Optional.empty());
        InetAddress mine = new VpnAddressClaimer(client, "second").claim(pool, key, Optional.of(taken));
        assertThat(mine).isNotEqualTo(taken).isEqualTo(pool.next(taken));
        assertThat(client.resources(VpnAddressClaim.class).withName(VpnAddressClaim.nameFor(mine)).get().getSpec().getNode())
                .isEqualTo("second");
    }
}
