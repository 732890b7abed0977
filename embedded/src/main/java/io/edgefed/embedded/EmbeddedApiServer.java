package io.edgefed.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * An in-process Kubernetes API server: a store that keeps what it is given (Fabric8's mock server in CRUD mode, plus
 * {@link ServerSideApplyDispatcher}), with the edgefed CRDs installed, a garbage collector
 * ({@link OwnerReferenceCollector}), and in front of it, at the address kubectl is given, {@link KubectlFrontDoor}
 * for discovery, tables and watches. The store listens on a loopback port of its own, for the operator and the AM.
 * Otherwise it runs no controllers: {@link NodePortAllocator} and {@link SimulatedKubelet} stand in for the two the
 * testbed needs.
 */
final class EmbeddedApiServer implements AutoCloseable {

    private static final List<Class<? extends CustomResource<?, ?>>> RESOURCES = List.of(
            Sliver.class, VPNPeer.class, VpnAddressClaim.class);

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final OwnerReferenceCollector collector;
    private KubectlFrontDoor frontDoor;

    private EmbeddedApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
        this.collector = new OwnerReferenceCollector(client);
    }

    /**
     * Starts the store on a free loopback port, installs the CRDs and opens kubectl's address on
     * {@code address:port} (port 0 picks a free one).
     */
    static EmbeddedApiServer start(InetAddress address, int port) throws IOException {
        ServerSideApplyDispatcher dispatcher = new ServerSideApplyDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        EmbeddedApiServer api = new EmbeddedApiServer(server);
        dispatcher.afterDelete(api.collector::objectDeleted);
        api.installCrds();
        api.frontDoor = KubectlFrontDoor.start(new InetSocketAddress(address, port), api.storeUrl(), api.client);
        return api;
    }

    private void installCrds() throws IOException {
        for (Class<? extends CustomResource<?, ?>> resource : RESOURCES) {
            String file = "META-INF/fabric8/" + CustomResource.getCRDName(resource) + "-v1.yml";
            try (InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IOException(file + " is not on the class path: build the model module first");
                }
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
    }

    KubernetesClient client() {
        return client;
    }

    /** The URL kubectl is given, e.g. {@code http://127.0.0.1:16443}. */
    String url() {
        String host = frontDoor.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + frontDoor.port();
    }

    /** The store's own URL, for the operator and the AM (whose clients watch over WebSocket). */
    String storeUrl() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** Deletes now what the garbage collector would delete soon; returns how many. */
    int collectGarbage() {
        return collector.sweep();
    }

    /** Writes a kubeconfig that reaches kubectl's address. */
    Path writeKubeconfig(Path file) throws IOException {
        return writeKubeconfig(file, url());
    }

    /** Writes a kubeconfig that reaches the store, for the AM and operator processes. */
    Path writeComponentKubeconfig(Path file) throws IOException {
        return writeKubeconfig(file, storeUrl());
    }

    private static Path writeKubeconfig(Path file, String url) throws IOException {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: edgefed-embedded
                  cluster:
                    server: %s
                contexts:
                - name: edgefed-embedded
                  context:
                    cluster: edgefed-embedded
                    user: edgefed-embedded
                    namespace: default
                current-context: edgefed-embedded
                users:
                - name: edgefed-embedded
                  user:
                    token: embedded
                """.formatted(url);
        Files.createDirectories(file.getParent());
        Files.writeString(file, kubeconfig);
        return file;
    }

    @Override
    public void close() throws InterruptedException {
        frontDoor.close();
        collector.close();
        client.close();
        server.destroy();
    }
}
