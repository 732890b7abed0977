package io.edgefed.operator.sliver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverUser;

/**
 * Checks a Sliver's spec before anything is made for it. The API server checks the CRD schema too, but not every
 * cluster (nor the test server) does, and the schema cannot say "a known CPU architecture" or "one key per line".
 * Each problem is a sentence that says what to change.
 */
public final class SliverValidation {

    /** The architectures Kubernetes nodes report in {@code kubernetes.io/arch} (Go's GOARCH names). */
    static final Set<String> KNOWN_ARCHITECTURES = Set.of(
            "amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le", "loong64");

    /** An image reference: registry host[:port]/path[:tag][@digest], lower-case path as the registries demand. */
    private static final Pattern IMAGE = Pattern.compile(
            "^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
                    + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$");

    /** A node name: a DNS-1123 subdomain. */
    private static final Pattern NODE = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    /** One OpenSSH public key line: type, base64 blob, optional comment; no options, no line breaks. */
    private static final Pattern SSH_KEY = Pattern.compile(
            "^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com)"
                    + " [A-Za-z0-9+/]+={0,3}( [^\\r\\n]*)?$");

    private SliverValidation() {
    }

    /** What is wrong with the spec; empty when a container can be made from it. */
    public static List<String> problems(SliverSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            problems.add("the Sliver has no spec; the AM must write one");
            return problems;
        }
        requireText(spec.getSliceUrn(), "spec.sliceUrn", problems);
        requireText(spec.getSliverUrn(), "spec.sliverUrn", problems);
        requireText(spec.getClientId(), "spec.clientId", problems);
        if (spec.getImage() == null || spec.getImage().isBlank()) {
            problems.add("spec.image is empty; name a container image such as docker.io/library/debian:12");
        } else if (!IMAGE.matcher(spec.getImage()).matches()) {
            problems.add("spec.image '" + spec.getImage() + "' is not a valid image reference; use registry/name:tag");
        }
        if (spec.getNode() != null && !NODE.matcher(spec.getNode()).matches()) {
            problems.add("spec.node '" + spec.getNode() + "' is not a valid node name; use a node's name or omit it");
        }
        if (spec.getArch() != null && !KNOWN_ARCHITECTURES.contains(spec.getArch())) {
            problems.add("spec.arch '" + spec.getArch() + "' is not a CPU architecture Kubernetes knows; use one of "
                    + String.join(", ", KNOWN_ARCHITECTURES.stream().sorted().toList()) + " or omit it");
        }
        checkUsers(spec.getUsers(), problems);
        return problems;
    }

    private static void checkUsers(List<SliverUser> users, List<String> problems) {
        if (users == null || users.isEmpty()) {
            problems.add("spec.users is empty, so nobody could log in; add a user with an SSH key (geni_users)");
            return;
        }
        int keys = 0;
        for (int i = 0; i < users.size(); i++) {
            SliverUser user = users.get(i);
            if (user == null || user.getUrn() == null || user.getUrn().isBlank()) {
                problems.add("spec.users[" + i + "] has no URN; give each user its URN");
                continue;
            }
            List<String> userKeys = user.getKeys() == null ? List.of() : user.getKeys();
            for (int k = 0; k < userKeys.size(); k++) {
                String key = userKeys.get(k);
                if (key == null || !SSH_KEY.matcher(key.strip()).matches()) {
                    problems.add("spec.users[" + i + "].keys[" + k + "] is not one OpenSSH public key line "
                            + "(type, base64 key, optional comment)");
                }
            }
            keys += userKeys.size();
        }
        if (keys == 0) {
            problems.add("no user has an SSH key, so nobody could log in; add a key to spec.users");
        }
    }

    private static void requireText(String value, String field, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is empty; the AM must set it");
        }
    }
}
