package io.edgefed.embedded;

import java.util.List;

import io.edgefed.model.NodeLocation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The nodes of the embedded testbed, each where a real one could stand (labels and annotations as
 * {@link NodeLocation} reads them): a public amd64 node in Paris, two home nodes behind NAT (no external address,
 * reachable only through the VPN) in Ghent and Berlin, and a control-plane node in Amsterdam that the AM must not
 * advertise.
 */
final class ExampleNodes {

    static final String PUBLIC_NODE = "edge-amd64-1";
    static final String HOME_NODE = "home-arm64-1";
    static final String HOME_AMD64_NODE = "home-amd64-1";
    static final String CONTROL_PLANE = "control-plane";
    /** The nodes the AM advertises: every one but the control plane. */
    static final List<String> ADVERTISED = List.of(PUBLIC_NODE, HOME_NODE, HOME_AMD64_NODE);

    private record Place(String country, String region, String latitude, String longitude) {
    }

    private ExampleNodes() {
    }

    static List<Node> create(KubernetesClient client, String externalAddress) {
        List<Node> nodes = List.of(
                node(PUBLIC_NODE, "amd64", externalAddress, "10.183.0.1", new Place("FR", "europe-west", "48.8566", "2.3522")),
                node(HOME_NODE, "arm64", null, "10.183.0.2", new Place("BE", "europe-west", "51.0543", "3.7174")),
                node(HOME_AMD64_NODE, "amd64", null, "10.183.0.3", new Place("DE", "europe-central", "52.5200", "13.4050")),
                controlPlane());
        nodes.forEach(node -> client.nodes().resource(node).create());
        return nodes;
    }

    private static Node node(String name, String arch, String externalIp, String internalIp, Place place) {
        NodeBuilder builder = new NodeBuilder()
                .withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("kubernetes.io/arch", arch)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels(NodeLocation.COUNTRY_KEY, place.country())
                .addToLabels(NodeLocation.REGION_LABEL, place.region())
                // Annotations, because a label value may not start with '-' (west or south of 0).
                .addToAnnotations(NodeLocation.LATITUDE_KEY, place.latitude())
                .addToAnnotations(NodeLocation.LONGITUDE_KEY, place.longitude())
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition()
                .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .addToAllocatable("cpu", new Quantity("4"))
                .addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("pods", new Quantity("110"))
                .addToCapacity("cpu", new Quantity("4"))
                .addToCapacity("memory", new Quantity("8Gi"))
                .addToCapacity("pods", new Quantity("110"))
                .withNewNodeInfo().withArchitecture(arch).withOperatingSystem("linux").withKubeletVersion("v1.32.0+k3s1")
                .withOsImage("Debian GNU/Linux 12 (bookworm)").withKernelVersion("6.1.0-embedded")
                .withContainerRuntimeVersion("simulated://edgefed-embedded").endNodeInfo()
                .endStatus();
        if (externalIp != null) {
            builder.editStatus().addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress().endStatus();
        }
        return builder.build();
    }

    private static Node controlPlane() {
        Node node = node(CONTROL_PLANE, "amd64", null, "10.183.0.254", new Place("NL", "europe-west", "52.3676", "4.9041"));
        node.getMetadata().getLabels().put("node-role.kubernetes.io/control-plane", "");
        node.getSpec().setTaints(List.of(new TaintBuilder()
                .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()));
        return node;
    }
}
