package io.edgefed.agent.record;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgefed.model.EdgefedKeys;
import io.fabric8.kubernetes.client.Config;

/**
 * The labels on every record the agent makes (its VPNPeer and its address claims). Before the node has joined, the
 * agent speaks with the bootstrap token of its install; the cluster's admission policy lets a bootstrap token change
 * only records labelled with that token's id ({@code src/main/kubernetes/edgefed/agent-admission-policy.yml}), so the label
 * is added when the credential is one.
 */
final class RecordLabels {

    /** kubeadm's bootstrap token format: {@code <id>.<secret>}, six and sixteen of {@code [a-z0-9]}. */
    private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("^([a-z0-9]{6})\\.[a-z0-9]{16}$");

    private RecordLabels() {
    }

    /** The labels for a record, given the client's configuration. */
    static Map<String, String> forRecords(Config config) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EdgefedKeys.MANAGED_BY_LABEL, "edgefed-agent");
        bootstrapTokenId(config.getOauthToken()).ifPresent(id -> labels.put(EdgefedKeys.BOOTSTRAP_TOKEN_LABEL, id));
        return labels;
    }

    static java.util.Optional<String> bootstrapTokenId(String token) {
        if (token == null) {
            return java.util.Optional.empty();
        }
        Matcher m = BOOTSTRAP_TOKEN.matcher(token.trim());
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
