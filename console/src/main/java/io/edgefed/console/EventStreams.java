package io.edgefed.console;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The open pages' Server-Sent Event streams. A page of the whole testbed gets the document first, then each change;
 * a node's page gets that node's detail whenever it changes. Memory stays bounded whatever a page does: a page that
 * does not read fast enough (its connection's write queue is full) is skipped, not buffered for, and gets the whole
 * current document once it has caught up.
 */
@Singleton
public class EventStreams {

    private final Vertx vertx;
    private final ConsoleSettings settings;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile Supplier<Publication> current = () -> Publication.empty(0);
    private long keepAliveTimer = -1;
    private final Counter skipped;

    EventStreams(Vertx vertx, ConsoleSettings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.skipped = Counter.builder("edgefed.console.stream.skips")
                .description("Updates not sent to a page because it read too slowly (it gets a snapshot once caught up)")
                .register(registry);
    }

    void serve(Supplier<Publication> source) {
        this.current = source;
        keepAliveTimer = vertx.setPeriodic(settings.updates().keepAlive().toMillis(),
                id -> streams.forEach(s -> s.context.runOnContext(v -> s.keepAlive())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
        }
    }

    int open() {
        return streams.size();
    }

    /**
     * Starts a stream on {@code response}: of the whole testbed when {@code node} is null, else of that node's page. A
     * testbed page that already holds publication {@code since} (the one it was served with; -1 for none) gets only
     * what changed since then: nothing while that is current, the delta when it is the previous one, else the whole
     * document.
     *
     * @return false when too many streams are open already (the caller answers 503)
     */
    boolean open(HttpServerResponse response, String node, long since) {
        if (streams.size() >= settings.updates().maxStreams()) {
            return false;
        }
        Stream stream = new Stream(response, node, Vertx.currentContext(), since);
        streams.add(stream);
        response.closeHandler(v -> streams.remove(stream));
        response.exceptionHandler(e -> streams.remove(stream));
        response.drainHandler(v -> stream.caughtUp());
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
        response.putHeader("Cache-Control", "no-store");
        // A proxy that buffers would hold the events back (nginx honours this header).
        response.putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        stream.sendCurrent();
        return true;
    }

    /** Sends a new publication to every open page, each on its own connection's thread. */
    void publish(Publication publication) {
        for (Stream stream : streams) {
            stream.context.runOnContext(v -> stream.offer(publication));
        }
    }

    private final class Stream {
        private final HttpServerResponse response;
        private final String node;
        private final Context context;
        private long sentVersion;
        private String sentDetail;
        private boolean behind;

        Stream(HttpServerResponse response, String node, Context context, long since) {
            this.response = response;
            this.node = node;
            this.context = context;
            this.sentVersion = since;
        }

        void offer(Publication publication) {
            if (response.closed()) {
                streams.remove(this);
                return;
            }
            if (response.writeQueueFull()) {
                skipped.increment();
                behind = true; // caughtUp() sends what is current then
                return;
            }
            send(publication);
        }

        /** What the page lacks of {@code publication}: a node's detail, or the change since what it holds. */
        private void send(Publication publication) {
            if (node != null) {
                sendDetail(publication);
            } else if (publication.previousVersion() == sentVersion && publication.delta() != null) {
                send("delta", publication.delta());
                sentVersion = publication.version();
            } else if (publication.version() != sentVersion) {
                send("snapshot", publication.document());
                sentVersion = publication.version();
            }
        }

        void caughtUp() {
            if (behind) {
                behind = false;
                sendCurrent();
            }
        }

        void sendCurrent() {
            send(current.get());
        }

        private void sendDetail(Publication publication) {
            Optional<String> detail = publication.detail(node);
            String data = detail.orElseGet(() -> "{\"missing\":" + Publication.json(node) + "}");
            if (!data.equals(sentDetail)) {
                send(detail.isPresent() ? "node" : "missing", data);
                sentDetail = data;
            }
        }

        void keepAlive() {
            if (!response.closed() && !response.writeQueueFull()) {
                response.write(":\n\n");
            }
        }

        /** JSON holds no raw line break, so one {@code data:} line carries it. */
        private void send(String event, String json) {
            response.write("event: " + event + "\ndata: " + json + "\n\n");
        }
    }
}
