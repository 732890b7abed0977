package io.edgefed.embedded;

import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.edgefed.model.VpnAddressClaim;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * An in-process Kubernetes API server that stores what it is given (Fabric8's mock server in CRUD mode, plus
 * {@link ServerSideApplyDispatcher}), with the edgefed CRDs installed. It runs no controllers: {@link NodePortAllocator} and {@link SimulatedKubelet} stand in for
 * the two the testbed needs.
 */
final class EmbeddedApiServer implements AutoCloseable {

    private static final List<Class<? extends CustomResource<?, ?>>> RESOURCES = List.of(
            Sliver.class, VPNPeer.class, VpnAddressClaim.class);

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private EmbeddedApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts the server on {@code address:port} (port 0 picks a free one) and installs the CRDs. */
    static EmbeddedApiServer start(InetAddress address, int port) throws IOException {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ServerSideApplyDispatcher(), false);
        server.init(address, port);
        EmbeddedApiServer api = new EmbeddedApiServer(server);
        api.installCrds();
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

    /** The server's base URL, e.g. {@code http://127.0.0.1:16443}. */
    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** Writes a kubeconfig that reaches this server, for kubectl and for the AM and operator processes. */
    Path writeKubeconfig(Path file) throws IOException {
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
                """.formatted(url());
        Files.createDirectories(file.getParent());
        Files.writeString(file, kubeconfig);
        return file;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
