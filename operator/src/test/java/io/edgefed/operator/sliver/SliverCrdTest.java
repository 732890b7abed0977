package io.edgefed.operator.sliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Sliver CRD that operators install with {@code kubectl apply} gives {@code kubectl get slv} its columns and the
 * operator its status subresource.
 */
class SliverCrdTest {

    private static final Path PUBLISHED = Path.of("..", "src", "main", "kubernetes", "crds", "crd-slivers.edgefed.io.yml");

    @Test
    void publishedCrdHasShortNamePrinterColumnsAndStatusSubresource() throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(PUBLISHED)) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }

        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("slv");
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("Slice", ".spec.sliceUrn"),
                        org.assertj.core.groups.Tuple.tuple("Node", ".status.node"),
                        org.assertj.core.groups.Tuple.tuple("Image", ".spec.image"),
                        org.assertj.core.groups.Tuple.tuple("State", ".status.operationalState"),
                        org.assertj.core.groups.Tuple.tuple("Expires", ".metadata.annotations.edgefed\\.io/expires"),
                        org.assertj.core.groups.Tuple.tuple("Age", ".metadata.creationTimestamp"));
    }
}
