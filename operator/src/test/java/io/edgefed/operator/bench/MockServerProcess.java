package io.edgefed.operator.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts {@link StandaloneMockServer} in its own JVM and points the operator at it.
 */
public class MockServerProcess implements QuarkusTestResourceLifecycleManager {

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Path.of("target", "bench");
            Files.createDirectories(dir);
            Path ready = dir.resolve("mock-server.url");
            Files.deleteIfExists(ready);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                    StandaloneMockServer.class.getName(), ready.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "mock-server.log"))
                    .start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.exists(ready)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("mock API server did not start; see target/bench/mock-server.log");
                }
                Thread.sleep(100);
            }
            String url = Files.readString(ready).trim();
            return Map.of(
                    "quarkus.kubernetes-client.api-server-url", url,
                    "quarkus.kubernetes-client.trust-certs", "true",
                    "quarkus.kubernetes-client.namespace", "default",
                    "quarkus.kubernetes-client.devservices.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }
}
