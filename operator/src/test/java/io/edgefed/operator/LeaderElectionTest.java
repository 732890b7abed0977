package io.edgefed.operator;

import static io.edgefed.operator.sliver.Fixtures.node;
import static io.edgefed.operator.sliver.Fixtures.sliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * With leader election on (as in production), the operator takes the Lease before it reconciles, so a second replica
 * would wait for it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = LeaderElectionTest.LeaseAccess.class)
@TestProfile(LeaderElectionTest.ElectionOn.class)
class LeaderElectionTest {

    public static class ElectionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.operator-sdk.activate-leader-election-for-profiles", "test",
                    "edgefed.operator.leader-election.lease-namespace", "default",
                    // Leaving the lease at shutdown would otherwise end the test JVM.
                    "edgefed.operator.leader-election.exit-on-stop-leading", "false");
        }
    }

    /**
     * The operator SDK asks the API server (SelfSubjectRulesReview) whether it may use Leases before it campaigns; the
     * mock server does not implement that review, so it answers as an API server that grants the Role would.
     */
    public static class LeaseAccess implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder()
                    .withNewMetadata().endMetadata()
                    .withNewSpec().withNamespace("default").endSpec()
                    .withNewStatus().withIncomplete(false)
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                            .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                    .endStatus()
                    .build();
            server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(201, review).always();
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void operatorHoldsTheLeaseAndReconciles() {
        Lease lease = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.leases().inNamespace("default").withName("edgefed-operator-leader").get(),
                l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();

        client.resource(node("edge-1", "amd64", "198.51.100.7")).create();
        Sliver sliver = client.resource(sliver("leader", "node-a")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments().inNamespace("default")
                .withName(sliver.getMetadata().getName()).get() != null);
    }
}
