package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.edgefed.containers.ContainerEngine;

/** What the banner says about logins when no container runs, and how the engine is chosen. */
class SliverContainersTest {

    @Test
    void withoutAnEngineTheBannerSaysNothingAnswersSshAndWhatToInstall() {
        String paragraph = SliverContainers.none().loginParagraph(Path.of("local/authority/alice_ed25519"), "alice");
        assertThat(paragraph).contains("No container runs here (-Dedgefed.local.containers=none)",
                "nothing answers ssh", "apt-get install", "podman", "ssh -i local/authority/alice_ed25519 -p P U@H");
    }

    @Test
    void theChoiceDefaultsToAutoAndRefusesUnknownValues() {
        assertThat(SliverContainers.choice(new Properties())).isEqualTo(ContainerEngine.Choice.AUTO);
        Properties kata = new Properties();
        kata.setProperty(SliverContainers.SETTING, "kata");
        assertThatThrownBy(() -> SliverContainers.choice(kata)).hasMessageContaining("auto, podman, docker or none");
    }

    @Test
    void theSliverImageIsTheAmsDefault() throws Exception {
        String am = java.nio.file.Files.readString(Path.of("..", "am", "src", "main", "resources", "application.properties"));
        assertThat(am).contains("=" + SliverContainers.SLIVER_IMAGE);
    }
}
