package io.edgefed.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** What src/main/kubernetes/console.yml installs: a console that can only list and watch, served by every replica. */
class ConsoleManifestTest {

    private static final Path MANIFEST = Path.of("..", "src", "main", "kubernetes", "edgefed", "console.yml");

    @Test
    void theConsoleMayOnlyListAndWatchNodesPeersAndSlivers() throws IOException {
        List<HasMetadata> objects = load();
        List<PolicyRule> rules = objects.stream().flatMap(o -> o instanceof ClusterRole c ? c.getRules().stream()
                : o instanceof Role r ? r.getRules().stream() : java.util.stream.Stream.empty()).toList();
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(rule.getVerbs()).containsOnly("list", "watch"));
        assertThat(rules.stream().flatMap(r -> r.getResources().stream()))
                .containsExactlyInAnyOrder("nodes", "vpnpeers", "slivers");
    }

    @Test
    void everyReplicaServesTheConsole() throws IOException {
        Deployment deployment = load().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(deployment.getSpec().getReplicas()).isGreaterThan(1);
        // Ready means "caches synced", never "is the leader": no Lease, no election.
        String objects = new KubernetesSerialization().asYaml(load());
        assertThat(objects).doesNotContainIgnoringCase("lease").doesNotContainIgnoringCase("leader");
        assertThat(load()).anySatisfy(o -> assertThat(o.getKind()).isEqualTo("Service"));
    }

    private static List<HasMetadata> load() throws IOException {
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            return parsed instanceof KubernetesList list ? list.getItems() : ((List<?>) parsed).stream().map(HasMetadata.class::cast).toList();
        }
    }
}
