package io.edgefed.console;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the map page needs from the configuration ({@code /api/config}): the tile server and its attribution. */
final class MapConfig {

    private MapConfig() {
    }

    static String of(ConsoleSettings settings) {
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("url", settings.tiles().template().orElse(null));
        tiles.put("attribution", settings.tiles().attribution());
        tiles.put("attributionUrl", settings.tiles().attributionUrl());
        return Publication.json(Map.of("tiles", tiles, "showSliceUrns", settings.showSliceUrns()));
    }
}
