// A node's own page (/nodes/<name>): what a volunteer checks after installing, live from
// /api/nodes/<name>/events ("node" events with the node's detail, "missing" while no such node is known).
'use strict';

(function () {
  var C = Console;
  var name = decodeURIComponent(window.location.pathname.replace(/^\/nodes\//, ''));
  var title = document.getElementById('title');
  title.textContent = 'Node ' + name;
  document.title = 'edgefed node ' + name;
  var current = null;

  C.stream('/api/nodes/' + encodeURIComponent(name) + '/events', {
    node: function (detail) { current = detail; render(detail); },
    missing: function () { current = null; renderMissing(); }
  });

  function renderMissing() {
    verdict('No node named “' + name + '” is known yet. If you have just run the installer, give it a minute: '
      + 'this page updates by itself once the node’s agent registers.', false);
    document.getElementById('problems-box').hidden = true;
    document.getElementById('facts').replaceChildren();
    document.querySelector('#paths tbody').replaceChildren();
    document.querySelector('#slivers tbody').replaceChildren();
    document.body.setAttribute('data-state', 'missing');
  }

  function render(detail) {
    var node = detail.node;
    var healthy = detail.problems.length === 0;
    verdict(healthy ? 'This node has joined, is Ready and its agent reports in the mesh.'
      : 'Something needs attention: see below.', healthy);
    var problemsBox = document.getElementById('problems-box');
    problemsBox.hidden = healthy;
    document.getElementById('problems').replaceChildren.apply(document.getElementById('problems'),
      detail.problems.map(function (p) { return C.el('li', { 'data-reason': p.reason || '' }, [
        C.el('strong', { text: (p.reason || p.source) + ': ' }), p.message]); }));

    var facts = [
      ['Joined the cluster', node.joined ? 'yes' : 'no'],
      ['Ready', node.ready ? 'yes' : 'no' + (detail.readyMessage ? ' (' + detail.readyMessage + ')' : '')],
      ['Agent', node.active === true ? 'active' : node.active === false
        ? 'inactive since ' + (node.inactiveSince || '?') : 'not registered in the mesh'],
      ['Last seen', node.lastSeen ? node.lastSeen + ' (' + C.ago(node.lastSeen) + ')' : 'never'],
      ['VPN addresses', [detail.addressV4, detail.addressV6].filter(Boolean).join(', ') || 'none yet'],
      ['Endpoint', detail.endpoint || 'none (reached through its own connections)'],
      ['Network', C.meshRole(node)],
      ['Location', [node.region, node.country].filter(Boolean).join(', ')
        + (node.latitude != null ? ' (' + node.latitude + ', ' + node.longitude + ')' : 'not set')]
    ];
    var dl = document.getElementById('facts');
    dl.replaceChildren();
    facts.forEach(function (f) {
      dl.appendChild(C.el('dt', { text: f[0] }));
      dl.appendChild(C.el('dd', { text: f[1], 'data-fact': f[0] }));
    });

    var paths = document.querySelector('#paths tbody');
    paths.replaceChildren.apply(paths, detail.paths.map(function (p) {
      var row = C.el('tr', { 'data-peer': p.peer });
      C.cell(row, C.nodeLink(p.peer));
      C.cell(row, p.mode).className = 'mode-' + p.mode;
      C.cell(row, p.via || '');
      C.cell(row, p.endpoint || '');
      C.cell(row, p.lastHandshake ? p.lastHandshake + ' (' + C.ago(p.lastHandshake) + ')' : '');
      C.cell(row, p.reverseMode).className = 'mode-' + p.reverseMode;
      return row;
    }));

    var slivers = document.querySelector('#slivers tbody');
    slivers.replaceChildren.apply(slivers, detail.slivers.map(function (s) {
      var row = C.el('tr', { 'data-sliver': s.name });
      C.cell(row, C.slice(s));
      C.cell(row, s.clientId);
      C.cell(row, s.image);
      C.cell(row, s.allocationState);
      C.cell(row, s.operationalState);
      var td = C.cell(row, C.countdown(s.expires, Date.now()));
      if (s.expires) { td.setAttribute('data-expires', s.expires); td.className = 'countdown'; }
      C.cell(row, C.login(s));
      return row;
    }));
    document.body.setAttribute('data-state', healthy ? 'healthy' : 'problems');
  }

  function verdict(text, good) {
    var p = document.getElementById('verdict');
    p.textContent = text;
    p.className = 'verdict ' + (good ? 'good' : 'bad');
  }

  setInterval(function () {
    var now = Date.now();
    document.querySelectorAll('#slivers td.countdown[data-expires]').forEach(function (td) {
      td.textContent = C.countdown(td.getAttribute('data-expires'), now);
    });
  }, 1000);
})();
