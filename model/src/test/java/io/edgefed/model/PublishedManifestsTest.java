package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What src/main/kubernetes/ installs holds together and runs unprivileged: its manifests, without the kustomization
 * (the release module's tests apply the rendered kustomization with kubectl).
 */
class PublishedManifestsTest {

    private static final Path MANIFESTS = Path.of("..", "src", "main", "kubernetes", "edgefed");
    private static final List<HasMetadata> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object parsed = serialization.unmarshal(in);
                    if (parsed instanceof KubernetesList list) {
                        OBJECTS.addAll(list.getItems());
                    } else if (parsed instanceof List<?> list) {
                        list.forEach(item -> OBJECTS.add((HasMetadata) item));
                    } else {
                        OBJECTS.add((HasMetadata) parsed);
                    }
                }
            }
        }
    }

    @Test
    void everyObjectIsOfAKindKubernetesKnows() {
        assertThat(OBJECTS).isNotEmpty();
        assertThat(OBJECTS).noneMatch(o -> o instanceof GenericKubernetesResource && !isAdmissionPolicy(o));
    }

    @Test
    void namespacedObjectsLiveInANamespaceTheManifestsCreate() {
        List<String> namespaces = of(Namespace.class).stream().map(n -> n.getMetadata().getName()).toList();
        assertThat(OBJECTS).filteredOn(o -> o.getMetadata().getNamespace() != null)
                .allSatisfy(o -> assertThat(namespaces).contains(o.getMetadata().getNamespace()));
    }

    @Test
    void everyDeploymentRunsUnprivilegedWithHealthProbesAndItsOwnServiceAccount() {
        List<String> accounts = of(ServiceAccount.class).stream().map(a -> a.getMetadata().getName()).toList();
        assertThat(of(Deployment.class)).isNotEmpty().allSatisfy(deployment -> {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(accounts).contains(pod.getServiceAccountName());
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
                assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                assertThat(container.getResources().getLimits()).containsKey("memory");
            }
        });
    }

    @Test
    void operatorRunsTwoReplicasForAvailability() {
        assertThat(of(Deployment.class)).filteredOn(d -> d.getMetadata().getName().equals("edgefed-operator"))
                .singleElement().satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void bindingsReferToRolesAndServiceAccountsThatExist() {
        List<String> roles = OBJECTS.stream().filter(o -> o.getKind().endsWith("Role"))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        List<String> accounts = of(ServiceAccount.class).stream()
                .map(a -> a.getMetadata().getNamespace() + "/" + a.getMetadata().getName()).toList();
        List<RoleRef> refs = new ArrayList<>();
        List<Subject> subjects = new ArrayList<>();
        of(ClusterRoleBinding.class).forEach(b -> { refs.add(b.getRoleRef()); subjects.addAll(b.getSubjects()); });
        of(RoleBinding.class).forEach(b -> { refs.add(b.getRoleRef()); subjects.addAll(b.getSubjects()); });

        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(roles).contains(ref.getKind() + "/" + ref.getName()));
        assertThat(subjects).filteredOn(s -> s.getKind().equals("ServiceAccount"))
                .allSatisfy(s -> assertThat(accounts).contains(s.getNamespace() + "/" + s.getName()));
    }

    @Test
    void noRoleGrantsWildcardsOrSecrets() {
        assertThat(OBJECTS).filteredOn(o -> o.getKind().endsWith("Role")).allSatisfy(role -> {
            String yaml = new KubernetesSerialization().asYaml(role);
            assertThat(yaml).doesNotContain("\"*\"").doesNotContain("- \"secrets\"");
        });
    }

    private static boolean isAdmissionPolicy(HasMetadata object) {
        return object.getApiVersion().startsWith("admissionregistration.k8s.io/");
    }

    private static <T extends HasMetadata> List<T> of(Class<T> type) {
        return OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
