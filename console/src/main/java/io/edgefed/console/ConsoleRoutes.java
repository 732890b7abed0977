package io.edgefed.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The console's HTTP surface, all read-only (GET): the pages ({@code /} is the static index.html, {@code /nodes/<name>}
 * a node's page), their JSON ({@code /api/testbed}, {@code /api/nodes/<name>}, {@code /api/config}) and their live
 * streams ({@code /api/testbed/events}, {@code /api/nodes/<name>/events}). The pages fill themselves from the JSON in
 * the browser, through DOM text, never through markup: what a resource holds is never interpreted as HTML.
 */
@Singleton
public class ConsoleRoutes {

    /** Longest Kubernetes object name. */
    private static final int MAX_NAME = 253;

    private final LiveTestbed live;
    private final EventStreams streams;
    private final PageHeaders headers;
    private final String config;
    private final Buffer nodePage;

    ConsoleRoutes(LiveTestbed live, EventStreams streams, PageHeaders headers, ConsoleSettings settings) {
        this.live = live;
        this.streams = streams;
        this.headers = headers;
        this.config = MapConfig.of(settings);
        this.nodePage = Buffer.buffer(resource("META-INF/resources/node.html"));
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(headers::apply);
        router.get("/api/config").handler(ctx -> json(ctx, 200, config));
        router.get("/api/testbed").handler(ctx -> json(ctx, 200, live.current().document()));
        router.get("/api/testbed/events").handler(ctx -> stream(ctx, null));
        router.get("/api/nodes/:name").handler(ctx -> name(ctx).ifPresent(name -> live.current().detail(name)
                .ifPresentOrElse(detail -> json(ctx, 200, detail), () -> json(ctx, 404,
                        "{\"error\":" + Publication.json("no node named " + name + " is known to the cluster or the mesh")
                                + "}"))));
        router.get("/api/nodes/:name/events").handler(ctx -> name(ctx).ifPresent(name -> stream(ctx, name)));
        router.get("/nodes/:name").handler(ctx -> name(ctx).ifPresent(name -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
                .end(nodePage)));
    }

    private static Optional<String> name(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            json(ctx, 400, "{\"error\":\"a node name has 1 to " + MAX_NAME + " characters\"}");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private void stream(RoutingContext ctx, String node) {
        if (!streams.open(ctx.response(), node)) {
            ctx.response().putHeader("Retry-After", "10");
            json(ctx, 503, "{\"error\":\"too many open pages; try again shortly\"}");
        }
    }

    private static void json(RoutingContext ctx, int status, String body) {
        HttpServerResponse response = ctx.response().setStatusCode(status);
        response.putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(body);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the console's build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
