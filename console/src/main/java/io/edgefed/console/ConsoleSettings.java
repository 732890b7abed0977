package io.edgefed.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the console can be told ({@code edgefed.console.*}); the defaults are documented in docs/DESIGN.md. */
@ConfigMapping(prefix = "edgefed.console")
public interface ConsoleSettings {

    /** The namespace whose Slivers the console shows (the AM's namespace). */
    @WithDefault("edgefed")
    String namespace();

    /**
     * Whether slice URNs appear on the pages and in the JSON. Off by default: a slice URN names a project and an
     * experiment, which a public page should not reveal. Slivers always carry the slice's label hash, which groups
     * them without saying whose they are.
     */
    @WithDefault("false")
    boolean showSliceUrns();

    /** The map's background. */
    Tiles tiles();

    /** How live pages are kept up to date. */
    Updates updates();

    /** The map's tile server. */
    interface Tiles {
        /**
         * The tile URL template as Leaflet reads it ({@code {z}/{x}/{y}}, optional {@code {s}}); {@code none} for no
         * tiles at all (an air-gapped lab), in which case nodes and links are drawn on the offline basemap of
         * countries alone (it is always there, under the tiles).
         */
        @WithDefault("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        String url();

        /** The tile URL template, unless tiles are off ({@code none}). */
        default java.util.Optional<String> template() {
            return url().isBlank() || url().equalsIgnoreCase("none") ? java.util.Optional.empty() : java.util.Optional.of(url());
        }

        /** The tiles' attribution, as text. */
        @WithDefault("© OpenStreetMap contributors")
        String attribution();

        /** Where the attribution links to. */
        @WithDefault("https://www.openstreetmap.org/copyright")
        String attributionUrl();
    }

    /** Live updates over Server-Sent Events. */
    interface Updates {
        /**
         * Changes arriving within this window are sent as one update: a burst of a thousand changes costs one
         * rebuild and one message per page, not a thousand.
         */
        @WithDefault("250ms")
        Duration coalesce();

        /** At most this many pages are kept up to date at once; further ones get 503 and retry. */
        @WithDefault("1000")
        int maxStreams();

        /** A comment line is sent this often so that proxies keep an idle stream open. */
        @WithDefault("20s")
        Duration keepAlive();
    }
}
