package io.edgefed.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.edgefed.model.EdgefedKeys;
import io.fabric8.kubernetes.client.ConfigBuilder;

class RecordLabelsTest {

    @Test
    void recordsMadeWithABootstrapTokenCarryItsIdSoTheAdmissionPolicyLetsTheTokenChangeThem() {
        var labels = RecordLabels.forRecords(new ConfigBuilder().withOauthToken("abcdef.0123456789abcdef").build());

        assertThat(labels).containsEntry(EdgefedKeys.BOOTSTRAP_TOKEN_LABEL, "abcdef")
                .containsEntry(EdgefedKeys.MANAGED_BY_LABEL, "edgefed-agent");
    }

    @Test
    void recordsMadeWithANodeCredentialOrAnotherTokenCarryNoTokenLabel() {
        assertThat(RecordLabels.forRecords(new ConfigBuilder().build())).doesNotContainKey(EdgefedKeys.BOOTSTRAP_TOKEN_LABEL);
        assertThat(RecordLabels.forRecords(new ConfigBuilder().withOauthToken("eyJhbGciOiJSUzI1NiJ9.service-account").build()))
                .doesNotContainKey(EdgefedKeys.BOOTSTRAP_TOKEN_LABEL);
    }

    @Test
    void onlyKubeadmShapedTokensAreBootstrapTokens() {
        assertThat(RecordLabels.bootstrapTokenId(" k3x9zz.abcdefghij012345 ")).contains("k3x9zz");
        assertThat(RecordLabels.bootstrapTokenId("ABCDEF.0123456789abcdef")).isEqualTo(Optional.empty());
        assertThat(RecordLabels.bootstrapTokenId("abcdef.0123")).isEqualTo(Optional.empty());
    }
}
