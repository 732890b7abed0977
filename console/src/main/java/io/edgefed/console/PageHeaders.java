package io.edgefed.console;

import java.net.URI;
import java.util.Locale;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Headers on every answer: a Content-Security-Policy that runs only the console's own scripts (a second wall behind
 * the pages' rule of never turning resource data into markup), loads images only from the console and the tile
 * server, and forbids framing.
 */
@Singleton
public class PageHeaders {

    private final String policy;

    PageHeaders(ConsoleSettings settings) {
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
                + tileOrigin(settings.tiles().template().orElse("")) + "; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                + " form-action 'none'";
    }

    void apply(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", policy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
        ctx.next();
    }

    /** The tile server's origin for img-src ({@code {s}} subdomains become a wildcard); empty when there is none. */
    static String tileOrigin(String template) {
        if (template == null || template.isBlank()) {
            return "";
        }
        try {
            URI uri = URI.create(template.replace("{s}", "tiles").replaceAll("\\{[a-z]+}", "0"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                return "";
            }
            String host = template.contains("{s}.") ? "*." + uri.getHost().substring("tiles.".length()) : uri.getHost();
            return " " + scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException | IndexOutOfBoundsException notAUrl) {
            return "";
        }
    }
}
