package io.edgefed.embedded;

import java.util.Optional;

/** A request path that names a kind of object: {@code /apis/<g>/<v>/[namespaces/<ns>/]<plural>[/<name>[/<sub>]]}. */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource,
        ApiResource resource) {

    static Optional<ResourcePath> parse(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int at;
        String group;
        String version;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
            at = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
            at = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (parts[at].equals("namespaces") && parts.length >= at + 3) {
            namespace = parts[at + 1];
            at += 2;
        }
        String plural = parts[at];
        String name = parts.length > at + 1 ? parts[at + 1] : null;
        String sub = parts.length > at + 2 ? parts[at + 2] : null;
        return Optional.of(new ResourcePath(group, version, namespace, plural, name, sub, null));
    }

    Optional<ResourcePath> resolve(ApiResources resources) {
        return resources.find(group, version, plural)
                .map(r -> new ResourcePath(group, version, namespace, plural, name, subresource, r));
    }
}
