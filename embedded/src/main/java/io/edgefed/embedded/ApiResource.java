package io.edgefed.embedded;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * One kind of object the embedded API server stores, as discovery describes it to kubectl.
 *
 * @param group          the API group ({@code ""} for the core group)
 * @param printerColumns a CRD's {@code additionalPrinterColumns} (JSON), or null for a built-in kind
 */
record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
        List<String> shortNames, List<String> categories, JsonNode printerColumns) {

    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL path of the collection, in a namespace or (null) across all namespaces or cluster-scoped. */
    String path(String namespace) {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespace == null || !namespaced ? prefix + "/" + plural : prefix + "/namespaces/" + namespace + "/" + plural;
    }

    /** What Fabric8's generic client needs to read, watch or delete objects of this kind. */
    ResourceDefinitionContext definitionContext() {
        return ResourceDefinitionContext.fromApiResource(groupVersion(), new APIResourceBuilder().withName(plural)
                .withKind(kind).withNamespaced(namespaced).withGroup(group).withVersion(version).build());
    }

    boolean isCustom() {
        return printerColumns != null;
    }
}
