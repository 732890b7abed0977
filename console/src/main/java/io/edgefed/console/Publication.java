package io.edgefed.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One published state of the testbed, immutable and shared by every page: the whole document (what a page loads
 * first and what {@code /api/testbed} answers) and the change from the previous publication (what an open page gets
 * next). Every item is serialized once per publication, whatever the number of pages.
 */
final class Publication {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long version;
    private final long previousVersion;
    private final boolean synced;
    private final Testbed testbed;
    private final Map<String, String> nodes;
    private final Map<String, String> links;
    private final Map<String, String> slivers;
    private final String head;
    private volatile String document;
    private volatile long documentBytes = -1;
    private volatile String inlineDocument;
    private final String delta;
    private final Map<String, Optional<String>> details = new ConcurrentHashMap<>();

    private Publication(long version, long previousVersion, boolean synced, Testbed testbed, Map<String, String> nodes,
            Map<String, String> links, Map<String, String> slivers, String head, String delta) {
        this.version = version;
        this.previousVersion = previousVersion;
        this.synced = synced;
        this.testbed = testbed;
        this.nodes = nodes;
        this.links = links;
        this.slivers = slivers;
        this.head = head;
        this.delta = delta;
    }

    /** An empty testbed, not synced, as publication {@code version}. */
    static Publication empty(long version) {
        return of(version, Testbed.of(new ClusterState(List.of(), List.of(), List.of()), false), false, null);
    }

    /**
     * The publication after {@code previous} (null for the first), with the change between both; {@code previous}
     * itself when nothing a page shows has changed.
     */
    static Publication of(long version, Testbed testbed, boolean synced, Publication previous) {
        Map<String, String> nodes = serialize(testbed.nodes(), NodeView::name, "node/", testbed, previous);
        Map<String, String> links = serialize(testbed.links(), LinkView::id, null, testbed, previous);
        Map<String, String> slivers = serialize(testbed.slivers(), SliverView::name, "sliver/", testbed, previous);
        if (previous != null && previous.synced == synced && previous.nodes.equals(nodes)
                && previous.links.equals(links) && previous.slivers.equals(slivers)) {
            return previous;
        }
        String generatedAt = Instant.now().toString();
        String head = "{\"version\":" + version + ",\"generatedAt\":\"" + generatedAt + "\",\"synced\":" + synced;
        String delta = null;
        if (previous != null) {
            delta = head + ",\"from\":" + previous.version + ",\"nodes\":" + change(previous.nodes, nodes)
                    + ",\"links\":" + change(previous.links, links) + ",\"slivers\":" + change(previous.slivers, slivers)
                    + "}";
        }
        return new Publication(version, previous == null ? -1 : previous.version, synced, testbed, nodes, links, slivers,
                head, delta);
    }

    /** Each item's JSON, reused from {@code previous} when the item's source objects have not changed. */
    private static <T> Map<String, String> serialize(Iterable<T> items, Function<T, String> key, String kind,
            Testbed testbed, Publication previous) {
        Map<String, String> out = new LinkedHashMap<>();
        for (T item : items) {
            String name = key.apply(item);
            String json = null;
            if (kind != null && previous != null) {
                String source = testbed.source(kind + name);
                if (source != null && source.equals(previous.testbed.source(kind + name))) {
                    json = (kind.equals("node/") ? previous.nodes : previous.slivers).get(name);
                }
            }
            out.put(name, json != null ? json : json(item));
        }
        return out;
    }

    private static String change(Map<String, String> before, Map<String, String> after) {
        List<String> upserts = new ArrayList<>();
        after.forEach((key, json) -> {
            if (!json.equals(before.get(key))) {
                upserts.add(json);
            }
        });
        List<String> removals = new ArrayList<>();
        before.keySet().forEach(key -> {
            if (!after.containsKey(key)) {
                removals.add(json(key));
            }
        });
        return "{\"upsert\":[" + String.join(",", upserts) + "],\"remove\":[" + String.join(",", removals) + "]}";
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    long version() {
        return version;
    }

    Testbed testbed() {
        return testbed;
    }

    /** Whether the caches held the API server's state when this publication was made. */
    boolean synced() {
        return synced;
    }

    /** The version the {@link #delta()} starts from; -1 for the first publication. */
    long previousVersion() {
        return previousVersion;
    }

    /** The whole testbed as JSON; assembled on first use (open pages need only the delta). */
    String document() {
        String whole = document;
        if (whole == null) {
            synchronized (this) {
                if (document == null) {
                    document = head + ",\"nodes\":[" + String.join(",", nodes.values()) + "],\"links\":["
                            + String.join(",", links.values()) + "],\"slivers\":[" + String.join(",", slivers.values())
                            + "]}";
                }
                whole = document;
            }
        }
        return whole;
    }

    /** The size of {@link #document()} in UTF-8, counted once. */
    long documentBytes() {
        long size = documentBytes;
        if (size < 0) {
            String whole = document();
            size = 0;
            for (int i = 0; i < whole.length(); i++) {
                char c = whole.charAt(i);
                size += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3;
            }
            documentBytes = size;
        }
        return size;
    }

    /** The {@linkplain #document() whole document}, safe inside a page's {@code <script>} element; made on first use. */
    String inlineDocument() {
        String inline = inlineDocument;
        if (inline == null) {
            synchronized (this) {
                if (inlineDocument == null) {
                    inlineDocument = Html.scriptJson(document());
                }
                inline = inlineDocument;
            }
        }
        return inline;
    }

    /** The change since the previous publication as JSON; null for the first. */
    String delta() {
        return delta;
    }

    /** A node's page as JSON, computed once per publication however many pages show it. */
    Optional<String> detail(String node) {
        if (!testbed.knows(node)) {
            return Optional.empty(); // not cached: unknown names must not fill memory
        }
        return details.computeIfAbsent(node, name -> NodeDetails.of(testbed, name).map(Publication::json));
    }
}
