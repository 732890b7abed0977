package io.edgefed.console;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * The map's offline basemap: Natural Earth's country outlines (borders and coastlines, public domain) as GeoJSON in
 * the jar ({@code basemap/countries.geojson}, made by {@code console/basemap/make-basemap.mjs}), served as a script
 * ({@code /basemap.js}) so that the page has it before it first draws, without a tile server or the internet.
 */
final class Basemap {

    static final String GEOJSON = "basemap/countries.geojson";

    private Basemap() {
    }

    /** {@code var EdgefedBasemap = <the GeoJSON>;} */
    static Buffer script() {
        String geojson = new String(ClassPathResources.read(GEOJSON), StandardCharsets.UTF_8).strip();
        return Buffer.buffer("'use strict';\nvar EdgefedBasemap = " + geojson + ";\n");
    }
}
