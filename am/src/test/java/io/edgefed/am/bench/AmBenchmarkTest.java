package io.edgefed.am.bench;

import io.edgefed.am.support.AmClient;
import io.edgefed.am.support.ClusterFixture;
import io.edgefed.am.support.Pki;
import io.edgefed.am.support.Rspecs;
import io.edgefed.am.support.TestPki;
import io.edgefed.am.support.XmlRpcBodies;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.edgefed.am.support.AmClient.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Benchmarks ({@code ./mvnw -B -Pbench -pl am verify}); figures are printed and written to target/bench/. Throughput
 * is measured over mutual TLS with keep-alive against the AM and, with the same load client in the same run,
 * against a trivial JDK HTTPS server returning the AM's bytes.
 */
@Tag("bench")
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(TestPki.class)
class AmBenchmarkTest {

    private static final int THREADS = 4;
    private static final long WARMUP_MS = 3000;
    private static final long MEASURE_MS = 8000;
    private static final int ROUNDS = 4;
    private static final String PATH = "/xmlrpc/am/3.0";
    private static final Map<String, Object> GENI_3 = Map.of("type", "GENI", "version", "3");

    @Inject
    KubernetesClient kube;

    @KubernetesTestServer
    KubernetesServer mockServer;

    @Test
    void throughputOfGetVersionAndA100NodeListResourcesAgainstATrivialTlsServer() throws Exception {
        for (int i = 0; i < 100; i++) {
            ClusterFixture.create(kube, new NodeBuilder().withNewMetadata().withName(String.format("edge-%03d", i))
                    .addToLabels("kubernetes.io/arch", i % 3 == 0 ? "arm64" : "amd64").endMetadata().withNewSpec().endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
        }
        String slice = "urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+bench";
        Object[] cred = Pki.credentials(Pki.sliceCredential("alice", slice, Instant.now().plus(2, ChronoUnit.HOURS)));
        byte[] getVersion = XmlRpcBodies.call("GetVersion").getBytes(StandardCharsets.UTF_8);
        byte[] listResources = XmlRpcBodies.call("ListResources", cred, Map.of("geni_rspec_version", GENI_3))
                .getBytes(StandardCharsets.UTF_8);
        AmClient alice = new AmClient("alice");
        await().atMost(Duration.ofSeconds(20)).until(() -> ((String) alice.call("ListResources", cred,
                Map.of("geni_rspec_version", GENI_3)).get("value")).contains("edge-099"));

        SSLContext tls = Pki.tls("alice");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Throughput over mutual TLS, keep-alive, %d client threads unless said otherwise, %d s measured per server in %d alternating rounds, after a %d s warm-up of each server on every row, %d cores%n",
                THREADS, MEASURE_MS / 1000, ROUNDS, WARMUP_MS / 1000, Runtime.getRuntime().availableProcessors()));
        try (TrivialTlsServer trivial = new TrivialTlsServer(Pki.serverKeyStore(), Pki.password(), Pki.trustStore())) {
            double[] ratios = new double[3];
            int i = 0;
            // The last row is one client thread, as omni and jFed call: per-call latency rather than capacity.
            Object[][] scenarios = {{"GetVersion", getVersion, THREADS}, {"ListResources (100 nodes)", listResources, THREADS},
                    {"GetVersion, 1 thread", getVersion, 1}};
            // Warm both servers on every scenario first, so that no row pays for the JIT compiling shared paths.
            byte[][] replies = new byte[scenarios.length][];
            for (int s = 0; s < scenarios.length; s++) {
                byte[] body = (byte[]) scenarios[s][1];
                replies[s] = KeepAliveLoad.run(tls, TestPki.PORT, PATH, body, THREADS, WARMUP_MS, 500).lastBody();
                assertThat(new String(replies[s], StandardCharsets.UTF_8)).contains("<name>geni_code</name><value><i4>0</i4>");
                trivial.replyWith(replies[s]);
                KeepAliveLoad.run(tls, trivial.port(), PATH, body, THREADS, WARMUP_MS, 500);
            }
            for (int s = 0; s < scenarios.length; s++) {
                Object[] call = scenarios[s];
                byte[] body = (byte[]) call[1];
                int threads = (Integer) call[2];
                trivial.replyWith(replies[s]);
                KeepAliveLoad.Result warm = new KeepAliveLoad.Result(0, 0, replies[s]);
                // Alternating short rounds, so that both servers meet the same share of a machine others use too.
                double amRequests = 0;
                double trivialRequests = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    amRequests += KeepAliveLoad.run(tls, TestPki.PORT, PATH, body, threads, 300, MEASURE_MS / ROUNDS).requests();
                    trivialRequests += KeepAliveLoad.run(tls, trivial.port(), PATH, body, threads, 300, MEASURE_MS / ROUNDS).requests();
                }
                KeepAliveLoad.Result am = new KeepAliveLoad.Result(amRequests * 1000 / MEASURE_MS, (long) amRequests, warm.lastBody());
                KeepAliveLoad.Result yardstick = new KeepAliveLoad.Result(trivialRequests * 1000 / MEASURE_MS, (long) trivialRequests, warm.lastBody());
                ratios[i++] = am.perSecond() / yardstick.perSecond();
                report.append(String.format(Locale.ROOT, "%-26s AM %8.0f req/s   trivial JDK TLS server %8.0f req/s   AM/trivial %5.1f%%   reply %d bytes%n",
                        call[0], am.perSecond(), yardstick.perSecond(), 100 * am.perSecond() / yardstick.perSecond(), am.lastBody().length));
            }
            report.append(String.format(Locale.ROOT, "target: GetVersion >= 70%% of the trivial server: %s%n", ratios[0] >= 0.7 ? "met" : "NOT met"));
        }
        write("throughput.txt", report.toString());
    }

    @Test
    void statusOfA100SliverSliceFromTheCache() throws Exception {
        String slice = "urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+bench100";
        Object[] cred = Pki.credentials(Pki.sliceCredential("alice", slice, Instant.now().plus(2, ChronoUnit.HOURS)));
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            nodes.append(Rspecs.node("n" + i, null, null));
        }
        AmClient alice = new AmClient("alice");
        Map<String, Object> allocated = alice.call("Allocate", slice, cred, Rspecs.request(nodes.toString()), Map.of());
        assertThat(code(allocated)).as(String.valueOf(allocated.get("output"))).isZero();
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, Map.of("geni_rspec_version", GENI_3,
                "geni_users", new Object[] {Map.of("urn", Pki.urn("alice"), "keys", new Object[] {"ssh-ed25519 AAAAC3Nza alice"})})))).isZero();
        int port = 31000;
        for (Sliver s : kube.resources(Sliver.class).inNamespace(ClusterFixture.NAMESPACE).list().getItems()) {
            ClusterFixture.operatorReports(kube, s.getMetadata().getName(), OperationalState.READY, "worker-a", "192.0.2.20", port++);
        }
        byte[] status = XmlRpcBodies.call("Status", new Object[] {slice}, cred, Map.of()).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " + status.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long[] nanos = new long[500];
        int apiRequestsBefore;
        try (SSLSocket socket = (SSLSocket) Pki.tls("alice").getSocketFactory().createSocket("127.0.0.1", TestPki.PORT)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 20);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                out.write(head);
                out.write(status);
                out.flush();
                return new String(KeepAliveLoad.readReply(in), StandardCharsets.UTF_8).split("geni_ready", -1).length - 1 == 100;
            });
            for (int i = 0; i < 200; i++) {
                out.write(head);
                out.write(status);
                out.flush();
                KeepAliveLoad.readReply(in);
            }
            apiRequestsBefore = mockServer.getKubernetesMockServer().getRequestCount();
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                out.write(head);
                out.write(status);
                out.flush();
                KeepAliveLoad.readReply(in);
                nanos[i] = System.nanoTime() - start;
            }
        }
        int apiRequests = mockServer.getKubernetesMockServer().getRequestCount() - apiRequestsBefore;
        Arrays.sort(nanos);
        double p50 = nanos[nanos.length / 2] / 1e6;
        double p90 = nanos[nanos.length * 9 / 10] / 1e6;
        double p99 = nanos[nanos.length * 99 / 100] / 1e6;
        String report = String.format(Locale.ROOT, "Status of a 100-sliver slice over mutual TLS (keep-alive), %d calls: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms;"
                + " Kubernetes API requests during them: %d%ntarget: p50 < 10 ms: %s%n", nanos.length, p50, p90, p99, apiRequests, p50 < 10 ? "met" : "NOT met");
        write("status.txt", report);
        assertThat(apiRequests).as("Status reads the informer cache only").isZero();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void write(String file, String report) throws Exception {
        report = report + "machine load average (1, 5, 15 min) at the end: " + load() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores; other processes on this machine share them\n";
        System.out.println("\n===== bench: " + file + "\n" + report);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), report);
    }
}
