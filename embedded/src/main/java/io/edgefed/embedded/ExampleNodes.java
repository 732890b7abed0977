package io.edgefed.embedded;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * The nodes of the embedded testbed: a public amd64 node, an arm64 node behind NAT (no external address, as a
 * Raspberry Pi at home) and a control-plane node that the AM must not advertise.
 */
final class ExampleNodes {

    static final String PUBLIC_NODE = "edge-amd64-1";
    static final String HOME_NODE = "home-arm64-1";
    static final String CONTROL_PLANE = "control-plane";

    private ExampleNodes() {
    }

    static List<Node> create(KubernetesClient client, String externalAddress) {
        List<Node> nodes = List.of(
                node(PUBLIC_NODE, "amd64", externalAddress, "10.183.0.1", Map.of(
                        "topology.kubernetes.io/region", "eu-west", "topology.kubernetes.io/zone", "paris")),
                node(HOME_NODE, "arm64", null, "10.183.0.2", Map.of("topology.kubernetes.io/region", "eu-west")),
                controlPlane());
        nodes.forEach(node -> client.nodes().resource(node).create());
        return nodes;
    }

    private static Node node(String name, String arch, String externalIp, String internalIp, Map<String, String> topology) {
        NodeBuilder builder = new NodeBuilder()
                .withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("kubernetes.io/arch", arch)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels(topology)
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .addToAllocatable("cpu", new Quantity("4"))
                .addToAllocatable("memory", new Quantity("8Gi"))
                .withNewNodeInfo().withArchitecture(arch).withOperatingSystem("linux").endNodeInfo()
                .endStatus();
        if (externalIp != null) {
            builder.editStatus().addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress().endStatus();
        }
        return builder.build();
    }

    private static Node controlPlane() {
        Node node = node(CONTROL_PLANE, "amd64", null, "10.183.0.254", Map.of());
        node.getMetadata().getLabels().put("node-role.kubernetes.io/control-plane", "");
        node.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.TaintBuilder()
                .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()));
        return node;
    }
}
