package io.edgefed.console;

import java.time.Instant;
import java.util.Optional;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The console's HTTP surface, all read-only (GET): the pages ({@code /} the testbed, filled with the testbed as it is
 * by {@link TestbedPage}; {@code /nodes/<name>} a node's page), the map's offline basemap ({@code /basemap.js}), their
 * JSON ({@code /api/testbed}, {@code /api/nodes/<name>}, {@code /api/config}) and their live streams
 * ({@code /api/testbed/events}, {@code /api/nodes/<name>/events}). What a resource holds is never interpreted as HTML:
 * the server escapes what it writes into a page, the pages' scripts write it as DOM text.
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
    private final TestbedPage testbedPage = new TestbedPage();
    private final Buffer basemap = Basemap.script();

    ConsoleRoutes(LiveTestbed live, EventStreams streams, PageHeaders headers, ConsoleSettings settings) {
        this.live = live;
        this.streams = streams;
        this.headers = headers;
        this.config = MapConfig.of(settings);
        this.nodePage = Buffer.buffer(ClassPathResources.read("META-INF/resources/node.html"));
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(headers::apply);
        // Off the event loop: a page of a thousand nodes is a few megabytes to write.
        router.get("/").blockingHandler(this::testbedPage, false);
        router.get("/index.html").blockingHandler(this::testbedPage, false);
        router.get("/basemap.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=86400").end(basemap));
        router.get("/api/config").handler(ctx -> json(ctx, 200, config));
        router.get("/api/testbed").handler(ctx -> json(ctx, 200, live.current().document()));
        router.get("/api/testbed/events").handler(ctx -> since(ctx).ifPresent(since -> stream(ctx, null, since)));
        router.get("/api/nodes/:name").handler(ctx -> name(ctx).ifPresent(name -> live.current().detail(name)
                .ifPresentOrElse(detail -> json(ctx, 200, detail), () -> json(ctx, 404,
                        "{\"error\":" + Publication.json("no node named " + name + " is known to the cluster or the mesh")
                                + "}"))));
        router.get("/api/nodes/:name/events").handler(ctx -> name(ctx).ifPresent(name -> stream(ctx, name, -1)));
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

    private void testbedPage(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(testbedPage.render(live.current(), Instant.now()));
    }

    /** The publication the page already holds ({@code ?since=}, as its inline data said), or -1. */
    private static Optional<Long> since(RoutingContext ctx) {
        String since = ctx.request().getParam("since");
        if (since == null || since.isEmpty()) {
            return Optional.of(-1L);
        }
        try {
            return Optional.of(Long.parseLong(since));
        } catch (NumberFormatException notANumber) {
            json(ctx, 400, "{\"error\":\"since is the version of the testbed the page holds, a number\"}");
            return Optional.empty();
        }
    }

    private void stream(RoutingContext ctx, String node, long since) {
        if (!streams.open(ctx.response(), node, since)) {
            ctx.response().putHeader("Retry-After", "10");
            json(ctx, 503, "{\"error\":\"too many open pages; try again shortly\"}");
        }
    }

    private static void json(RoutingContext ctx, int status, String body) {
        HttpServerResponse response = ctx.response().setStatusCode(status);
        response.putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(body);
    }
}
