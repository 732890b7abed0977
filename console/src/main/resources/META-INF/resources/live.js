// Shared by the console's pages. Every value that comes from the cluster is put into the page as text
// (textContent, attributes through the DOM), never as markup: node names, labels and client ids are not trusted.
'use strict';

var Console = (function () {
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    if (attributes) {
      Object.keys(attributes).forEach(function (key) {
        if (key === 'text') { node.textContent = attributes[key]; }
        else if (key === 'className') { node.className = attributes[key]; }
        else { node.setAttribute(key, attributes[key]); }
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function nodeLink(name) {
    return el('a', { href: '/nodes/' + encodeURIComponent(name), text: name });
  }

  function cell(row, content) {
    var td = document.createElement('td');
    if (content instanceof Node) { td.appendChild(content); } else { td.textContent = content == null ? '' : String(content); }
    row.appendChild(td);
    return td;
  }

  // "in 1h 02m 03s", "expired", "" (no valid expiry)
  function countdown(expires, now) {
    if (!expires) { return ''; }
    var left = Math.floor((Date.parse(expires) - now) / 1000);
    if (isNaN(left)) { return ''; }
    if (left <= 0) { return 'expired'; }
    var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    var pad = function (x) { return (x < 10 ? '0' : '') + x; };
    return (d > 0 ? d + 'd ' : '') + (d > 0 || h > 0 ? h + 'h ' : '') + pad(m) + 'm ' + pad(s) + 's';
  }

  function ago(time) {
    if (!time) { return 'never'; }
    var seconds = Math.floor((Date.now() - Date.parse(time)) / 1000);
    if (isNaN(seconds)) { return String(time); }
    if (seconds < 60) { return Math.max(seconds, 0) + ' s ago'; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ago'; }
    if (seconds < 86400) { return Math.floor(seconds / 3600) + ' h ago'; }
    return Math.floor(seconds / 86400) + ' days ago';
  }

  function login(sliver) {
    return sliver.loginHost ? sliver.loginHost + (sliver.loginPort ? ':' + sliver.loginPort : '') : '';
  }

  function slice(sliver) {
    return sliver.sliceUrn || (sliver.sliceId ? 'slice ' + sliver.sliceId.substring(0, 12) : '');
  }

  function nodeState(node) {
    if (!node.joined) { return 'not joined'; }
    if (node.active === false) { return 'inactive'; }
    return node.ready ? 'Ready' : 'not ready';
  }

  function meshRole(node) {
    var role = node.mesh === 'nat' ? 'behind NAT' : node.mesh === 'public' ? 'public' : 'not in the mesh';
    return node.relay ? role + ', relay' : role;
  }

  // Opens an EventSource and reports the connection's state in #status.
  function stream(url, handlers) {
    var status = document.getElementById('status');
    status.textContent = 'connecting…'; status.className = 'status';
    var source = new EventSource(url);
    source.onopen = function () { status.textContent = 'live'; status.className = 'status'; };
    source.onerror = function () { status.textContent = 'reconnecting…'; status.className = 'status offline'; };
    Object.keys(handlers).forEach(function (event) {
      source.addEventListener(event, function (message) { handlers[event](JSON.parse(message.data)); });
    });
    return source;
  }

  return { el: el, nodeLink: nodeLink, cell: cell, countdown: countdown, ago: ago, login: login, slice: slice,
    nodeState: nodeState, meshRole: meshRole, stream: stream };
})();
