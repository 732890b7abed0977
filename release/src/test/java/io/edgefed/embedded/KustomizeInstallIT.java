package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The install as README.md gives it, with the real kubectl against the embedded API server: one {@code kubectl apply
 * -k} of src/main/kubernetes installs everything, a second changes nothing, and {@code kubectl delete -k} of its
 * edgefed/ folder removes all of it but the CRDs. Also what the optional components render.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KustomizeInstallIT {

    @TempDir
    static Path dir;

    private static SimulatedCluster cluster;
    private static Kubectl kubectl;
    private static RenderedManifests installed;

    @BeforeAll
    static void start() throws Exception {
        cluster = SimulatedCluster.start();
        kubectl = Kubectl.forKubeconfig(cluster.api.writeKubeconfig(dir.resolve("kubeconfig")));
        installed = RenderedManifests.of(RenderedManifests.kubernetes(), cluster.client);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void oneApplyInstallsEverythingTheDefaultRenders() throws Exception {
        String output = kubectl.run("apply", "-k", RenderedManifests.kubernetes().toString());
        assertThat(installed.objects()).hasSizeGreaterThan(20);
        for (HasMetadata object : installed.objects()) {
            assertThat(cluster.client.resource(object).get()).as("%s %s", object.getKind(), object.getMetadata().getName())
                    .isNotNull();
        }
        // The embedded API server installs the CRDs itself at start, so kubectl warns that they lack its annotation;
        // on a new cluster nothing is there before.
        assertThat(output.lines().filter(line -> !line.contains("customresourcedefinitions/")))
                .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).contains("error")
                        || line.toLowerCase(java.util.Locale.ROOT).contains("warning"));
        assertThat(installed.deployment("edgefed-am").getSpec().getTemplate().getSpec().getInitContainers())
                .as("the default makes the AM's TLS Secret when it is missing").hasSize(1);
    }

    @Test
    @Order(2)
    void aSecondApplyChangesNothing() throws Exception {
        List<String> versions = resourceVersions();
        String output = kubectl.run("apply", "-k", RenderedManifests.kubernetes().toString());
        assertThat(output.lines().filter(line -> !line.isBlank()))
                .hasSize(installed.objects().size()).allSatisfy(line -> assertThat(line).endsWith(" unchanged"));
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    @Test
    @Order(3)
    void deletingTheEdgefedFolderRemovesAllButTheCrds() throws Exception {
        kubectl.run("delete", "-k", RenderedManifests.kubernetes().resolve("edgefed").toString(), "--wait=false");
        for (HasMetadata object : installed.objects()) {
            HasMetadata stored = cluster.client.resource(object).get();
            if (object instanceof CustomResourceDefinition) {
                assertThat(stored).as("CRD %s stays", object.getMetadata().getName()).isNotNull();
            } else {
                assertThat(stored).as("%s %s is gone", object.getKind(), object.getMetadata().getName()).isNull();
            }
        }
    }

    @Test
    void theFed4fireComponentAddsTheRootThatTheOperatorPutsThere() throws Exception {
        Path copy = RenderedManifests.copyOfTheInstall(dir.resolve("kubernetes"));
        Path component = copy.resolve("components/fed4fire-trust-roots");
        Path edgefed = copy.resolve("edgefed/kustomization.yaml");
        Files.writeString(edgefed, Files.readString(edgefed)
                .replace("# - ../components/fed4fire-trust-roots", "- ../components/fed4fire-trust-roots")
                .replace("# - ../components/console-ingress", "- ../components/console-ingress"));
        // A stand-in for the real root, which the project must not copy: any PEM certificate does here.
        Files.writeString(component.resolve("fed4fire-root.pem"), "-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n");
        RenderedManifests rendered = RenderedManifests.of(copy, cluster.client);

        ConfigMap roots = rendered.of(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("edgefed-am-trust-roots-")).findFirst().orElseThrow();
        assertThat(roots.getData()).containsOnlyKeys("fed4fire-root.pem");
        Deployment am = rendered.deployment("edgefed-am");
        assertThat(am.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                        .isEqualTo(roots.getMetadata().getName()));
        Ingress ingress = rendered.of(Ingress.class).get(0);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("edgefed-console");

        Files.delete(component.resolve("fed4fire-root.pem"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RenderedManifests.of(copy, cluster.client)))
                .hasMessageContaining("fed4fire-root.pem");
    }

    private static List<String> resourceVersions() {
        return installed.objects().stream().map(o -> cluster.client.resource(o).get().getMetadata().getResourceVersion()).toList();
    }
}
