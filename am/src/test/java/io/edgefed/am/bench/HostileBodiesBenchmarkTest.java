package io.edgefed.am.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefed.am.support.Pki;
import io.edgefed.am.support.TestPki;
import io.edgefed.am.support.XmlRpcBodies;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * GetVersion latency of one steady caller (one call after the other on a keep-alive connection, as omni and jFed
 * call) without and then with four clients sending 30,000-deep XML-RPC bodies as fast as the AM answers them. The
 * AM parses on its worker threads, never on the I/O threads, so the steady caller should barely notice.
 */
@Tag("bench")
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(TestPki.class)
@TestProfile(HostileBodiesBenchmarkTest.ProductionRequestLimit.class)
class HostileBodiesBenchmarkTest {

    /** The production default of edgefed.am.max-request-bytes instead of the tests' 512 KiB. */
    public static class ProductionRequestLimit implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("edgefed.am.max-request-bytes", "2097152");
        }
    }

    private static final String PATH = "/xmlrpc/am/3.0";
    private static final int DEPTH = 30_000;
    private static final int HOSTILE_CLIENTS = 4;
    private static final int CALLS = 2000;
    private static final long HOSTILE_MS = 20_000;

    @Test
    void getVersionP99WithAndWithoutHostileDeepBodies() throws Exception {
        byte[] getVersion = XmlRpcBodies.call("GetVersion").getBytes(StandardCharsets.UTF_8);
        // 30,000 levels are 1.3 MB: the profile raises the test AM's request limit to the production default, 2 MiB,
        // so that they are parsed rather than refused as TOOBIG unread.
        byte[] deep = ("<?xml version=\"1.0\"?><methodCall><methodName>GetVersion</methodName><params><param>"
                + "<value><array><data>".repeat(DEPTH) + "</data></array></value>".repeat(DEPTH)
                + "</param></params></methodCall>").getBytes(StandardCharsets.UTF_8);

        steady(getVersion, 500, Long.MAX_VALUE); // warm-up
        double[] quiet = steady(getVersion, CALLS, Long.MAX_VALUE);
        CompletableFuture<KeepAliveLoad.Result> hostile = CompletableFuture.supplyAsync(() -> {
            try {
                return KeepAliveLoad.run(Pki.tls("bob"), TestPki.PORT, PATH, deep, HOSTILE_CLIENTS, 1000, HOSTILE_MS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        double[] loaded = steady(getVersion, CALLS, System.nanoTime() + (HOSTILE_MS - 1000) * 1_000_000L);
        KeepAliveLoad.Result attack = hostile.get();
        assertThat(new String(attack.lastBody(), StandardCharsets.UTF_8)).contains("faultString", "nests");

        String report = String.format(Locale.ROOT, "GetVersion of one steady caller, keep-alive mutual TLS:%n"
                + "  no hostile load (%4.0f calls):                               p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms%n"
                + "  %d clients sending %d-deep bodies of %d KiB (%4.0f calls):  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms%n"
                + "  hostile bodies answered meanwhile: %.0f/s (each a fault naming the nesting limit)%n",
                quiet[3], quiet[0], quiet[1], quiet[2], HOSTILE_CLIENTS, DEPTH, deep.length / 1024, loaded[3], loaded[0],
                loaded[1], loaded[2], attack.perSecond());
        write("hostile-bodies.txt", report);
    }

    /** p50, p90, p99 in ms and the count of up to {@code calls} sequential calls on one connection until the deadline. */
    private static double[] steady(byte[] body, int calls, long deadlineNanos) throws Exception {
        byte[] head = ("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long[] nanos = new long[calls];
        try (SSLSocket socket = (SSLSocket) Pki.tls("alice").getSocketFactory().createSocket("127.0.0.1", TestPki.PORT)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            int i = 0;
            for (; i < calls && System.nanoTime() < deadlineNanos; i++) {
                long start = System.nanoTime();
                out.write(head);
                out.write(body);
                out.flush();
                KeepAliveLoad.readReply(in);
                nanos[i] = System.nanoTime() - start;
            }
            calls = i;
        }
        long[] done = Arrays.copyOf(nanos, calls);
        Arrays.sort(done);
        return new double[] {done[calls / 2] / 1e6, done[calls * 9 / 10] / 1e6, done[calls * 99 / 100] / 1e6, calls};
    }

    private static void write(String file, String report) throws Exception {
        report = report + "machine load average: " + Files.readString(Path.of("/proc/loadavg")).trim() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores, shared with other processes\n";
        System.out.println("\n===== bench: " + file + "\n" + report);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), report);
    }
}
