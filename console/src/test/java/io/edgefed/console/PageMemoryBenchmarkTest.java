package io.edgefed.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The testbed page left open through 600 updates: what the page holds after each
 * 50 rounds. V8 grows the JS heap for the first hundred or so rounds as it compiles and optimizes; after that the
 * heap must level off (within 64 KiB) and the DOM nodes, listeners and live objects stay where they were. Figures go
 * to target/bench/page-memory.txt. Run with {@code ./mvnw -B -Pbench -pl console verify -Dtest=PageMemoryBenchmarkTest}.
 */
@Tag("bench")
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class PageMemoryBenchmarkTest {

    private static final int ROUNDS = 300;
    private static final int SAMPLE_EVERY = 50;
    /** Rounds after which V8 has warmed up (measured: the heap levels off after 100 to 150). */
    private static final int WARM = 150;
    private static final long LEVEL_BYTES = 64 * 1024;

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    URL console;

    @Test
    void theTestbedPageLevelsOffThroughSixHundredUpdates() throws Exception {
        EuropeanTestbed testbed = EuropeanTestbed.in(server.getClient());
        List<PageMemory> samples = new ArrayList<>();
        StringBuilder report = new StringBuilder(String.format(
                "testbed page memory: %d rounds of 2 updates (a sliver, a link's mode, a node's state), after GC%n", ROUNDS));
        try (Browser browser = Browser.start(1400, 1000)) {
            ChromeDriver page = browser.driver();
            page.get(console.toString());
            UpdateRounds rounds = UpdateRounds.onTheTestbedPage(testbed, page);
            for (int done = 0; done <= ROUNDS; done += SAMPLE_EVERY) {
                if (done > 0) {
                    rounds.run(SAMPLE_EVERY);
                }
                PageMemory sample = PageMemory.of(page);
                samples.add(sample);
                report.append(String.format("  after %3d rounds: %s%n", done, sample));
            }
        } finally {
            testbed.change(false);
        }
        Path out = Path.of("target", "bench", "page-memory.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);

        PageMemory warm = samples.get(WARM / SAMPLE_EVERY);
        PageMemory last = samples.get(samples.size() - 1);
        long warmHeap = samples.subList(0, WARM / SAMPLE_EVERY + 1).stream().mapToLong(PageMemory::heapBytes).max()
                .orElseThrow();
        assertThat(last.heapBytes()).as("JS heap after %d rounds against its peak while warming up", ROUNDS)
                .isLessThan(warmHeap + LEVEL_BYTES);
        assertThat(last.domNodes()).isLessThanOrEqualTo(warm.domNodes() + 3);
        assertThat(last.listeners()).isLessThanOrEqualTo(warm.listeners() + 3);
        warm.objects().forEach((kind, count) -> assertThat(last.objects().get(kind)).as("live %s", kind)
                .isLessThanOrEqualTo(count + 3));
    }
}
