package io.edgefed.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The kinds the embedded API server serves: the built-in kinds the testbed and its install use (with their real
 * short names and categories) and every CRD stored in it, read afresh on each call so that a CRD applied later is served too.
 */
final class ApiResources {

    private static final List<ApiResource> BUILT_IN = List.of(
            builtIn("", "namespaces", "Namespace", false, List.of("ns")),
            builtIn("", "nodes", "Node", false, List.of("no")),
            builtIn("", "pods", "Pod", true, List.of("po"), "all"),
            builtIn("", "services", "Service", true, List.of("svc"), "all"),
            builtIn("", "configmaps", "ConfigMap", true, List.of("cm")),
            builtIn("", "secrets", "Secret", true, List.of()),
            builtIn("", "events", "Event", true, List.of("ev")),
            builtIn("", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
            builtIn("", "endpoints", "Endpoints", true, List.of("ep")),
            builtIn("apps", "deployments", "Deployment", true, List.of("deploy"), "all"),
            builtIn("apps", "replicasets", "ReplicaSet", true, List.of("rs"), "all"),
            builtIn("networking.k8s.io", "networkpolicies", "NetworkPolicy", true, List.of("netpol")),
            builtIn("coordination.k8s.io", "leases", "Lease", true, List.of()),
            // What the install (src/main/kubernetes) applies besides: RBAC, the agents' admission policy, an Ingress.
            builtIn("networking.k8s.io", "ingresses", "Ingress", true, List.of("ing")),
            builtIn("rbac.authorization.k8s.io", "roles", "Role", true, List.of()),
            builtIn("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true, List.of()),
            builtIn("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", false, List.of()),
            builtIn("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", false, List.of()),
            builtIn("admissionregistration.k8s.io", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", false,
                    List.of()),
            builtIn("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
                    false, List.of()),
            builtIn("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
                    List.of("crd", "crds")));

    private final KubernetesClient client;
    private final ObjectMapper json = new ObjectMapper();

    ApiResources(KubernetesClient client) {
        this.client = client;
    }

    List<ApiResource> all() {
        List<ApiResource> all = new ArrayList<>(BUILT_IN);
        for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            var names = crd.getSpec().getNames();
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (!Boolean.TRUE.equals(version.getServed())) {
                    continue;
                }
                JsonNode columns = version.getAdditionalPrinterColumns() == null
                        ? json.createArrayNode() : json.valueToTree(version.getAdditionalPrinterColumns());
                all.add(new ApiResource(crd.getSpec().getGroup(), version.getName(), names.getPlural(),
                        names.getSingular() == null ? names.getKind().toLowerCase() : names.getSingular(), names.getKind(),
                        "Namespaced".equals(crd.getSpec().getScope()), listOrEmpty(names.getShortNames()),
                        listOrEmpty(names.getCategories()), columns));
            }
        }
        return all;
    }

    Optional<ApiResource> find(String group, String version, String plural) {
        return all().stream().filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    private static List<String> listOrEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static ApiResource builtIn(String group, String plural, String kind, boolean namespaced, List<String> shortNames,
            String... categories) {
        String version = "v1";
        return new ApiResource(group, version, plural, kind.toLowerCase(), kind, namespaced, shortNames, List.of(categories), null);
    }
}
