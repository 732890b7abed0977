package io.edgefed.operator.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.HashMap;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Fabric8's mock API server in CRUD mode as a process of its own, so that a benchmark measures the operator's memory
 * and CPU apart from the server's. Writes its URL to the file named by the first argument and runs until killed.
 */
public final class StandaloneMockServer {

    private StandaloneMockServer() {
    }

    /** Held so that the level sticks: the server logs every request at INFO, which costs more than the request. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        String url = server.createClient().getMasterUrl().toString();
        Path ready = Path.of(args[0]);
        Files.writeString(ready.resolveSibling(ready.getFileName() + ".tmp"), url);
        Files.move(ready.resolveSibling(ready.getFileName() + ".tmp"), ready);
        Thread.currentThread().join();
    }
}
