// The testbed page: nodes on a Leaflet map over an offline basemap, the mesh's links, the node and sliver tables.
// The server sends the page filled and the testbed's data inline (#testbed-data): the map is drawn from it at once,
// then /api/testbed/events?since=<its version> keeps all live ("delta" events with upserts and removals by id, or a
// "snapshot" when the page missed too much).
'use strict';

(function () {
  var C = Console;
  var nodes = new Map(), links = new Map(), slivers = new Map();
  var markers = new Map(), lines = new Map(), nodeRows = new Map(), sliverRows = new Map();
  var dirtyNodes = new Set(), dirtyLinks = new Set(), dirtySlivers = new Set();
  var fullRedraw = false, redrawingAll = false, framePending = false, fitted = false, synced = true;
  var timing = window.consoleTiming = { received: 0, drawn: 0, version: -1 };

  var map = L.map('map', { preferCanvas: false, worldCopyJump: true }).setView([48, 8], 4);
  // Countries under everything, tiles (when configured) over them: without a tile server, or when it cannot be
  // reached, the map still shows where the nodes are.
  map.createPane('basemap').style.zIndex = 150;
  if (window.EdgefedBasemap) {
    var countries = L.geoJSON(window.EdgefedBasemap, { pane: 'basemap', interactive: false,
      style: { color: '#8c9aa5', weight: 1, opacity: 1, fillColor: '#f4f2ec', fillOpacity: 1, className: 'country' } }).addTo(map);
    countries.eachLayer(function (layer) { layer.getElement().setAttribute('data-country', layer.feature.properties.name); });
    map.attributionControl.addAttribution('Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a>');
  }
  fetch('/api/config').then(function (r) { return r.json(); }).then(function (config) {
    if (config.tiles && config.tiles.url) {
      var attribution = document.createElement('span');
      attribution.appendChild(C.el('a', { href: config.tiles.attributionUrl, text: config.tiles.attribution }));
      // Leaflet takes attribution as markup: hand it the escaped markup of a DOM element.
      L.tileLayer(config.tiles.url, { maxZoom: 18, attribution: attribution.innerHTML }).addTo(map);
    }
  });
  legend().addTo(map);
  // One tooltip and one click handler per group, not per layer: thousands of layers stay cheap to add.
  var linkLayer = L.featureGroup().addTo(map);
  // Above this many links they are painted on one canvas instead of one SVG element each: thousands of SVG paths
  // cost the browser seconds to lay out. Below it (most testbeds) each link is an SVG element, as tests inspect.
  var CANVAS_ABOVE = 400;
  var linkCanvas = L.canvas({ padding: 0.3 });
  var linksOnCanvas = false;
  var markerLayer = L.featureGroup().addTo(map);
  linkLayer.bindTooltip(function (line) { return linkTooltip(line.linkId); }, { sticky: true });
  markerLayer.bindTooltip(function (marker) { return nodeTooltip(marker.nodeName); });
  markerLayer.on('click', function (e) { window.location.href = '/nodes/' + encodeURIComponent(e.layer.nodeName); });

  function snapshot(doc) {
    timing.received = performance.now();
    nodes.clear(); links.clear(); slivers.clear();
    doc.nodes.forEach(function (n) { nodes.set(n.name, n); });
    doc.links.forEach(function (l) { links.set(l.id, l); });
    doc.slivers.forEach(function (s) { slivers.set(s.name, s); });
    synced = doc.synced;
    fullRedraw = true;
    timing.version = doc.version;
  }

  function apply(change, store, dirty, key) {
    change.upsert.forEach(function (item) { store.set(item[key], item); dirty.add(item[key]); });
    change.remove.forEach(function (id) { store.delete(id); dirty.add(id); });
  }

  function linksOf(name) {
    var ids = [];
    links.forEach(function (l, id) { if (l.a === name || l.b === name || l.via === name) { ids.push(id); } });
    return ids;
  }

  function schedule(version) {
    timing.version = version;
    if (!framePending) {
      framePending = true;
      requestAnimationFrame(draw);
    }
  }

  function draw() {
    framePending = false;
    var started = performance.now();
    if (!fitted) { fit(); }
    if (fullRedraw) {
      markerLayer.clearLayers(); markers.clear();
      linkLayer.clearLayers(); lines.clear();
      document.querySelector('#nodes tbody').replaceChildren(); nodeRows.clear();
      sliverRows.clear();
      dirtyNodes = new Set(nodes.keys()); dirtyLinks = new Set(links.keys()); dirtySlivers = new Set(slivers.keys());
      linksOnCanvas = links.size > CANVAS_ABOVE;
      fullRedraw = false;
      redrawingAll = true;
    }
    var phase = performance.now();
    // Drawing order is stacking order: direct and down links, then relayed ones (their dashes stay visible over
    // the direct links they follow), then the markers on top of all.
    var ordered = Array.from(dirtyLinks);
    ordered.sort(function (x, y) { return relayed(x) - relayed(y); });
    var linesAdded = false;
    ordered.forEach(function (id) { linesAdded = drawLink(id) || linesAdded; });
    if (linesAdded && !redrawingAll) {
      // Markers stay above every line; a marker that exists is restyled in place below, never re-added on top.
      markers.forEach(function (m) { m.bringToFront(); });
    }
    dirtyNodes.forEach(drawNode);
    if (dirtyNodes.size > 0) { drawUnplaced(); }
    redrawingAll = false;
    timing.map = performance.now() - phase;
    phase = performance.now();
    if (dirtySlivers.size > 0) { drawSliverTable(); }
    timing.table = performance.now() - phase;
    dirtyNodes.clear(); dirtyLinks.clear(); dirtySlivers.clear();
    summary();
    timing.script = performance.now() - started;
    document.body.setAttribute('data-version', String(timing.version));
    requestAnimationFrame(function () { timing.drawn = performance.now(); });
  }

  // Sets the view around the placed nodes once, before any layer exists (a later zoom would move every path).
  function fit() {
    var points = [];
    nodes.forEach(function (n) { if (placed(n)) { points.push([n.latitude, n.longitude]); } });
    if (points.length > 0) {
      map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 8, animate: false });
      fitted = true;
    }
  }

  function relayed(id) { var l = links.get(id); return l && l.mode === 'relay' ? 1 : 0; }

  function placed(node) { return node && node.latitude != null && node.longitude != null; }

  function drawNode(name) {
    var node = nodes.get(name);
    var marker = markers.get(name);
    if (!placed(node)) {
      if (marker) { markerLayer.removeLayer(marker); markers.delete(name); }
    } else {
      var style = markerStyle(node);
      if (marker) {
        marker.setLatLng([node.latitude, node.longitude]).setStyle(style);
        marker.getElement().setAttribute('class', 'leaflet-interactive ' + style.className);
      } else {
        marker = L.circleMarker([node.latitude, node.longitude], style);
        marker.nodeName = name;
        markerLayer.addLayer(marker);
        markers.set(name, marker);
      }
      marker.getElement().setAttribute('data-node', name);
    }
    drawNodeRow(name, node);
  }

  function markerStyle(node) {
    var state = !node.joined || !node.ready ? 'notready' : node.active === false ? 'inactive' : 'ready';
    var fill = state === 'ready' ? '#43a047' : state === 'inactive' ? '#fb8c00' : '#9e9e9e';
    var stroke = node.relay ? '#6a1b9a' : node.mesh === 'nat' ? '#1565c0' : '#222';
    // Smaller markers when there are many, so that a crowded region stays readable.
    return { radius: nodes.size > 200 ? 5 : 9, color: stroke, weight: node.relay ? 4 : 2, fillColor: fill, fillOpacity: 0.95,
      className: 'node-marker node-' + state + ' mesh-' + node.mesh + (node.relay ? ' relay-node' : '') };
  }

  function nodeTooltip(name) {
    var node = nodes.get(name);
    if (!node) { return ''; }
    var box = C.el('div', { className: 'node-tooltip' }, [C.el('strong', { text: name })]);
    box.appendChild(C.el('div', { text: C.nodeState(node) + ' · ' + C.meshRole(node) }));
    var where = [node.region, node.country].filter(Boolean).join(', ');
    if (where) { box.appendChild(C.el('div', { text: where })); }
    var hosted = [];
    slivers.forEach(function (s) { if (s.node === name) { hosted.push(s); } });
    box.appendChild(C.el('div', { text: hosted.length + ' sliver(s)' + (hosted.length ? ':' : '') }));
    hosted.slice(0, 10).forEach(function (s) {
      box.appendChild(C.el('div', { text: '• ' + (s.clientId || s.name) + ' (' + (s.operationalState || 'pending') + ')' }));
    });
    return box;
  }

  // A link that changes is restyled in place rather than re-created: an update makes no new SVG element. Returns
  // whether a line was added or raised above others (the markers must then be raised above it again).
  function drawLink(id) {
    var link = links.get(id);
    var line = lines.get(id);
    var points = link ? linkPoints(link) : null;
    if (!points) {
      if (line) { linkLayer.removeLayer(line); lines.delete(id); }
      return false;
    }
    var style = linkStyle(link);
    if (line) {
      var modeChanged = line.mode !== link.mode;
      line.setLatLngs(points).setStyle(style);
      line.mode = link.mode;
      if (line.getElement()) { line.getElement().setAttribute('class', 'leaflet-interactive ' + style.className); }
      if (!modeChanged || redrawingAll) { return false; }
      if (link.mode === 'relay') { line.bringToFront(); return true; }
      line.bringToBack();
      return false;
    }
    line = L.polyline(points, Object.assign({ interactive: true, renderer: linksOnCanvas ? linkCanvas : undefined }, style));
    line.linkId = id;
    line.mode = link.mode;
    linkLayer.addLayer(line);
    if (line.getElement()) { line.getElement().setAttribute('data-link', id); }
    if (link.mode !== 'relay' && !redrawingAll) { line.bringToBack(); }
    lines.set(id, line);
    return true;
  }

  // The line's points: its two ends, and for a relayed link a curve between them through its relay; null while an
  // end has no place.
  function linkPoints(link) {
    var a = nodes.get(link.a), b = nodes.get(link.b), via = link.via ? nodes.get(link.via) : null;
    if (!placed(a) || !placed(b)) { return null; }
    var from = L.latLng(a.latitude, a.longitude), to = L.latLng(b.latitude, b.longitude);
    if (link.mode !== 'relay') { return [from, to]; }
    return relayCurve(from, to, placed(via) ? L.latLng(via.latitude, via.longitude) : null);
  }

  // A relayed path is drawn through its relay as two arcs, one end to the relay and the relay to the other end, each
  // bowed outward (away from the path's other end) instead of along the straight direct path to the relay: it leaves
  // each end and the relay at an angle of about 30 degrees to those paths, lies on none of them and keeps its own
  // tooltip. Without a placed relay it is one arc between the ends.
  // Fewer points per arc when thousands of links share a canvas: each point costs projecting on every zoom.
  var CURVE_ZOOM = 10, ARC_STEPS = 16, ARC_STEPS_ON_CANVAS = 6, BULGE = 0.3;
  function relayCurve(from, to, via) {
    var a = map.project(from, CURVE_ZOOM), b = map.project(to, CURVE_ZOOM);
    var points = via ? arc(a, map.project(via, CURVE_ZOOM), b).concat(arc(map.project(via, CURVE_ZOOM), b, a).slice(1))
      : arc(a, b, null);
    return points.map(function (p) { return map.unproject(p, CURVE_ZOOM); });
  }

  // The points of a quadratic arc from p to q whose control point lies BULGE of their distance off their midpoint, on
  // the side away from the point `away` (on one fixed side of p→q when there is none or it lies on their line).
  function arc(p, q, away) {
    var dx = q.x - p.x, dy = q.y - p.y, length = Math.sqrt(dx * dx + dy * dy);
    if (length === 0) { return [p, q]; }
    var nx = -dy / length, ny = dx / length;
    var awaySide = away ? (away.x - p.x) * nx + (away.y - p.y) * ny : 0;
    var side = awaySide > 0 ? -1 : 1;
    var cx = (p.x + q.x) / 2 + side * BULGE * length * nx, cy = (p.y + q.y) / 2 + side * BULGE * length * ny;
    var points = [], steps = linksOnCanvas ? ARC_STEPS_ON_CANVAS : ARC_STEPS;
    for (var i = 0; i <= steps; i++) {
      var t = i / steps, u = 1 - t;
      points.push(L.point(u * u * p.x + 2 * u * t * cx + t * t * q.x, u * u * p.y + 2 * u * t * cy + t * t * q.y));
    }
    return points;
  }

  function linkStyle(link) {
    var color = link.mode === 'direct' ? '#2e7d32' : link.mode === 'relay' ? '#6a1b9a' : '#d32f2f';
    return { color: color, weight: 3, opacity: 0.8, dashArray: link.mode === 'relay' ? '8 6' : null,
      className: 'mesh-link mesh-' + link.mode };
  }

  function linkTooltip(id) {
    var l = links.get(id);
    if (!l) { return ''; }
    var text = l.a + ' ↔ ' + l.b + ': ' + (l.mode === 'relay' ? 'relayed via ' + (l.via || '?') : l.mode);
    return C.el('div', {}, [C.el('div', { text: text }),
      C.el('div', { text: 'last handshake: ' + (l.lastHandshake ? l.lastHandshake + ' (' + C.ago(l.lastHandshake) + ')' : 'none') })]);
  }

  function drawNodeRow(name, node) {
    var row = nodeRows.get(name);
    if (!node) { if (row) { row.remove(); nodeRows.delete(name); } return; }
    var fresh = C.el('tr', { 'data-node': name });
    C.cell(fresh, C.nodeLink(name));
    C.cell(fresh, C.nodeState(node));
    C.cell(fresh, C.meshRole(node));
    C.cell(fresh, [node.region, node.country].filter(Boolean).join(', ') || (placed(node) ? '' : 'unknown'));
    C.cell(fresh, node.slivers);
    C.cell(fresh, node.mesh === 'none' ? '' : C.ago(node.lastSeen));
    if (row) { row.replaceWith(fresh); } else { document.querySelector('#nodes tbody').appendChild(fresh); }
    nodeRows.set(name, fresh);
  }

  function drawUnplaced() {
    var list = document.getElementById('unplaced');
    var names = [];
    nodes.forEach(function (n) { if (!placed(n)) { names.push(n.name); } });
    names.sort();
    list.replaceChildren.apply(list, names.map(function (n) { return C.el('li', {}, [C.nodeLink(n)]); }));
    document.getElementById('unplaced-box').hidden = names.length === 0;
  }

  // The sliver table shows at most SHOWN rows, filtered by the box above it: ten thousand rows are no use to a
  // person and would make every redraw slow. Rows are kept per sliver and rebuilt only when it changed.
  var SHOWN = 500;
  var filterBox = document.getElementById('sliver-filter');
  filterBox.addEventListener('input', function () { drawSliverTable(); });

  function drawSliverTable() {
    var needle = filterBox.value.trim().toLowerCase();
    var matching = [];
    slivers.forEach(function (s) {
      if (!needle || [s.clientId, s.node, s.image, C.slice(s), s.operationalState].some(function (v) {
        return v != null && String(v).toLowerCase().indexOf(needle) >= 0; })) { matching.push(s); }
    });
    var keyed = matching.map(function (s) { return [(s.node || '') + '\u0000' + (s.clientId || '') + '\u0000' + s.name, s]; });
    keyed.sort(function (x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0; });
    matching = keyed.map(function (k) { return k[1]; });
    var shown = matching.slice(0, SHOWN);
    var keep = new Map();
    var rows = shown.map(function (s) {
      var cached = sliverRows.get(s.name);
      var row = cached && cached.sliver === s ? cached.row : sliverRow(s);
      keep.set(s.name, { sliver: s, row: row });
      return row;
    });
    sliverRows = keep;
    var body = document.querySelector('#slivers tbody');
    body.replaceChildren.apply(body, rows);
    document.getElementById('sliver-count').textContent = matching.length > shown.length
      ? 'showing ' + shown.length + ' of ' + matching.length + (needle ? ' matching' : '') + ' slivers: type to narrow'
      : matching.length + (needle ? ' matching' : '') + ' sliver(s)';
  }

  function sliverRow(sliver) {
    var row = C.el('tr', { 'data-sliver': sliver.name });
    C.cell(row, C.slice(sliver));
    C.cell(row, sliver.clientId);
    C.cell(row, sliver.image);
    C.cell(row, sliver.node ? C.nodeLink(sliver.node) : 'not placed yet');
    C.cell(row, sliver.allocationState);
    C.cell(row, sliver.operationalState);
    var expires = C.cell(row, C.countdown(sliver.expires, Date.now()));
    expires.className = 'countdown';
    if (sliver.expires) { expires.setAttribute('data-expires', sliver.expires); expires.title = sliver.expires; }
    C.cell(row, C.login(sliver));
    return row;
  }

  function summary() {
    var placedCount = 0; nodes.forEach(function (n) { if (placed(n)) { placedCount++; } });
    var text = nodes.size + ' nodes (' + placedCount + ' on the map), ' + links.size + ' mesh links, ' + slivers.size + ' slivers';
    document.getElementById('summary').setAttribute('data-lines', String(lines.size));
    document.getElementById('summary').textContent = synced ? text : text + ' — still reading the cluster';
  }

  // Countdowns tick in the page: the server sends nothing for the passing of time.
  setInterval(function () {
    var now = Date.now();
    document.querySelectorAll('#slivers td.countdown[data-expires]').forEach(function (td) {
      td.textContent = C.countdown(td.getAttribute('data-expires'), now);
    });
  }, 1000);

  function legend() {
    var control = L.control({ position: 'bottomright' });
    control.onAdd = function () {
      var box = C.el('div', { className: 'legend' });
      [['line direct', 'direct path'], ['line relay', 'relayed (through the relay)'], ['line down', 'down']]
        .forEach(function (item) { box.appendChild(C.el('div', {}, [C.el('span', { className: item[0] }), item[1]])); });
      [['dot ready', 'Ready'], ['dot notready', 'not ready or not joined'], ['dot inactive', 'agent silent (inactive)'],
        ['dot ready nat', 'behind NAT (blue ring)'], ['dot ready relaynode', 'relay (thick ring)']]
        .forEach(function (item) { box.appendChild(C.el('div', {}, [C.el('span', { className: item[0] }), item[1]])); });
      return box;
    };
    return control;
  }

  // The data the page was served with is drawn now, before the first paint; the stream then sends what changed since.
  var inline = document.getElementById('testbed-data');
  var since = '';
  if (inline) {
    var parsing = performance.now();
    var served = JSON.parse(inline.textContent);
    timing.parse = performance.now() - parsing;
    snapshot(served);
    draw();
    since = '?since=' + encodeURIComponent(served.version);
    inline.remove(); // drawn now; on a large testbed its text is megabytes the page need not keep
  }

  C.stream('/api/testbed/events' + since, {
    snapshot: function (doc) {
      snapshot(doc);
      schedule(doc.version);
    },
    delta: function (doc) {
      timing.received = performance.now();
      apply(doc.nodes, nodes, dirtyNodes, 'name');
      apply(doc.links, links, dirtyLinks, 'id');
      apply(doc.slivers, slivers, dirtySlivers, 'name');
      doc.nodes.upsert.forEach(function (n) { linksOf(n.name).forEach(function (id) { dirtyLinks.add(id); }); });
      synced = doc.synced;
      schedule(doc.version);
    }
  });
})();
