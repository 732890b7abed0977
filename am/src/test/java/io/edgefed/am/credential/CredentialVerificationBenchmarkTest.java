package io.edgefed.am.credential;

import io.edgefed.geni.GeniUrn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark (tag {@code bench}, run with {@code ./mvnw -B -Pbench -pl am verify -Dtest=CredentialVerificationBenchmarkTest}):
 * verifying the recorded omni slice credential in-process, uncached (everything: XML parsing, both certificate chains
 * and the signer's chain PKIX-validated, XML signature, owner/target/privilege), against one {@code xmlsec1 --verify}
 * subprocess on the same credential (signature only, which is what gcf and EdgeNet's AM run per call). Figures are
 * printed and written to {@code am/target/bench/credential.txt}.
 */
@Tag("bench")
class CredentialVerificationBenchmarkTest {

    static final int WARMUP = 500;
    static final int RUNS = 3000;
    static final int XMLSEC_RUNS = 40;
    static final double TARGET_RATIO = 40;

    @Test
    void inProcessVerificationAgainstXmlsec1() throws Exception {
        Path wire = SharedGeniData.omniWire();
        MutableClock clock = new MutableClock(OmniWireCredentialsTest.DURING_SESSION);
        TrustedRoots roots = new TrustedRoots(SharedGeniData.certificates(wire.resolve("trusted-root-ch-cert.pem")),
                clock);
        CallerIdentity alice = roots.identify(SharedGeniData.certificates(wire.resolve("client-alice-cert.pem"))
                .toArray(new X509Certificate[0]));
        GeniUrn slice = GeniUrn.parse(SharedGeniData.firstStringParam("04-request.xml"));
        String credential = SharedGeniData.credentialValues("04-request.xml").get(0);
        Object[] creds = OmniWireCredentialsTest.sfa(credential);

        CredentialVerifier uncached = new CredentialVerifier(roots, 0, 16);
        double[] inProcess = time(RUNS, WARMUP, () -> uncached.authorize(alice, creds, slice, Privileges.ALLOCATE,
                Map.of(), clock.instant()));
        assertThat(uncached.cache().hits()).isZero();

        CredentialVerifier cached = new CredentialVerifier(roots, 16, 16);
        double[] cachedRuns = time(RUNS, WARMUP, () -> cached.authorize(alice, creds, slice, Privileges.ALLOCATE,
                Map.of(), clock.instant()));

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Credential verification, recorded omni slice credential (%d bytes, "
                + "rsa-sha1, 2048-bit keys), %d cores, load average %s%n", credential.length(), Runtime.getRuntime()
                .availableProcessors(), loadAverage()));
        report.append(line("in-process, uncached (full check)", inProcess));
        report.append(line("in-process, cache hit", cachedRuns));

        Path xmlsec1 = Path.of("/usr/bin/xmlsec1");
        if (Files.isExecutable(xmlsec1)) {
            Path dir = Files.createTempDirectory("cred-bench");
            Path file = dir.resolve("cred.xml");
            Files.writeString(file, credential, StandardCharsets.UTF_8);
            Path root = wire.resolve("trusted-root-ch-cert.pem");
            double[] sub = time(XMLSEC_RUNS, 3, () -> {
                String out = xmlsec1Verify(file, root);
                if (!out.startsWith("OK")) {
                    throw new AssertionError("xmlsec1 did not verify: " + out);
                }
                return null;
            });
            report.append(line("xmlsec1 --verify subprocess", sub));
            double ratioP50 = median(sub) / median(inProcess);
            double ratioMean = mean(sub) / mean(inProcess);
            report.append(String.format(Locale.ROOT, "speed-up uncached in-process vs xmlsec1: %.0fx (p50), %.0fx "
                    + "(mean); target >= %.0fx: %s%n", ratioP50, ratioMean, TARGET_RATIO,
                    ratioP50 >= TARGET_RATIO ? "met" : "NOT met"));
        } else {
            report.append("xmlsec1 not installed (apt-get install -y --no-install-recommends xmlsec1): "
                    + "subprocess half skipped\n");
        }
        System.out.print(report);
        Path out = SharedGeniData.projectRoot().resolve("am/target/bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("credential.txt"), report.toString());
    }

    interface Action {
        Object run() throws Exception;
    }

    static double[] time(int runs, int warmup, Action action) throws Exception {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static String xmlsec1Verify(Path file, Path root) throws IOException, InterruptedException {
        // Exactly gcf's call (geni-tools' credential signature check).
        Process p = new ProcessBuilder("xmlsec1", "--verify", "--node-id", "Sig_ref0", "--trusted-pem",
                root.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    static String line(String what, double[] sortedMs) {
        return String.format(Locale.ROOT, "%-36s n=%5d  p50 %8.3f ms  mean %8.3f ms  p99 %8.3f ms  (%,.0f/s)%n", what,
                sortedMs.length, median(sortedMs), mean(sortedMs), sortedMs[(int) (sortedMs.length * 0.99)],
                1000 / mean(sortedMs));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
