package io.edgefed.model.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.admission.AdmissionPolicyEvaluator.Decision;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The CEL of src/main/kubernetes/agent-admission-policy.yml, evaluated for the requests an agent's credential can
 * make: a node writes only its own node's records, a bootstrap token only what it created, a claim never moves.
 */
class AgentAdmissionPolicyTest {

    private static final Path MANIFEST = Path.of("..", "src", "main", "kubernetes", "edgefed", "agent-admission-policy.yml");
    private static final String NODE_A = "system:node:node-a";
    private static final String TOKEN_ABC = "system:bootstrap:abcdef";
    private static final String OPERATOR = "system:serviceaccount:edgefed:edgefed-operator";
    private static final String PEERS = "vpnpeers";
    private static final String CLAIMS = "vpnaddressclaims";

    private static AdmissionPolicyEvaluator policy;

    @BeforeAll
    static void compilePolicy() throws IOException {
        policy = AdmissionPolicyEvaluator.load(MANIFEST);
    }

    @Test
    void nodeCreatesUpdatesAndDeletesItsOwnPeer() {
        assertAllowed(create(NODE_A, PEERS, peer("node-a", null)));
        assertAllowed(update(NODE_A, PEERS, peer("node-a", null), peer("node-a", null)));
        assertAllowed(updateStatus(NODE_A, peer("node-a", null), peer("node-a", null)));
        assertAllowed(delete(NODE_A, PEERS, peer("node-a", null)));
    }

    @Test
    void nodeCannotWriteAnotherNodesPeer() {
        for (Decision decision : List.of(create(NODE_A, PEERS, peer("node-b", null)),
                update(NODE_A, PEERS, peer("node-b", null), peer("node-b", null)),
                delete(NODE_A, PEERS, peer("node-b", null)))) {
            assertDenied(decision, "system:node:node-a may write only its own node's", "not those of node node-b");
        }
    }

    @Test
    void nodeCannotWriteAnotherNodesPeerStatus() {
        assertDenied(updateStatus(NODE_A, peer("node-b", null), peer("node-b", null)),
                "system:node:node-a may write only its own node's", "node-b");
    }

    @Test
    void nodeClaimsAddressesForItselfOnly() {
        assertAllowed(create(NODE_A, CLAIMS, claim("node-a", null)));
        assertDenied(create(NODE_A, CLAIMS, claim("node-b", null)), "system:node:node-a", "node node-b");
        assertDenied(delete(NODE_A, CLAIMS, claim("node-b", null)), "system:node:node-a", "node node-b");
    }

    @Test
    void claimStaysWithItsNodeEvenForTheNodeThatOwnsIt() {
        String stays = "a VpnAddressClaim stays with the node that claimed it";
        assertDenied(update(NODE_A, CLAIMS, claim("node-a", null), claim("node-b", null)), stays);
        assertDenied(update(NODE_A, CLAIMS, claim("node-b", null), claim("node-a", null)), stays);
        assertDenied(update(TOKEN_ABC, CLAIMS, claim("node-a", "abcdef"), claim("node-b", "abcdef")), stays);
        assertAllowed(update(NODE_A, CLAIMS, claim("node-a", null), claim("node-a", null)));
    }

    @Test
    void bootstrapTokenCreatesRecordsLabelledWithItsOwnId() {
        assertAllowed(create(TOKEN_ABC, PEERS, peer("node-new", "abcdef")));
        // The documented limit: any node name nobody has taken yet.
        assertAllowed(create(TOKEN_ABC, CLAIMS, claim("node-new", "abcdef")));
    }

    @Test
    void bootstrapTokenCannotCreateRecordsWithoutItsLabel() {
        assertDenied(create(TOKEN_ABC, PEERS, peer("node-new", null)),
                "system:bootstrap:abcdef may write only records labelled", "labelled with token ''");
        assertDenied(create(TOKEN_ABC, PEERS, peer("node-new", "other1")), "system:bootstrap:abcdef",
                "labelled with token 'other1'");
        assertDenied(create(TOKEN_ABC, CLAIMS, claim("node-new", "other1")), "system:bootstrap:abcdef");
    }

    @Test
    void bootstrapTokenUpdatesAndDeletesWhatItCreated() {
        assertAllowed(update(TOKEN_ABC, PEERS, peer("node-new", "abcdef"), peer("node-new", "abcdef")));
        assertAllowed(updateStatus(TOKEN_ABC, peer("node-new", "abcdef"), peer("node-new", "abcdef")));
        assertAllowed(delete(TOKEN_ABC, PEERS, peer("node-new", "abcdef")));
    }

    @Test
    void bootstrapTokenCannotTouchRecordsOfAnotherTokenOrOfANodeCredential() {
        assertDenied(update(TOKEN_ABC, PEERS, peer("node-b", "other1"), peer("node-b", "other1")),
                "this record belongs to node node-b and is labelled with token 'other1'");
        assertDenied(update(TOKEN_ABC, PEERS, peer("node-b", "other1"), peer("node-b", "abcdef")),
                "labelled with token 'other1'");
        assertDenied(update(TOKEN_ABC, PEERS, peer("node-b", null), peer("node-b", null)),
                "labelled with token ''");
        assertDenied(update(TOKEN_ABC, PEERS, peer("node-b", null), peer("node-b", "abcdef")),
                "labelled with token ''");
        assertDenied(updateStatus(TOKEN_ABC, peer("node-b", null), peer("node-b", "abcdef")),
                "labelled with token ''");
        assertDenied(delete(TOKEN_ABC, PEERS, peer("node-b", "other1")), "labelled with token 'other1'");
    }

    @Test
    void bootstrapTokenCannotChangeTheLabelOnItsOwnRecord() {
        assertDenied(update(TOKEN_ABC, PEERS, peer("node-new", "abcdef"), peer("node-new", "other1")),
                "system:bootstrap:abcdef may write only records labelled");
        assertDenied(update(TOKEN_ABC, PEERS, peer("node-new", "abcdef"), peer("node-new", null)),
                "system:bootstrap:abcdef may write only records labelled");
    }

    @Test
    void nodeTakesOverItsOwnRecordThatABootstrapTokenCreated() {
        assertAllowed(update(NODE_A, PEERS, peer("node-a", "abcdef"), peer("node-a", "abcdef")));
        assertAllowed(update(NODE_A, PEERS, peer("node-a", "abcdef"), peer("node-a", null)));
        assertAllowed(update(NODE_A, CLAIMS, claim("node-a", "abcdef"), claim("node-a", "abcdef")));
    }

    @Test
    void operatorServiceAccountIsNotMatched() {
        Decision decision = update(OPERATOR, PEERS, peer("node-b", "other1"), peer("node-b", null));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.policyApplied()).isFalse();
        assertThat(create(OPERATOR, CLAIMS, claim("node-b", null)).policyApplied()).isFalse();
    }

    @Test
    void requestsOutsideTheEdgefedRecordsAreNotMatched() {
        Map<String, Object> sliver = Map.of("metadata", Map.of("name", "s1"));
        assertThat(policy.evaluate(request("CREATE", NODE_A, "edgefed.io", "slivers", ""), sliver, null)
                .policyApplied()).isFalse();
        assertThat(policy.evaluate(request("CREATE", NODE_A, "other.io", PEERS, ""), peer("node-b", null), null)
                .policyApplied()).isFalse();
        assertThat(policy.evaluate(request("CONNECT", NODE_A, "edgefed.io", PEERS, ""), null, null)
                .policyApplied()).isFalse();
    }

    @Test
    void policyIsBoundToDenyWhatItRejects() throws IOException {
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            List<?> objects = new KubernetesSerialization().unmarshal(in);
            assertThat(objects).filteredOn(ValidatingAdmissionPolicyBinding.class::isInstance).singleElement()
                    .satisfies(o -> {
                        ValidatingAdmissionPolicyBinding binding = (ValidatingAdmissionPolicyBinding) o;
                        assertThat(binding.getSpec().getPolicyName()).isEqualTo("edgefed-agent-own-records");
                        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
                    });
        }
    }

    private static Decision create(String user, String resource, Map<String, Object> object) {
        return policy.evaluate(request("CREATE", user, "edgefed.io", resource, ""), object, null);
    }

    private static Decision update(String user, String resource, Map<String, Object> old, Map<String, Object> object) {
        return policy.evaluate(request("UPDATE", user, "edgefed.io", resource, ""), object, old);
    }

    private static Decision updateStatus(String user, Map<String, Object> old, Map<String, Object> object) {
        return policy.evaluate(request("UPDATE", user, "edgefed.io", PEERS, "status"), object, old);
    }

    private static Decision delete(String user, String resource, Map<String, Object> old) {
        return policy.evaluate(request("DELETE", user, "edgefed.io", resource, ""), null, old);
    }

    private static Map<String, Object> request(String operation, String user, String group, String resource,
            String subResource) {
        return Map.of("operation", operation, "userInfo", Map.of("username", user),
                "resource", Map.of("group", group, "version", "v1alpha1", "resource", resource),
                "subResource", subResource);
    }

    private static Map<String, Object> peer(String node, String tokenLabel) {
        return Map.of("apiVersion", "edgefed.io/v1alpha1", "kind", "VPNPeer", "metadata", metadata(node, tokenLabel),
                "spec", Map.of("publicKey", "key-" + node, "addressV4", "10.183.0.9"));
    }

    private static Map<String, Object> claim(String node, String tokenLabel) {
        return Map.of("apiVersion", "edgefed.io/v1alpha1", "kind", "VpnAddressClaim",
                "metadata", metadata("10-183-0-9", tokenLabel), "spec", Map.of("node", node));
    }

    private static Map<String, Object> metadata(String name, String tokenLabel) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("uid", "uid-" + name);
        if (tokenLabel != null) {
            metadata.put("labels", Map.of(EdgefedKeys.BOOTSTRAP_TOKEN_LABEL, tokenLabel, "app.kubernetes.io/part-of",
                    "edgefed"));
        }
        return metadata;
    }

    private static void assertAllowed(Decision decision) {
        assertThat(decision.policyApplied()).as("the policy applies").isTrue();
        assertThat(decision.allowed()).as("allowed, but denied: %s", decision.message()).isTrue();
    }

    private static void assertDenied(Decision decision, String... messageParts) {
        assertThat(decision.allowed()).as("denied").isFalse();
        assertThat(decision.reason()).isEqualTo("Forbidden");
        assertThat(decision.message()).contains(messageParts);
    }
}
