package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The CRDs that operators install with kubectl, as the build publishes them under src/main/kubernetes. */
class PublishedCrdTest {

    private static final Path PUBLISHED = Path.of("..", "src", "main", "kubernetes", "crds");

    @Test
    void sliverCrdShowsSliceNodeImageStateExpiresAgeInThatOrder() throws Exception {
        CustomResourceDefinitionVersion version = onlyVersion(load("crd-slivers.edgefed.io.yml"));

        List<String> columns = version.getAdditionalPrinterColumns().stream()
                .map(CustomResourceColumnDefinition::getName).toList();

        assertThat(columns).containsExactly("Slice", "Node", "Image", "State", "Expires", "Age");
        assertThat(version.getAdditionalPrinterColumns()).filteredOn(c -> c.getName().equals("Expires"))
                .extracting(CustomResourceColumnDefinition::getJsonPath)
                .containsExactly(".metadata.annotations.edgefed\\.io/expires");
    }

    @Test
    void sliverCrdHasShortNameStatusSubresourceAndIsNamespaced() throws Exception {
        CustomResourceDefinition crd = load("crd-slivers.edgefed.io.yml");

        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("slv");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(onlyVersion(crd).getSubresources().getStatus()).isNotNull();
        assertThat(onlyVersion(crd).getName()).isEqualTo(EdgefedKeys.VERSION);
    }

    @Test
    void meshResourcesAreClusterScopedWithStatus() throws Exception {
        CustomResourceDefinition peers = load("crd-vpnpeers.edgefed.io.yml");
        CustomResourceDefinition claims = load("crd-vpnaddressclaims.edgefed.io.yml");

        assertThat(peers.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(peers.getSpec().getNames().getKind()).isEqualTo("VPNPeer");
        assertThat(onlyVersion(peers).getSubresources().getStatus()).isNotNull();
        assertThat(claims.getSpec().getScope()).isEqualTo("Cluster");
    }

    @Test
    void sliverSpecSchemaRequiresWhatTheOperatorNeeds() throws Exception {
        var spec = onlyVersion(load("crd-slivers.edgefed.io.yml")).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec");

        assertThat(spec.getRequired()).contains("sliceUrn", "sliverUrn", "clientId", "image");
    }

    private static CustomResourceDefinition load(String file) throws Exception {
        try (InputStream in = Files.newInputStream(PUBLISHED.resolve(file))) {
            return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        }
    }

    private static CustomResourceDefinitionVersion onlyVersion(CustomResourceDefinition crd) {
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        return crd.getSpec().getVersions().get(0);
    }
}
