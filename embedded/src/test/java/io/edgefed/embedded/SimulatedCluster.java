package io.edgefed.embedded;

import java.net.InetAddress;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The embedded API server on loopback with the example nodes, the simulated kubelet (scheduler and pods) and
 * NodePort allocation running: the cluster the testbed's components see, for tests.
 */
final class SimulatedCluster implements AutoCloseable {

    final EmbeddedApiServer api;
    final KubernetesClient client;
    private final SimulatedKubelet kubelet;
    private final NodePortAllocator nodePorts;

    private SimulatedCluster(EmbeddedApiServer api, SimulatedKubelet kubelet, NodePortAllocator nodePorts) {
        this.api = api;
        this.client = api.client();
        this.kubelet = kubelet;
        this.nodePorts = nodePorts;
    }

    static SimulatedCluster start() throws Exception {
        EmbeddedApiServer api = EmbeddedApiServer.start(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = api.client();
        ExampleNodes.create(client, "127.0.0.1");
        SimulatedKubelet kubelet = new SimulatedKubelet(client);
        kubelet.start();
        NodePortAllocator nodePorts = new NodePortAllocator(client);
        nodePorts.start();
        return new SimulatedCluster(api, kubelet, nodePorts);
    }

    @Override
    public void close() throws InterruptedException {
        kubelet.close();
        nodePorts.close();
        api.close();
    }
}
