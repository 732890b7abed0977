package io.edgefed.console;

import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rounds of the updates an open page sees: the testbed {@linkplain EuropeanTestbed#change changes} and changes back,
 * and each time the round waits until the page shows it (a script reads what is drawn), so every update was drawn.
 */
final class UpdateRounds {

    private final String name;
    private final EuropeanTestbed testbed;
    private final ChromeDriver page;
    private final String shownScript;
    private final String changed;
    private final String restored;

    private UpdateRounds(String name, EuropeanTestbed testbed, ChromeDriver page, String shownScript, String changed,
            String restored) {
        this.name = name;
        this.testbed = testbed;
        this.page = page;
        this.shownScript = shownScript;
        this.changed = changed;
        this.restored = restored;
    }

    /** On the testbed page: the sliver's row, the relayed (dashed) links, the markers of nodes not Ready. */
    static UpdateRounds onTheTestbedPage(EuropeanTestbed testbed, ChromeDriver page) {
        return new UpdateRounds("the testbed page", testbed, page,
                "[\"#slivers tr[data-sliver='" + EuropeanTestbed.CHANGING_SLIVER + "']\", 'path.mesh-relay',"
                        + " 'path.mesh-link[stroke-dasharray]', 'path.node-marker.node-notready']"
                        + ".map(s => document.querySelectorAll(s).length).join(' ')",
                "1 0 0 0", "0 1 1 1");
    }

    /** On Paris's own page: the sliver's row among those it hosts. */
    static UpdateRounds onANodePage(EuropeanTestbed testbed, ChromeDriver page) {
        return new UpdateRounds("the page of edge-paris", testbed, page,
                "String(document.querySelectorAll(\"#slivers tr[data-sliver='"
                        + EuropeanTestbed.CHANGING_SLIVER + "']\").length)",
                "1", "0");
    }

    void run(int rounds) {
        for (int round = 0; round < rounds; round++) {
            testbed.change(true);
            awaitShown(changed, round);
            testbed.change(false);
            awaitShown(restored, round);
        }
    }

    private void awaitShown(String expected, int round) {
        try {
            new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> expected.equals(evaluate(shownScript)));
        } catch (TimeoutException e) {
            throw new AssertionError(this + " shows \"" + evaluate(shownScript) + "\", not \"" + expected
                    + "\", 15 s after round " + round + "'s update (page at version "
                    + evaluate("document.body.getAttribute('data-version')") + ")", e);
        }
    }

    /**
     * Evaluates in the page through the DevTools protocol: chromedriver's own script calls leave an object and an
     * array behind in the page each time, which would be counted against the page.
     */
    @SuppressWarnings("unchecked")
    private Object evaluate(String expression) {
        Map<String, Object> result = (Map<String, Object>) page.executeCdpCommand("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true)).get("result");
        return result.get("value");
    }

    ChromeDriver page() {
        return page;
    }

    @Override
    public String toString() {
        return name;
    }
}
