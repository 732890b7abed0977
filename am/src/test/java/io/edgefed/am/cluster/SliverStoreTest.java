package io.edgefed.am.cluster;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.support.FixedConfig;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store against a CRUD mock API server: writes that lose a race with a Delete answer SEARCHFAILED. */
@EnableKubernetesMockClient(crud = true)
class SliverStoreTest {

    static KubernetesClient client;

    final FixedConfig config = new FixedConfig();
    SliverStore store;

    @BeforeEach
    void start() throws Exception {
        store = new SliverStore(client, config);
        store.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    static Sliver sliver(String name) {
        Sliver s = new Sliver();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("edgefed")
                .addToLabels(EdgefedKeys.SLICE_LABEL, "slice-" + name).build());
        SliverSpec spec = new SliverSpec();
        spec.setSliceUrn("urn:publicid:IDN+edgefed:test+slice+" + name);
        spec.setClientId("n1");
        spec.setImage("img");
        s.setSpec(spec);
        return s;
    }

    @Test
    void anUpdateOfASliverDeletedMeanwhileIsSearchFailed() throws GeniException {
        store.create(sliver("raced"));
        Sliver cached = store.find("raced", Instant.now()).orElseThrow();
        Sliver copy = store.copyOf(cached);
        copy.getSpec().setProvisioned(true);

        client.resources(Sliver.class).inNamespace("edgefed").withName("raced").delete();

        assertThatThrownBy(() -> store.update(cached, copy)).isInstanceOfSatisfying(GeniException.class, e -> {
            assertThat(e.code()).isEqualTo(GeniCode.SEARCHFAILED);
            assertThat(e.getMessage()).contains("urn:publicid:IDN+edgefed:test+sliver+raced", "deleted");
        });
    }

    @Test
    void aDeleteOfASliverDeletedMeanwhileSucceeds() throws GeniException {
        Sliver written = store.create(sliver("twice"));
        client.resources(Sliver.class).inNamespace("edgefed").withName("twice").delete();

        store.delete(written);

        assertThat(store.findAny("twice")).isEmpty();
    }
}
