package io.edgefed.agent.node;

import java.time.Instant;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;

/** Serves {@link AgentMetrics} at {@code GET /q/metrics} on the health port, beside {@code /q/health}. */
@Singleton
public class MetricsRoute {

    static final String PATH = "/q/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final AgentMetrics metrics;

    MetricsRoute(AgentMetrics metrics) {
        this.metrics = metrics;
    }

    void route(@Observes Router router) {
        router.get(PATH).handler(context -> context.response().putHeader("Content-Type", CONTENT_TYPE)
                .end(metrics.exposition(Instant.now())));
    }
}
