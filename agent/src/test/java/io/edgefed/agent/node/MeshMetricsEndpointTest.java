package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

/**
 * The metrics listener on the mesh, on loopback addresses standing in for VPN addresses (Linux answers on all of
 * 127/8): it serves the metrics and nothing else, follows the address, and a port it cannot take does not stop it.
 */
class MeshMetricsEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Vertx vertx;
    private MeshMetricsEndpoint endpoint;
    private int port;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        AgentHealth health = new AgentHealth();
        health.apiSucceeded();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        endpoint = new MeshMetricsEndpoint(vertx, AgentMetrics.of(health), port, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        endpoint.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void servesTheMetricsAndNothingElseOnTheVpnAddress() throws Exception {
        endpoint.follow(InetAddress.getByName("127.0.0.2"));
        assertThat(endpoint.serving()).isTrue();
        HttpResponse<String> metrics = get("127.0.0.2", "/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsRoute.CONTENT_TYPE);
        assertThat(metrics.body()).contains("# TYPE edgefed_agent_peers gauge", "edgefed_agent_api_last_success_timestamp_seconds");
        // Health (with its error texts) is for the node itself, not for the mesh.
        assertThat(get("127.0.0.2", "/q/health").statusCode()).isEqualTo(404);
        assertThat(get("127.0.0.2", "/q/health/ready").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + "/q/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
        // Only on that address.
        assertThatThrownBy(() -> get("127.0.0.1", "/q/metrics")).isInstanceOf(IOException.class);
    }

    @Test
    void followsTheAddressWhenItChanges() throws Exception {
        endpoint.follow(InetAddress.getByName("127.0.0.2"));
        endpoint.follow(InetAddress.getByName("127.0.0.2"));
        assertThat(get("127.0.0.2", "/q/metrics").statusCode()).isEqualTo(200);
        endpoint.follow(InetAddress.getByName("127.0.0.3"));
        assertThat(get("127.0.0.3", "/q/metrics").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get("127.0.0.2", "/q/metrics")).isInstanceOf(IOException.class);
    }

    @Test
    void aPortAlreadyTakenIsReportedAndTheAgentGoesOn() throws Exception {
        endpoint.follow(InetAddress.getByName("127.0.0.2"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.4", port));
            endpoint.follow(InetAddress.getByName("127.0.0.4"));
            assertThat(endpoint.serving()).isFalse();
            assertThatThrownBy(() -> get("127.0.0.2", "/q/metrics")).as("the old address is left").isInstanceOf(IOException.class);
        }
        // Tried once for that address; a later change of address binds again.
        endpoint.follow(InetAddress.getByName("127.0.0.5"));
        assertThat(get("127.0.0.5", "/q/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void whereTheHealthEndpointListensOnEveryAddressItLeavesTheMetricsToIt() throws Exception {
        for (String everywhere : new String[] { "0.0.0.0", "::", "127.0.0.6" }) {
            try (MeshMetricsEndpoint besideHealth = new MeshMetricsEndpoint(vertx, AgentMetrics.of(new AgentHealth()), port, everywhere)) {
                besideHealth.follow(InetAddress.getByName("127.0.0.6"));
                assertThat(besideHealth.serving()).as(everywhere).isFalse();
                assertThatThrownBy(() -> get("127.0.0.6", "/q/metrics")).as(everywhere).isInstanceOf(IOException.class);
            }
        }
    }

    private HttpResponse<String> get(String host, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(3))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
