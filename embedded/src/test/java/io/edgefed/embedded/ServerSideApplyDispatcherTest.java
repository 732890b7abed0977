package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Server-side apply as the embedded API server answers it, compared with what a real API server does. */
class ServerSideApplyDispatcherTest {

    private EmbeddedApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        api = EmbeddedApiServer.start(InetAddress.getLoopbackAddress(), 0);
        client = api.client();
    }

    @AfterEach
    void stop() throws InterruptedException {
        api.close();
    }

    @Test
    void applyCreatesThenMergesKeepingFieldsItDoesNotName() {
        client.configMaps().resource(keys("first", "a", null)).serverSideApply();
        client.configMaps().inNamespace("default").withName("first").edit(cm -> new ConfigMapBuilder(cm).addToData("kept", "yes").build());

        ConfigMap applied = client.configMaps().resource(keys("first", "b", null)).serverSideApply();

        assertThat(applied.getData()).containsEntry("key", "b").containsEntry("kept", "yes");
    }

    @Test
    void anApplyNamingAnOutdatedResourceVersionIsRefusedWithConflictAndChangesNothing() {
        ConfigMap created = client.configMaps().resource(keys("guarded", "a", null)).serverSideApply();
        client.configMaps().inNamespace("default").withName("guarded").edit(cm -> new ConfigMapBuilder(cm).addToData("key", "b").build());

        assertThatThrownBy(() -> client.configMaps().resource(keys("guarded", "c", created.getMetadata().getResourceVersion()))
                .serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.configMaps().inNamespace("default").withName("guarded").get().getData()).containsEntry("key", "b");
    }

    @Test
    void anApplyNamingTheCurrentResourceVersionIsWritten() {
        ConfigMap created = client.configMaps().resource(keys("current", "a", null)).serverSideApply();

        ConfigMap applied = client.configMaps().resource(keys("current", "b", created.getMetadata().getResourceVersion()))
                .serverSideApply();

        assertThat(applied.getData()).containsEntry("key", "b");
        assertThat(applied.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());
    }

    private static ConfigMap keys(String name, String value, String resourceVersion) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").withResourceVersion(resourceVersion)
                .endMetadata().addToData("key", value).build();
    }
}
