package io.edgefed.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The discovery documents kubectl reads before anything else to map {@code slivers}, {@code slv} or {@code nodes}
 * to a URL: {@code /api}, {@code /apis}, {@code /apis/<group>} and each group-version's resource list.
 */
final class ApiDiscovery {

    private final ApiResources resources;
    private final ObjectMapper json = new ObjectMapper();

    ApiDiscovery(ApiResources resources) {
        this.resources = resources;
    }

    /** The document for a discovery path, or empty when the path is not one. */
    Optional<String> document(String path, String serverAddress) {
        String bare = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        List<ApiResource> all = resources.all();
        if (bare.equals("/api")) {
            ObjectNode versions = json.createObjectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                    .put("serverAddress", serverAddress);
            return Optional.of(versions.toString());
        }
        if (bare.equals("/apis")) {
            ObjectNode list = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            groupsOf(all).forEach((group, versions) -> groups.add(group(group, versions)));
            return Optional.of(list.toString());
        }
        if (bare.equals("/api/v1")) {
            return Optional.of(resourceList("v1", all.stream().filter(r -> r.group().isEmpty()).toList()));
        }
        String[] parts = bare.split("/");
        if (parts.length == 3 && parts[1].equals("apis")) {
            List<String> versions = groupsOf(all).get(parts[2]);
            return versions == null ? Optional.empty() : Optional.of(group(parts[2], versions).put("apiVersion", "v1").toString());
        }
        if (parts.length == 4 && parts[1].equals("apis")) {
            List<ApiResource> inVersion = all.stream()
                    .filter(r -> r.group().equals(parts[2]) && r.version().equals(parts[3])).toList();
            return inVersion.isEmpty() ? Optional.empty() : Optional.of(resourceList(parts[2] + "/" + parts[3], inVersion));
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> groupsOf(List<ApiResource> all) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ApiResource resource : all) {
            if (!resource.group().isEmpty()) {
                List<String> versions = groups.computeIfAbsent(resource.group(), g -> new java.util.ArrayList<>());
                if (!versions.contains(resource.version())) {
                    versions.add(resource.version());
                }
            }
        }
        return groups;
    }

    private ObjectNode group(String name, List<String> versions) {
        ObjectNode group = json.createObjectNode().put("kind", "APIGroup").put("name", name);
        ArrayNode list = group.putArray("versions");
        for (String version : versions) {
            list.addObject().put("groupVersion", name + "/" + version).put("version", version);
        }
        group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
        return group;
    }

    private String resourceList(String groupVersion, List<ApiResource> inVersion) {
        ObjectNode list = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode items = list.putArray("resources");
        for (ApiResource resource : inVersion) {
            ObjectNode item = items.addObject().put("name", resource.plural()).put("singularName", resource.singular())
                    .put("namespaced", resource.namespaced()).put("kind", resource.kind());
            ApiResource.VERBS.forEach(item.putArray("verbs")::add);
            if (!resource.shortNames().isEmpty()) {
                resource.shortNames().forEach(item.putArray("shortNames")::add);
            }
            if (!resource.categories().isEmpty()) {
                resource.categories().forEach(item.putArray("categories")::add);
            }
        }
        return list.toString();
    }
}
