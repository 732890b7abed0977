package io.edgefed.am.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The operator's messages, as they reach an omni or jFed user in geni_error. */
class GeniErrorTextTest {

    @Test
    void kubernetesFieldPathsBecomeTheGeniWordsForThem() {
        assertThat(GeniErrorText.of("spec.users[0].keys[1] is not one OpenSSH public key line (ssh-ed25519 AAAA... comment)"))
                .startsWith("geni_users is not one OpenSSH").doesNotContain("spec.");
        assertThat(GeniErrorText.of("spec.arch 'sparc' is not a CPU architecture Kubernetes knows; use one of amd64, arm64"))
                .contains("hardware_type").doesNotContain("spec.");
        assertThat(GeniErrorText.of("spec.sliceUrn is empty; the AM must set it"))
                .doesNotContain("spec.", "sliceUrn", "must set it").contains("aggregate manager");
        assertThat(GeniErrorText.of("the Sliver has no spec; the AM must write one")).doesNotContain("Sliver has", "must write");
    }

    @Test
    void theMissingKeyTellsWhatToDoWithOmniAndJfed() {
        assertThat(GeniErrorText.of("no user has an SSH key, so nobody could log in; add a key to spec.users"))
                .contains("geni_users", "omni", "jFed").doesNotContain("spec.");
    }

    @Test
    void aMessageWithoutKubernetesWordsStaysAsItIs() {
        assertThat(GeniErrorText.of("image docker.io/x:1 cannot be pulled: not found")).isEqualTo("image docker.io/x:1 cannot be pulled: not found");
    }
}
