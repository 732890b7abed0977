// Makes the console's offline basemap: Natural Earth's 1:50m Admin 0 countries (public domain, version 4.1.0 as
// world-atlas 2.0.2 redistributes them in TopoJSON), simplified and written as GeoJSON, one feature per country with
// its name. Country outlines are the coastlines and the borders. Run: npm ci && npm run make (from console/basemap).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import { presimplify, quantile, simplify, sphericalTriangleArea } from 'topojson-simplify';

// Keeps the points that matter most to the shapes (by Visvalingam's effective area on the sphere): this quantile keeps
// Belgium, the Netherlands and the coasts recognisable at the zoom of a country while the file stays under 500 kB.
const KEEP_QUANTILE = 0.25;
// 0.01° is about 1 km: a pixel or two at zoom 8, the closest the map fits to; 1:50m data is coarser than that anyway.
const DIGITS = 2;
const OUT = new URL('../src/main/resources/basemap/countries.geojson', import.meta.url);

const require = createRequire(import.meta.url);
let topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
topology = presimplify(topology, sphericalTriangleArea);
topology = simplify(topology, quantile(topology, KEEP_QUANTILE));

const scale = 10 ** DIGITS;
const round = (ring) => {
  const out = [];
  for (const [x, y] of ring) {
    const point = [Math.round(x * scale) / scale, Math.round(y * scale) / scale];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) { out.push(point); }
  }
  return out;
};
const polygons = (geometry) => geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

const countries = feature(topology, topology.objects.countries).features.flatMap((country) => {
  if (!country.geometry) { return []; }
  const rings = polygons(country.geometry).map((polygon) => polygon.map(round).filter((ring) => ring.length >= 4))
    .filter((polygon) => polygon.length > 0);
  if (rings.length === 0) { return []; }
  return [{ type: 'Feature', properties: { name: country.properties.name },
    geometry: rings.length === 1 ? { type: 'Polygon', coordinates: rings[0] } : { type: 'MultiPolygon', coordinates: rings } }];
});
countries.sort((a, b) => a.properties.name < b.properties.name ? -1 : a.properties.name > b.properties.name ? 1 : 0);

const json = JSON.stringify({ type: 'FeatureCollection',
  source: 'Natural Earth 1:50m Admin 0 countries, version 4.1.0 (public domain), via world-atlas 2.0.2; simplified',
  features: countries });
writeFileSync(OUT, json + '\n');
console.log(`wrote ${countries.length} countries, ${json.length} bytes, to ${OUT.pathname}`);
