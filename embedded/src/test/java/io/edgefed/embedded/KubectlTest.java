package io.edgefed.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The real kubectl against the embedded API server: discovery finds slivers, vpnpeers and the built-in kinds by
 * name and short name, tables carry the CRDs' printer columns and the built-in columns a cluster prints, and
 * describe, -o yaml, -o wide and -w work.
 */
class KubectlTest {

    private static final String NS = EmbeddedSettings.NAMESPACE;
    private static SimulatedCluster cluster;
    private static EmbeddedApiServer api;
    private static KubernetesClient client;
    private static Kubectl kubectl;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimulatedCluster.start();
        api = cluster.api;
        client = cluster.client;
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(NS)
                .endMetadata().build()).create();
        Path dir = Files.createTempDirectory("kubectl-test");
        kubectl = Kubectl.forKubeconfig(api.writeKubeconfig(dir.resolve("kubeconfig")));
        bookedSliver("demo-node0", ExampleNodes.PUBLIC_NODE);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What the AM and the operator leave for a ready sliver: the Sliver, its Deployment and its SSH Service. */
    private static void bookedSliver(String name, String node) {
        Sliver sliver = new Sliver();
        sliver.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
                .addToAnnotations("edgefed.io/expires", "2026-12-31T12:00:00Z").build());
        SliverSpec spec = new SliverSpec();
        spec.setSliceUrn("urn:publicid:IDN+edgefed:local+slice+demo");
        spec.setImage("ghcr.io/edgefed/ubuntu-ssh:24.04");
        spec.setProvisioned(true);
        sliver.setSpec(spec);
        Sliver stored = client.resources(Sliver.class).resource(sliver).create();
        SliverStatus status = new SliverStatus();
        status.setNode(node);
        status.setOperationalState(OperationalState.READY);
        stored.setStatus(status);
        client.resources(Sliver.class).resource(stored).updateStatus();
        var owner = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("edgefed.io/v1alpha1")
                .withKind("Sliver").withName(name).withUid(stored.getMetadata().getUid()).withController(true).build();
        client.apps().deployments().resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withOwnerReferences(owner).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("edgefed.io/sliver", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("edgefed.io/sliver", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("sliver").withImage(spec.getImage()).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.services().resource(new ServiceBuilder().withNewMetadata().withName(name + "-ssh").withNamespace(NS)
                .withOwnerReferences(owner).endMetadata().withNewSpec().withType("NodePort")
                .withSelector(Map.of("edgefed.io/sliver", name)).addNewPort().withPort(22).withProtocol("TCP").endPort()
                .endSpec().build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.pods().inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    void getSliversAcrossNamespacesPrintsTheCrdColumnsWithNamespaceFirst() throws Exception {
        List<List<String>> rows = Kubectl.rows(kubectl.run("get", "slivers", "-A"));
        assertThat(rows.get(0)).containsExactly("NAMESPACE", "NAME", "SLICE", "NODE", "IMAGE", "STATE", "EXPIRES", "AGE");
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.subList(0, 7)).containsExactly(NS, "demo-node0", "urn:publicid:IDN+edgefed:local+slice+demo",
                    ExampleNodes.PUBLIC_NODE, "ghcr.io/edgefed/ubuntu-ssh:24.04", "geni_ready", "2026-12-31T12:00:00Z");
            assertThat(row.get(7)).matches("\\d+s|\\d+m(\\d+s)?");
        });

        List<List<String>> byShortName = Kubectl.rows(kubectl.run("get", "slv", "-n", NS));
        assertThat(byShortName.get(0)).containsExactly("NAME", "SLICE", "NODE", "IMAGE", "STATE", "EXPIRES", "AGE");
        assertThat(kubectl.run("get", "sliver", "demo-node0", "-n", NS, "-o", "wide")).contains("geni_ready");
    }

    @Test
    void yamlAndJsonPathShowTheStoredObject() throws Exception {
        assertThat(kubectl.run("get", "slv", "demo-node0", "-n", NS, "-o", "yaml"))
                .contains("kind: Sliver", "apiVersion: edgefed.io/v1alpha1", "operationalState: geni_ready");
        assertThat(kubectl.run("get", "slivers", "demo-node0", "-n", NS, "-o", "jsonpath={.status.node}"))
                .isEqualTo(ExampleNodes.PUBLIC_NODE);
    }

    @Test
    void nodesPrintStatusRolesAndInWideTheirAddresses() throws Exception {
        List<List<String>> rows = Kubectl.rows(kubectl.run("get", "nodes"));
        assertThat(rows.get(0)).containsExactly("NAME", "STATUS", "ROLES", "AGE", "VERSION");
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(0)).containsExactly(
                ExampleNodes.CONTROL_PLANE, ExampleNodes.PUBLIC_NODE, ExampleNodes.HOME_AMD64_NODE, ExampleNodes.HOME_NODE);
        assertThat(rows).anySatisfy(row -> assertThat(row.subList(0, 3))
                .containsExactly(ExampleNodes.CONTROL_PLANE, "Ready", "control-plane"));
        List<List<String>> wide = Kubectl.rows(kubectl.run("get", "no", "-o", "wide"));
        assertThat(wide.get(0)).startsWith("NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP");
        assertThat(wide).anySatisfy(row -> assertThat(row).startsWith(ExampleNodes.PUBLIC_NODE, "Ready", "<none>")
                .contains("10.183.0.1", "127.0.0.1"));
        assertThat(wide).anySatisfy(row -> assertThat(row).startsWith(ExampleNodes.HOME_NODE).contains("10.183.0.2", "<none>"));
        assertThat(kubectl.run("get", "node", ExampleNodes.HOME_AMD64_NODE, "--show-labels"))
                .contains("edgefed.io/country=DE", "topology.kubernetes.io/region=");
        // cordon sends a strategic merge patch
        kubectl.run("cordon", ExampleNodes.HOME_AMD64_NODE);
        try {
            assertThat(kubectl.run("get", "node", ExampleNodes.HOME_AMD64_NODE)).contains("Ready,SchedulingDisabled");
        } finally {
            kubectl.run("uncordon", ExampleNodes.HOME_AMD64_NODE);
        }
        assertThat(kubectl.run("get", "node", ExampleNodes.HOME_AMD64_NODE)).doesNotContain("SchedulingDisabled");
    }

    @Test
    void podsDeploymentsServicesAndEventsPrintTheBuiltInColumns() throws Exception {
        List<List<String>> pods = Kubectl.rows(kubectl.run("get", "pods", "-A", "-o", "wide"));
        assertThat(pods.get(0)).containsExactly("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                "NOMINATED NODE", "READINESS GATES");
        assertThat(pods).anySatisfy(row -> {
            assertThat(row.get(1)).matches("demo-node0-[0-9a-f]{10}-[a-z0-9]{5}");
            assertThat(row).containsSequence("1/1", "Running", "0").contains(ExampleNodes.PUBLIC_NODE);
        });
        assertThat(Kubectl.rows(kubectl.run("get", "deploy", "-n", NS))).anySatisfy(row ->
                assertThat(row.subList(0, 4)).containsExactly("demo-node0", "1/1", "1", "1"));
        List<List<String>> services = Kubectl.rows(kubectl.run("get", "svc", "-n", NS));
        assertThat(services.get(0)).containsExactly("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Kubectl.rows(kubectl.run("get", "svc", "-n", NS)))
                .anySatisfy(row -> assertThat(row.get(4)).matches("22:3\\d{4}/TCP")));
        List<List<String>> events = Kubectl.rows(kubectl.run("get", "events", "-n", NS));
        assertThat(events.get(0)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(events).anySatisfy(row -> assertThat(row).contains("Normal", "Scheduled"));
    }

    @Test
    void describeShowsTheSliverAndAPodWithItsEvents() throws Exception {
        assertThat(kubectl.run("describe", "sliver", "demo-node0", "-n", NS))
                .contains("Name:         demo-node0", "Kind:         Sliver", "Operational State:  geni_ready");
        String pod = client.pods().inNamespace(NS).list().getItems().get(0).getMetadata().getName();
        assertThat(kubectl.run("describe", "pod", pod, "-n", NS))
                .contains("Node:", ExampleNodes.PUBLIC_NODE, "Controlled By:  Deployment/demo-node0")
                .containsPattern("Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned " + NS + "/" + pod);
    }

    @Test
    void vpnPeersAreFoundByNameAndShortNameWithTheirColumns() throws Exception {
        client.genericKubernetesResources("edgefed.io/v1alpha1", "VPNPeer").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("edgefed.io/v1alpha1").withKind("VPNPeer")
                .withNewMetadata().withName(ExampleNodes.HOME_AMD64_NODE).endMetadata()
                .addToAdditionalProperties("spec", Map.of("publicKey", "k", "addressV4", "10.183.0.3", "behindNat", true))
                .build()).create();
        List<List<String>> rows = Kubectl.rows(kubectl.run("get", "vpnpeers"));
        assertThat(rows.get(0)).containsExactly("NAME", "IPV4", "IPV6", "ENDPOINT", "OBSERVED", "NAT", "RELAY", "ACTIVE",
                "DIRECT", "RELAYED", "DOWN", "LAST-SEEN");
        // Empty cells vanish when a row is split at blanks: the record has no IPv6, endpoint, relay flag or status.
        assertThat(rows.get(1)).containsExactly(ExampleNodes.HOME_AMD64_NODE, "10.183.0.3", "true");
        assertThat(kubectl.run("get", "vpnp")).contains(ExampleNodes.HOME_AMD64_NODE);
        assertThat(kubectl.run("api-resources")).containsPattern("slivers\\s+slv\\s+edgefed.io/v1alpha1\\s+true\\s+Sliver");
    }

    @Test
    void theFrontDoorRefusesWhatItCannotReadWithAStatus() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String configMaps = api.url() + "/api/v1/namespaces/" + NS + "/configmaps";
        // Declares 4 MiB and sends none of it: the answer comes from the declared length alone.
        java.net.URI uri = java.net.URI.create(configMaps);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + 4 * 1024 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 413");
            int length = Integer.parseInt(head.toString().replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
            assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).contains("\"kind\":\"Status\"", "larger than");
        }
        var protobuf = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(configMaps))
                .header("Content-Type", "application/vnd.kubernetes.protobuf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("k8s\0")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(protobuf.statusCode()).isEqualTo(415);
        // OpenAPI: v3 none; v2 a document without schemas (an empty protobuf message), so kubectl apply validates nothing.
        var openapi = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url() + "/openapi/v3")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.statusCode()).isEqualTo(404);
        var openapiV2 = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url() + "/openapi/v2")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(openapiV2.statusCode()).isEqualTo(200);
        assertThat(openapiV2.body()).isEmpty();
        assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void watchPrintsTheTableThenEachChange() throws Exception {
        bookedSliver("watch-node0", ExampleNodes.HOME_NODE);
        Process watch = kubectl.start("get", "slivers", "-n", NS, "-w");
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the watch was stopped
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(lines).hasSizeGreaterThanOrEqualTo(3));
            assertThat(lines.get(0)).startsWith("NAME").contains("STATE");
            client.resources(Sliver.class).inNamespace(NS).withName("watch-node0").editStatus(s -> {
                s.getStatus().setOperationalState(OperationalState.STOPPING);
                return s;
            });
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(lines)
                    .anySatisfy(line -> assertThat(line).startsWith("watch-node0").contains("geni_stopping")));
            assertThat(lines).filteredOn(line -> line.startsWith("NAME")).hasSize(1);
        } finally {
            watch.destroy();
            reader.join(5000);
        }
    }
}
