package io.edgefed.am.support;

import io.edgefed.model.AllocationState;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverLogin;
import io.edgefed.model.SliverStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Nodes for the mock API server, and the operator's part played by the test: writing a Sliver's status. */
public final class ClusterFixture {

    public static final String NAMESPACE = "slivers";

    private ClusterFixture() {
    }

    /** Four nodes: two usable workers (one with a location, one with a bad country), a control-plane node and a cordoned worker. */
    public static void nodes(KubernetesClient client) {
        create(client, node("worker-a", "amd64", true, false).editMetadata()
                .addToLabels("edgefed.io/country", "BE").addToLabels("topology.kubernetes.io/region", "europe-west")
                .addToLabels("topology.kubernetes.io/zone", "gent-1")
                .addToAnnotations("edgefed.io/latitude", "51.0543").addToAnnotations("edgefed.io/longitude", "3.7174")
                .endMetadata().build());
        // A region where a country belongs: not an ISO 3166 code, so no location rather than a wrong one.
        create(client, node("worker-b", "arm64", true, false).editMetadata().addToLabels("edgefed.io/country", "eu-west")
                .endMetadata().build());
        create(client, node("control", "amd64", true, false).editMetadata()
                .addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata().build());
        create(client, node("cordoned", "amd64", true, true).build());
    }

    public static void create(KubernetesClient client, Node node) {
        if (client.nodes().withName(node.getMetadata().getName()).get() == null) {
            client.nodes().resource(node).create();
        }
    }

    private static NodeBuilder node(String name, String arch, boolean ready, boolean cordoned) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/arch", arch).endMetadata()
                .withNewSpec().withUnschedulable(cordoned).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withNewNodeInfo().withArchitecture(arch).endNodeInfo().endStatus();
    }

    /** Writes what the operator would report for a running sliver reachable at {@code host:port}. */
    public static Sliver operatorReports(KubernetesClient client, String name, OperationalState state, String node, String host, int port) {
        Sliver s = client.resources(Sliver.class).inNamespace(NAMESPACE).withName(name).get();
        SliverStatus status = new SliverStatus();
        status.setAllocationState(s.getSpec().isProvisioned() ? AllocationState.PROVISIONED : AllocationState.ALLOCATED);
        status.setOperationalState(state);
        status.setNode(node);
        status.setLogin(new SliverLogin(host, port, "root"));
        status.setObservedGeneration(s.getMetadata().getGeneration());
        s.setStatus(status);
        return client.resources(Sliver.class).inNamespace(NAMESPACE).resource(s).updateStatus();
    }

    /** Writes what the operator reports for a sliver it cannot run, with its message. */
    public static Sliver operatorFails(KubernetesClient client, String name, String message) {
        Sliver s = client.resources(Sliver.class).inNamespace(NAMESPACE).withName(name).get();
        SliverStatus status = new SliverStatus();
        status.setAllocationState(s.getSpec().isProvisioned() ? AllocationState.PROVISIONED : AllocationState.ALLOCATED);
        status.setOperationalState(OperationalState.FAILED);
        status.setMessage(message);
        status.setObservedGeneration(s.getMetadata().getGeneration());
        s.setStatus(status);
        return client.resources(Sliver.class).inNamespace(NAMESPACE).resource(s).updateStatus();
    }
}
