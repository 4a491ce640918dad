// page.js - the HTML report's script (src/report/html.c inlines it; its CSP names its hash):
// builds the page from the JSON data element, with textContent and attributes only.
'use strict';
// Everything from the analyzed tree reaches the page through textContent or an attribute,
// never as markup; a link's href only from the --source-url template, http(s) alone.
var D = JSON.parse(document.getElementById('data').textContent);
var SVG = 'http://www.w3.org/2000/svg';
var OVERSCAN = 20;
var EAGER_ROWS = 1000;  // a longer folded list is built when it is opened
var ROUTINE_SKIPS = ['unknown language', 'excluded', 'excluded language'];
var metrics = D.metrics, NM = metrics.length;

function add(node, kids) {
  (kids || []).forEach(function (k) {
    if (k === null || k === undefined) return;
    node.appendChild(typeof k === 'object' ? k : document.createTextNode(String(k)));
  });
  return node;
}
function make(doc, tag, attrs, kids) {
  var node = doc ? document.createElementNS(SVG, tag) : document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });
  return add(node, kids);
}
function el(tag, attrs, kids) { return make(false, tag, attrs, kids); }
function svg(tag, attrs, kids) { return make(true, tag, attrs, kids); }
// Control characters of a name shown as \xNN, and the characters that reorder text on
// display (bidirectional controls, U+2028/2029) as \uNNNN, as the text report does.
function shown(s) {
  return String(s).replace(/[\u0000-\u001f\u007f-\u009f]/g, function (c) {
    return '\\x' + ('0' + c.charCodeAt(0).toString(16)).slice(-2);
  }).replace(/[\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, function (c) {
    return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
  });
}
function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }
function fixed(x, digits) { return x === null || x === undefined ? '' : Number(x).toFixed(digits); }
function bits(x) { var n = 0; for (; x; x &= x - 1) n++; return n; }

// ---- the data ----
function fileOf(f, i) {
  return { index: i, path: f[0], lang: f[1], status: f[2], reason: f[3], code: f[4], mi: f[5],
           volume: f[6], difficulty: f[7], effort: f[8], repo: f[9], units: 0, nloc: 0,
           ccnSum: 0, ccnMax: 0, cogMax: 0, violating: 0 };
}
var files = D.files.map(fileOf);
function unitOf(u, i) {
  var base = u[7 + NM];
  var x = { index: i, file: files[u[0]], name: u[1], line: u[2], values: u.slice(3, 3 + NM),
            over: u[3 + NM], score: u[4 + NM], suppressed: u[5 + NM], baselined: u[6 + NM],
            base: D.gate === null ? undefined : base, incs: u[8 + NM] || null };
  x.isNew = D.gate !== null && base === null;
  x.worse = !!base && x.values.some(function (v, k) { return v > base[k]; });
  return x;
}
var units = D.units.map(unitOf);
units.forEach(function (u) {
  var f = u.file;
  f.units++; f.nloc += u.values[4]; f.ccnSum += u.values[0];
  f.ccnMax = Math.max(f.ccnMax, u.values[0]); f.cogMax = Math.max(f.cogMax, u.values[1]);
  f.violating += u.over ? 1 : 0;
});

// ---- links to the code ----
function fillTemplate(key, file, line) {
  var id = D.identity;
  if (key === 'path') return (file.repo || file.path).split('/').map(encodeURIComponent).join('/');
  if (key === 'line') return String(line || 1);
  if (key === 'commit') return encodeURIComponent(id.commit || id.branch || 'HEAD');
  return encodeURIComponent(id.branch || id.commit || 'HEAD');
}
function linkTo(file, line) {
  var t = D.source_url;
  if (!t || !/^https?:\/\//i.test(t)) return null;
  return t.replace(/\{(commit|branch|path|line)\}/g, function (all, key) {
    return fillTemplate(key, file, line);
  });
}
// text, linked to the code when the report has a source URL.
function codeLink(text, file, line) {
  var url = linkTo(file, line);
  return url ? el('a', { href: url, rel: 'noopener noreferrer' }, [text]) : text;
}

// ---- header and summary ----
function card(title, big, rows) {
  var dl = el('dl');
  rows.forEach(function (r) { if (r) add(dl, [el('dt', {}, [r[0]]), el('dd', {}, [r[1]])]); });
  return el('div', { class: 'card' }, [el('h3', {}, [title]), el('div', { class: 'big' }, [big]), dl]);
}
function identityItem(label, value, id, code) {
  if (!value) return null;
  return el('span', { id: id }, [el('b', {}, [label]), code ? el('code', {}, [shown(value)]) : shown(value)]);
}
function identity() {
  var id = D.identity;
  return el('div', { class: 'identity', id: 'identity' }, [
    identityItem('path', id.root, 'id-root', true),
    identityItem('branch', id.branch, 'id-branch', true),
    id.commit ? el('span', { id: 'id-commit', title: id.commit }, [el('b', {}, ['commit']),
      el('code', {}, [id.commit.slice(0, 12)])]) : null,
    identityItem('committed', id.date, 'id-date'),
    identityItem('origin', id.uri, 'id-uri', true),
    identityItem('report written', D.generated, 'id-generated')]);
}
function heading() {
  var name = D.identity.project;
  return el('h1', {}, [name ? shown(name) + ' \u2014 assay report' : 'assay report',
    el('span', { class: 'badge ' + D.status, id: 'status' }, [D.status]),
    el('span', { class: 'badge ' + (D.exit_code ? 'failing' : 'complete'), id: 'exit-code' },
       ['exit ' + D.exit_code])]);
}
function filesCard(s) {
  var analyzed = s.ok + s.partial + s.fallback;
  return card('Files', plural(analyzed, 'file') + ' analyzed', [
    ['ok', s.ok], ['partial', s.partial], ['fallback', s.fallback], ['failed', s.failed],
    ['skipped', s.skipped], s.pending ? ['not reached', s.pending] : null,
    s.not_source ? ['not source', s.not_source] : null]);
}
function violationsCard(s) {
  var byMetric = metrics.map(function (m, k) { return s.by_metric[k] ? [m.label, s.by_metric[k]] : null; });
  return card('Violations', plural(s.violations, 'violation'),
    [['in', plural(s.violating_units, 'function')],
     s.suppressed ? ['suppressed by comments', s.suppressed] : null,
     s.baselined ? ['accepted by the baseline', s.baselined] : null].concat(byMetric));
}
function runCard() {
  var deaths = D.worker_deaths;
  var died = deaths.crash || deaths.timeout || deaths.sandbox_violation;
  return card('Run', D.status, [
    ['exit code', D.exit_code], D.interrupted_by ? ['interrupted by', D.interrupted_by] : null,
    D.gate ? ['gated', D.gate] : null, ['sandbox', D.sandbox], ['workers', D.jobs],
    died ? ['worker deaths', deaths.crash + ' crashed, ' + deaths.timeout + ' timed out, ' +
            deaths.sandbox_violation + ' sandbox violations'] : null,
    ['cache', D.cache], ['time', D.seconds.toFixed(2) + ' s'], ['assay', D.assay_version]]);
}
function summary() {
  var s = D.summary;
  var langs = D.languages.map(function (l) { return l.display + ' ' + l.units; }).join(', ');
  var limits = metrics.filter(function (m) { return m.limit !== null; })
    .map(function (m) { return m.label + ' ' + m.limit; }).join(', ');
  return [heading(), identity(), el('p', { class: 'muted' }, ['Limits: ' + limits]),
    el('div', { class: 'cards', id: 'summary' }, [filesCard(s),
      card('Units', plural(s.units, 'function'), [['by language', langs || 'none']]),
      violationsCard(s), runCard()])];
}

// ---- a sortable table that renders only the rows in view ----
function compareBy(col, dir) {
  return function (a, b) {
    var x = col.get(a), y = col.get(b);
    var c = x < y ? -1 : x > y ? 1 : 0;
    return c * dir || (col.then ? col.then(a, b) : 0) || a.index - b.index;
  };
}
function VTable(id, columns, rows, row) {
  this.id = id; this.columns = columns; this.all = rows; this.list = rows; this.row = row;
  this.sort = null; this.dir = 1; this.rowH = 24; this.onSort = null;
  this.body = el('tbody', { id: id + '-body' });
  this.head = el('tr');
  this.table = el('table', { id: id, class: 'vt' }, [el('thead', {}, [this.head]), this.body]);
  this.scroller = el('div', { class: 'scroll', id: id + '-scroll' }, [this.table]);
  var t = this;
  columns.forEach(function (c) { t.head.appendChild(t.header(c)); });
  this.scroller.addEventListener('scroll', function () { t.paint(); });
}
VTable.prototype.header = function (c) {
  var t = this;
  var th = el('th', { class: c.text ? '' : 'num', scope: 'col', 'data-key': c.key,
                      title: c.title || 'sort by ' + c.label }, [c.label]);
  th.addEventListener('click', function () {
    t.setSort(c.key, t.sort === c.key ? -t.dir : (c.text ? 1 : -1));
    if (t.onSort) t.onSort();
    t.refresh();
  });
  return th;
};
VTable.prototype.column = function (key) {
  return this.columns.filter(function (c) { return c.key === key; })[0];
};
VTable.prototype.setSort = function (key, dir) {
  var col = this.column(key);
  this.sort = col ? key : null;
  this.dir = dir || (col && col.text ? 1 : -1);
};
// keep: the rows to show (all of them when null), sorted by the current column.
VTable.prototype.refresh = function (keep) {
  var list = keep ? this.all.filter(keep) : this.all.slice();
  var col = this.column(this.sort);
  if (col) list.sort(compareBy(col, this.dir));
  this.list = list;
  var t = this;
  Array.prototype.forEach.call(this.head.children, function (th) {
    if (th.dataset.key === t.sort) th.setAttribute('aria-sort', t.dir > 0 ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  });
  this.paint();
};
VTable.prototype.spacer = function (height) {
  var td = el('td', { colspan: this.columns.length });
  td.style.height = height + 'px';
  return el('tr', { class: 'spacer', 'aria-hidden': 'true' }, [td]);
};
// The rows in the scrolled window, and spacers of the height of those above and below.
VTable.prototype.paint = function () {
  var view = this.scroller.clientHeight || 600;
  var first = Math.max(0, Math.floor(this.scroller.scrollTop / this.rowH) - OVERSCAN);
  var last = Math.min(this.list.length, first + Math.ceil(view / this.rowH) + 2 * OVERSCAN);
  this.body.textContent = '';
  this.body.appendChild(this.spacer(first * this.rowH));
  for (var i = first; i < last; i++) {
    var tr = this.row(this.list[i]);
    tr.setAttribute('data-pos', i);
    this.body.appendChild(tr);
  }
  this.body.appendChild(this.spacer((this.list.length - last) * this.rowH));
  this.measure(last > first);
};
// Rows are one line high; their real height (fonts differ) replaces the guess once.
VTable.prototype.measure = function (any) {
  var tr = any ? this.body.children[1] : null;
  var h = tr ? tr.getBoundingClientRect().height : 0;
  if (h > 0 && Math.abs(h - this.rowH) > 0.5) { this.rowH = h; this.paint(); }
};
function cell(value, cls, title) {
  var attrs = { class: cls || 'num' };
  if (title) attrs.title = title;
  return el('td', attrs, [value]);
}

// ---- the functions, worst first ----
var state = { filter: '', violations: false, selected: null };
var unitTable;
function worstFirst(a, b) {
  return bits(b.over) - bits(a.over) || b.values[0] - a.values[0] || b.values[1] - a.values[1];
}
function unitColumns() {
  var cols = [
    { key: 'file', label: 'File', text: true, get: function (u) { return u.file.path; },
      then: function (a, b) { return a.line - b.line; } },
    { key: 'line', label: 'Line', get: function (u) { return u.line; } },
    { key: 'name', label: 'Name', text: true, get: function (u) { return u.name; } }];
  metrics.forEach(function (m, k) {
    cols.push({ key: m.name, label: m.label, get: function (u) { return u.values[k]; } });
  });
  cols.push({ key: 'score', label: 'Score', get: function (u) { return u.score; }, then: worstFirst,
              title: 'how far over its limit: value / limit, the largest across metrics' });
  cols.push({ key: 'mark', label: 'Mark', text: true, get: markText });
  return cols;
}
function markText(u) {
  return (u.isNew ? 'new ' : '') + (u.worse ? 'worse ' : '') + (u.baselined ? 'baselined ' : '') +
         (u.suppressed ? 'suppressed' : '');
}
function marks(u, tag) {
  var td = el(tag || 'td', { class: 'marks' });
  [['new', u.isNew, 'not in the base revision'], ['worse', u.worse, 'worse than in the base revision'],
   ['baselined', u.baselined, 'accepted by the baseline'],
   ['suppressed', u.suppressed, 'suppressed by an assay: ignore comment']].forEach(function (m) {
    if (m[1]) add(td, [el('span', { class: 'mark ' + m[0], title: m[2] }, [m[0]])]);
  });
  return td;
}
function metricCell(u, k) {
  var m = metrics[k], cls = 'num', title = null;
  if (u.over & (1 << k)) { cls += ' over'; title = 'limit ' + m.limit; }
  if (u.base) {
    title = (title ? title + ', ' : '') + 'was ' + u.base[k];
    if (u.values[k] > u.base[k]) cls += ' worse';
  }
  return cell(u.values[k], cls, title);
}
function unitRow(u) {
  var tr = el('tr', { class: u === state.selected ? 'unit selected' : 'unit', 'data-unit': u.index },
    [el('td', { class: 'path', title: shown(u.file.path) }, [codeLink(shown(u.file.path), u.file, 1)]),
     cell(u.line), el('td', { class: 'name', title: shown(u.name) }, [codeLink(shown(u.name), u.file, u.line)])]);
  for (var k = 0; k < NM; k++) tr.appendChild(metricCell(u, k));
  add(tr, [cell(fixed(u.score, 2)), marks(u)]);
  tr.addEventListener('click', function (e) { if (e.target.tagName !== 'A') select(u); });
  return tr;
}
function keepUnit() {
  var needle = state.filter.toLowerCase();
  if (!needle && !state.violations) return null;
  return function (u) {
    if (state.violations && !u.over) return false;
    return !needle || u.file.path.toLowerCase().indexOf(needle) >= 0 ||
           u.name.toLowerCase().indexOf(needle) >= 0;
  };
}
function renderRows() {
  unitTable.refresh(keepUnit());
  document.getElementById('unit-count').textContent =
    unitTable.list.length + ' of ' + plural(units.length, 'unit');
}
function unitSection() {
  unitTable = new VTable('units', unitColumns(), units, unitRow);
  unitTable.onSort = saveFragment;
  var filter = el('input', { type: 'search', id: 'filter', placeholder: 'filter by path or name',
                             'aria-label': 'filter by path or name' });
  filter.addEventListener('input', function () { state.filter = filter.value; saveFragment(); renderRows(); });
  var only = el('input', { type: 'checkbox', id: 'violations-only' });
  only.addEventListener('change', function () { state.violations = only.checked; saveFragment(); renderRows(); });
  return el('section', {}, [el('h2', {}, ['Functions, worst first']),
    el('p', { class: 'muted' }, ['Sorted by how far each is over its limit (value / limit, the largest ' +
      'across metrics), as the text report\u2019s worst list. Click a row for its figures.']),
    el('div', { class: 'controls' }, [filter, el('label', {}, [only, ' violations only']),
                                      el('span', { class: 'muted', id: 'unit-count' })]),
    unitTable.scroller, el('div', { id: 'unit-detail' })]);
}

// ---- one function's figures (the row's expansion) ----
function detailRow(u, k) {
  var m = metrics[k], over = u.over & (1 << k);
  return el('tr', {}, [el('td', {}, [m.label]), cell(u.values[k], over ? 'num over' : 'num'),
    cell(m.limit === null ? 'off' : m.limit), cell(u.base ? u.base[k] : '')]);
}
function select(u) {
  state.selected = u;
  var box = document.getElementById('unit-detail');
  box.textContent = '';
  box.className = 'detail';
  var body = el('tbody');
  for (var k = 0; k < NM; k++) body.appendChild(detailRow(u, k));
  var where = shown(u.file.repo || u.file.path) + ':' + u.line;
  add(box, [el('h3', {}, [codeLink(shown(u.name), u.file, u.line), ' ', marks(u, 'span')]),
    el('p', { class: 'muted' }, [where + ', score ' + fixed(u.score, 2)]),
    el('table', { id: 'detail-metrics' }, [el('thead', {}, [el('tr', {}, ['Metric', 'Value', 'Limit',
      D.gate ? 'Base' : ''].map(function (h) { return el('th', {}, [h]); }))]), body]),
    increments(u),
    el('p', {}, [u.incs ? 'The same, with each line of source: ' : 'Every increment behind these figures: ',
      el('code', {}, ['assay explain ' + shown(u.file.path) + ':' + u.line])])]);
  unitTable.paint();
}
// The increments by line: [line, CCN added, cognitive added, of which nesting, constructs].
function byLine(incs) {
  var lines = {};
  incs.forEach(function (i) {
    var l = lines[i[0]] || (lines[i[0]] = [i[0], 0, 0, 0, []]);
    l[1 + i[2]] += i[4];
    if (i[2] === 1) l[3] += i[5];
    if (l[4].indexOf(i[3]) < 0) l[4].push(i[3]);
  });
  return Object.keys(lines).map(function (k) { return lines[k]; }).sort(function (a, b) { return a[0] - b[0]; });
}
// What adds to its CCN and cognitive complexity, line by line (the worst units only).
function increments(u) {
  if (!u.incs) return null;
  var body = el('tbody');
  byLine(u.incs).forEach(function (l) {
    body.appendChild(el('tr', {}, [cell(l[0]), cell(l[1] ? '+' + l[1] : ''), cell(l[2] ? '+' + l[2] : ''),
      cell(l[3] ? '+' + l[3] : ''), el('td', {}, [l[4].join(', ')])]));
  });
  var head = ['Line', 'CCN', 'Cognitive', 'of which nesting', 'Constructs'].map(function (h, i) {
    return el('th', { class: i < 4 ? 'num' : '' }, [h]);
  });
  return el('div', { class: 'scroll increments' }, [el('table', { id: 'detail-increments' },
    [el('thead', {}, [el('tr', {}, head)]), body])]);
}

// ---- histograms of CCN and cognitive complexity ----
function binLows(limit, zero) {
  var lows = (zero ? [0] : []).concat([1, 2, 5, 10, 15, 20, 30, 50, 100]);
  if (limit !== null && lows.indexOf(limit + 1) < 0 && limit + 1 < 100) lows.push(limit + 1);
  return lows.sort(function (a, b) { return a - b; });
}
function binLabel(lows, b) {
  var lo = lows[b], hi = b + 1 < lows.length ? lows[b + 1] - 1 : Infinity;
  return hi === Infinity ? lo + '+' : lo === hi ? String(lo) : lo + '\u2013' + hi;
}
function binCounts(k, lows) {
  var counts = lows.map(function () { return 0; });
  units.forEach(function (u) {
    var b = lows.length - 1;
    while (b > 0 && u.values[k] < lows[b]) b--;
    counts[b]++;
  });
  return counts;
}
// Heights on a log scale, so a bar of 3 beside one of 30 000 still shows.
function logScale(top, plotH) {
  var span = Math.log10(top + 1);
  return function (n) { return span ? Math.log10(n + 1) / span * plotH : 0; };
}
function yAxis(g, geo, top, y) {
  for (var t = 1; t <= top; t *= 10) {
    var at = (geo.top + geo.plotH - y(t)).toFixed(1);
    add(g, [svg('line', { class: 'grid', x1: geo.left, x2: geo.W - geo.right, y1: at, y2: at }),
            svg('text', { class: 'tick', x: geo.left - 5, y: at, dy: 4, 'text-anchor': 'end' }, [t])]);
  }
}
function histBar(g, geo, b, n, label, over, y) {
  var h = y(n), x = geo.left + b * geo.bw;
  add(g, [svg('rect', { class: over ? 'bar over' : 'bar', x: (x + 2).toFixed(1),
                        y: (geo.top + geo.plotH - h).toFixed(1), width: (geo.bw - 4).toFixed(1),
                        height: h.toFixed(1) }, [svg('title', {}, [geo.name + ' ' + label + ': ' + plural(n, 'unit')])]),
          svg('text', { class: 'label bin', x: (x + geo.bw / 2).toFixed(1), y: geo.H - geo.bottom + 14,
                        'text-anchor': 'middle' }, [label])]);
  if (n) add(g, [svg('text', { class: 'label count', x: (x + geo.bw / 2).toFixed(1),
                               y: (geo.top + geo.plotH - h - 3).toFixed(1), 'text-anchor': 'middle' }, [n])]);
}
function limitMark(g, geo, lows, limit) {
  var b = lows.indexOf(limit + 1);
  if (limit === null || b < 0) return;
  var x = geo.left + b * geo.bw, right = x > geo.W * 0.7;
  add(g, [svg('line', { class: 'limit', x1: x, x2: x, y1: 6, y2: geo.top + geo.plotH }),
          svg('text', { class: 'label', x: x, y: 14, dx: right ? -4 : 4, 'text-anchor': right ? 'end' : 'start' },
              ['limit ' + limit])]);
}
function histogram(k) {
  var m = metrics[k], lows = binLows(m.limit, k === 1), counts = binCounts(k, lows);
  var top = Math.max.apply(null, counts.concat([1]));
  var geo = { W: 560, H: 300, left: 46, right: 8, top: 30, bottom: 36, name: m.label };
  geo.plotW = geo.W - geo.left - geo.right; geo.plotH = geo.H - geo.top - geo.bottom;
  geo.bw = geo.plotW / lows.length;
  var y = logScale(top, geo.plotH);
  var g = svg('svg', { id: 'histogram-' + m.name, class: 'histogram', viewBox: '0 0 ' + geo.W + ' ' + geo.H,
                       role: 'img', 'aria-label': 'histogram of ' + m.label }, [svg('title', {}, ['Units by ' + m.label])]);
  yAxis(g, geo, top, y);
  counts.forEach(function (n, b) {
    histBar(g, geo, b, n, binLabel(lows, b), m.limit !== null && lows[b] > m.limit, y);
  });
  limitMark(g, geo, lows, m.limit);
  add(g, [svg('line', { class: 'axis', x1: geo.left, x2: geo.W - geo.right, y1: geo.top + geo.plotH, y2: geo.top + geo.plotH }),
          svg('text', { x: geo.left + geo.plotW / 2, y: geo.H - 4, 'text-anchor': 'middle' }, [m.label]),
          svg('text', { x: 12, y: geo.top + geo.plotH / 2, 'text-anchor': 'middle',
                        transform: 'rotate(-90 12 ' + (geo.top + geo.plotH / 2) + ')' }, ['units (log scale)'])]);
  return el('section', {}, [el('h2', {}, [m.label + ' histogram']),
    el('p', { class: 'muted' }, ['Units by ' + m.label + ', on a log scale; red bars are over the limit.']), g]);
}

// ---- treemap: directories, then files, drilled into by a click ----
function treeNode(name, path) {
  return { name: name, path: path, kids: {}, size: 0, units: 0, violating: 0, file: null };
}
function buildTree() {
  var root = treeNode('', '');
  files.forEach(function (f) {
    if (!f.code && !f.units) return;
    var node = root;
    f.path.split('/').filter(function (s) { return s && s !== '.'; }).forEach(function (s) {
      var path = node.path ? node.path + '/' + s : s;
      node = node.kids[s] || (node.kids[s] = treeNode(s, path));
      node.parent = node.parent || null;
    });
    node.file = f;
    node.size = f.code; node.units = f.units; node.violating = f.violating;
  });
  sumTree(root);
  return root;
}
function sumTree(node) {
  Object.keys(node.kids).forEach(function (k) {
    var kid = node.kids[k];
    kid.parent = node;
    if (!kid.file) sumTree(kid);
    node.size += kid.size; node.units += kid.units; node.violating += kid.violating;
  });
}
// A directory with a single directory in it shows that one's contents.
function descend(node) {
  var keys = Object.keys(node.kids);
  while (keys.length === 1 && !node.kids[keys[0]].file && Object.keys(node.kids[keys[0]].kids).length) {
    node = node.kids[keys[0]];
    keys = Object.keys(node.kids);
  }
  return node;
}
function findNode(root, path) {
  var node = root;
  (path || '').split('/').filter(Boolean).forEach(function (s) { node = node && node.kids[s]; });
  return node || root;
}
// Squarified layout (Bruls, Huizing, van Wijk): items sorted by size, each row grown while
// that makes its worst aspect ratio no worse. Sizes are scaled to the rectangle's area.
function squarify(items, x, y, w, h) {
  var total = items.reduce(function (a, it) { return a + it.size; }, 0);
  var scale = w * h / total, rest = items.slice(), row = [], out = [];
  function worst(r, side) {
    var sum = 0, mx = 0, mn = Infinity;
    r.forEach(function (it) { var a = it.size * scale; sum += a; mx = Math.max(mx, a); mn = Math.min(mn, a); });
    return Math.max(side * side * mx / (sum * sum), sum * sum / (side * side * mn));
  }
  function place(r) {
    var sum = r.reduce(function (a, it) { return a + it.size * scale; }, 0);
    var across = w >= h, thick = across ? sum / h : sum / w, at = across ? y : x;
    r.forEach(function (it) {
      var len = it.size * scale / thick;
      out.push(across ? { item: it, x: x, y: at, w: thick, h: len } : { item: it, x: at, y: y, w: len, h: thick });
      at += len;
    });
    if (across) { x += thick; w -= thick; } else { y += thick; h -= thick; }
  }
  while (rest.length) {
    var side = Math.min(w, h);
    if (!row.length || worst(row.concat([rest[0]]), side) <= worst(row, side)) row.push(rest.shift());
    else { place(row); row = []; }
  }
  if (row.length) place(row);
  return out;
}
// Colour by the share of a node's functions over a limit.
var SHARES = [0, 0.05, 0.10, 0.20];
function tone(node) {
  if (!node.units) return 5;
  var share = node.violating / node.units;
  for (var i = 0; i < SHARES.length; i++) if (share <= SHARES[i]) return i;
  return SHARES.length;
}
// The name cut at its end to fit w pixels (about 6.5 per character), '' if nothing fits.
function fitName(name, w) {
  var room = Math.floor((w - 8) / 6.5);
  if (room < 3) return '';
  return name.length > room ? name.slice(0, room - 1) + '\u2026' : name;
}
function tileTip(node) {
  var share = node.units ? ' (' + (100 * node.violating / node.units).toFixed(1) + '%)' : '';
  return shown(node.path) + (node.file ? '' : '/') + ': ' + node.size + ' code lines, ' +
         plural(node.units, 'function') + ', ' + node.violating + ' over a limit' + share;
}
function tile(r) {
  var node = r.item;
  var g = svg('g', { class: node.file ? 'file' : 'dir', 'data-path': node.path },
    [svg('title', {}, [tileTip(node)]),
     svg('rect', { class: 'tile t' + tone(node), x: r.x.toFixed(1), y: r.y.toFixed(1),
                   width: r.w.toFixed(1), height: r.h.toFixed(1) })]);
  var name = r.h >= 16 ? fitName(shown(node.name) + (node.file ? '' : '/'), r.w) : '';
  if (name) add(g, [svg('text', { class: 'tile-name', x: (r.x + 4).toFixed(1), y: (r.y + 13).toFixed(1) }, [name])]);
  var line = r.h >= 30 ? fitName(node.units ? node.violating + '/' + node.units + ' over' : node.size + ' lines', r.w) : '';
  if (name && line) add(g, [svg('text', { x: (r.x + 4).toFixed(1), y: (r.y + 26).toFixed(1) }, [line])]);
  g.addEventListener('click', function () { openNode(node); });
  return g;
}
var tree, treeState = { dir: '' };
function openNode(node) {
  if (node.file) {
    state.filter = node.file.path;
    document.getElementById('filter').value = state.filter;
    saveFragment(); renderRows();
    return;
  }
  treeState.dir = node.path;
  saveFragment(); drawTree();
}
function crumbs(node) {
  var chain = [];
  for (var n = node; n; n = n.parent) chain.unshift(n);
  var box = el('div', { class: 'crumbs', id: 'treemap-crumbs' });
  chain.forEach(function (n, i) {
    var label = i ? shown(n.name) : (D.identity.project ? shown(D.identity.project) : 'all');
    if (i) add(box, [' / ']);
    if (n === node) { add(box, [el('b', {}, [label])]); return; }
    var b = el('button', { type: 'button', 'data-path': n.path }, [label]);
    b.addEventListener('click', function () { treeState.dir = n.path; saveFragment(); drawTree(); });
    box.appendChild(b);
  });
  return box;
}
function drawTree() {
  var node = descend(findNode(tree, treeState.dir));
  var box = document.getElementById('treemap-box');
  // Drawn at the size it is shown (a phone gets a square), so labels are real pixels.
  var W = Math.round(Math.min(Math.max(box.clientWidth || 960, 300), 1100)), H = W < 600 ? W : 420;
  var items = Object.keys(node.kids).map(function (k) { return node.kids[k]; })
    .filter(function (n) { return n.size > 0; })
    .sort(function (a, b) { return b.size - a.size || (a.name < b.name ? -1 : 1); });
  var g = svg('svg', { id: 'treemap', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'data-dir': node.path,
                       'aria-label': 'treemap of ' + (node.path || 'the tree') }, [svg('title', {}, [tileTip(node)])]);
  if (!items.length)
    add(g, [svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, ['no code was measured'])]);
  else squarify(items, 0, 0, W, H).forEach(function (r) { g.appendChild(tile(r)); });
  box.textContent = '';
  add(box, [crumbs(node), g]);
}
function treeLegend() {
  var legend = el('div', { class: 'legend' }, ['functions over a limit:']);
  ['none', 'up to 5%', '5\u201310%', '10\u201320%', 'over 20%', 'no functions'].forEach(function (label, i) {
    add(legend, [el('span', {}, [el('span', { class: 'swatch t' + i }), label])]);
  });
  return legend;
}
function treemap() {
  tree = buildTree();
  return el('section', {}, [el('h2', {}, ['Directories and files']),
    el('p', { class: 'muted' }, ['Sized by code lines, coloured by the share of functions over a limit. ' +
      'Click a directory to open it, a file to list its functions.']),
    el('div', { id: 'treemap-box' }), treeLegend()]);
}

// ---- per file and per directory ----
function measured(f) { return f.status === 'ok' || f.status === 'partial' || f.status === 'fallback'; }
function fileColumns() {
  return [
    { key: 'path', label: 'File', text: true, get: function (f) { return f.path; } },
    { key: 'functions', label: 'Functions', get: function (f) { return f.units; } },
    { key: 'code', label: 'Code', get: function (f) { return f.code; } },
    { key: 'ccn_mean', label: 'CCN avg', get: function (f) { return f.units ? f.ccnSum / f.units : 0; } },
    { key: 'ccn_max', label: 'CCN max', get: function (f) { return f.ccnMax; } },
    { key: 'cognitive_max', label: 'Cognitive max', get: function (f) { return f.cogMax; } },
    { key: 'mi', label: 'MI', get: function (f) { return f.mi; }, title: 'maintainability index (0\u2013100)' },
    { key: 'volume', label: 'Volume', get: function (f) { return f.volume; }, title: 'Halstead volume' },
    { key: 'difficulty', label: 'Difficulty', get: function (f) { return f.difficulty; }, title: 'Halstead difficulty' },
    { key: 'effort', label: 'Effort', get: function (f) { return f.effort; }, title: 'Halstead effort' },
    { key: 'violating', label: 'Over', get: function (f) { return f.violating; }, title: 'functions over a limit' }];
}
function fileRow(f) {
  return el('tr', {}, [el('td', { class: 'path', title: shown(f.path) }, [codeLink(shown(f.path), f, 1)]),
    cell(f.units), cell(f.code), cell(fixed(f.units ? f.ccnSum / f.units : 0, 1)), cell(f.ccnMax),
    cell(f.cogMax), cell(fixed(f.mi, 1)), cell(fixed(f.volume, 0)), cell(fixed(f.difficulty, 1)),
    cell(fixed(f.effort, 0)), cell(f.violating)]);
}
function dirOf(d, i) {
  return { index: i, path: d[0], files: d[1], functions: d[2], nloc: d[3], ccnMean: d[4], ccnMax: d[5],
           cogMean: d[6], cogMax: d[7], mi: d[8], violating: d[9], volume: d[10] };
}
function dirColumns() {
  var num = function (key, label, field, title) {
    return { key: key, label: label, title: title, get: function (d) { return d[field]; } };
  };
  return [{ key: 'path', label: 'Directory', text: true, get: function (d) { return d.path; } },
    num('files', 'Files', 'files'), num('functions', 'Functions', 'functions'), num('nloc', 'NLOC', 'nloc'),
    num('ccn_mean', 'CCN avg', 'ccnMean'), num('ccn_max', 'CCN max', 'ccnMax'),
    num('cognitive_mean', 'Cognitive avg', 'cogMean'), num('cognitive_max', 'Cognitive max', 'cogMax'),
    num('mi', 'MI', 'mi', 'maintainability index, weighted by code lines'),
    num('volume', 'Volume', 'volume', 'Halstead volume of its files'), num('violating', 'Over', 'violating')];
}
function dirRow(d) {
  return el('tr', {}, [el('td', { class: 'path', title: shown(d.path) }, [shown(d.path)]), cell(d.files),
    cell(d.functions), cell(d.nloc), cell(fixed(d.ccnMean, 1)), cell(d.ccnMax), cell(fixed(d.cogMean, 1)),
    cell(d.cogMax), cell(fixed(d.mi, 1)), cell(fixed(d.volume, 0)), cell(d.violating)]);
}
function groupSection(title, note, table) {
  table.setSort('violating', -1);
  table.refresh();
  return el('section', {}, [el('h2', {}, [title]), el('p', { class: 'muted' }, [note]), table.scroller]);
}
function groupSections() {
  var ft = new VTable('files', fileColumns(), files.filter(measured), fileRow);
  var dt = new VTable('dirs', dirColumns(), D.directories.map(dirOf), dirRow);
  return [groupSection('Files', 'Each measured file, most functions over a limit first; MI is the ' +
    'maintainability index, Volume, Difficulty and Effort are Halstead\u2019s.', ft),
    groupSection('Directories', 'The files directly in each directory (as --by=dir).', dt)];
}

// ---- files not (fully) measured, collapsed ----
function fileTable(list, id) {
  var body = el('tbody');
  list.forEach(function (f) {
    body.appendChild(el('tr', {}, [el('td', { class: 'path' }, [shown(f.path)]), el('td', {}, [f.status]),
                                   el('td', {}, [f.reason === null ? '' : shown(f.reason)])]));
  });
  return el('table', { id: id }, [el('thead', {}, [el('tr', {}, [el('th', {}, ['File']), el('th', {}, ['Status']),
                                                                   el('th', {}, ['Reason'])])]), body]);
}
// A fold whose content is built the first time it opens (thousands of rows cost nothing
// until then).
function lazyFold(title, build, id) {
  var fold = el('details', id ? { id: id } : {}, [el('summary', {}, [title])]);
  fold.addEventListener('toggle', function () {
    if (fold.open && fold.children.length === 1) fold.appendChild(build());
  });
  return fold;
}
function routine(f) { return f.status === 'skipped' && ROUTINE_SKIPS.indexOf(f.reason) >= 0; }
function fileLists() {
  var attention = files.filter(function (f) { return f.status !== 'ok' && !routine(f); });
  var skipped = files.filter(routine);
  var box = el('details', { id: 'problems' }, [el('summary', {}, [plural(attention.length, 'file') +
    ' not fully measured (partial, fallback, failed or skipped)'])]);
  if (!attention.length)
    box.appendChild(el('p', { class: 'muted', id: 'problem-files' }, ['Every analyzed file parsed completely.']));
  else if (attention.length <= EAGER_ROWS)
    box.appendChild(fileTable(attention, 'problem-files'));
  else
    box = lazyFold(box.firstChild.textContent, function () { return fileTable(attention, 'problem-files'); }, 'problems');
  if (skipped.length) box.appendChild(lazyFold(plural(skipped.length, 'file') +
    ' skipped on purpose (unknown language or excluded)', function () { return fileTable(skipped, 'skipped-files'); }));
  return [el('h2', {}, ['Incomplete, failed and skipped files']), box];
}

// ---- what --strict ignored, applied and refused ----
function strictSection() {
  var S = D.strict;
  if (!S) return [];
  var body = el('tbody');
  S.items.forEach(function (i) {
    body.appendChild(el('tr', {}, [el('td', {}, [i[0]]), el('td', {}, [i[1]]),
                                   el('td', { class: 'path' }, [shown(i[2])]), el('td', {}, [shown(i[3])])]));
  });
  var head = el('tr', {}, ['Kind', 'State', 'Where', 'What'].map(function (h) { return el('th', {}, [h]); }));
  return [el('h2', {}, ['Strict mode']),
    el('p', { class: 'muted', id: 'strict-base' }, [S.base === null ?
      'No base revision: the repository\u2019s suppressions, baseline and generated markers do not count.' :
      'A change\u2019s own excuses count only when the base revision has them: ' + shown(S.base) + '.']),
    S.unmeasured ? el('p', { id: 'strict-unmeasured' }, [plural(S.unmeasured, 'file') + ' not fully measured: the run fails (exit 3).']) : null,
    S.items.length ? el('table', { id: 'strict-items' }, [el('thead', {}, [head]), body]) :
      el('p', { class: 'muted', id: 'strict-items' }, ['Nothing was ignored, applied or refused.'])];
}

// ---- xenon's mean CCN limits ----
function rankSection() {
  var R = D.ranks;
  if (!R) return [];
  var list = el('ul', { id: 'rank-broken' });
  R.broken.forEach(function (b) {
    list.appendChild(el('li', {}, [b[0] === null ? '' : el('span', { class: 'path' }, [shown(b[0]) + ': ']), shown(b[1])]));
  });
  return [el('h2', {}, ['Ranks']),
    el('p', { id: 'rank-mean' }, ['Mean CCN ' + R.mean.toFixed(2) + ', rank ' + R.rank + ' on radon\u2019s scale.']),
    R.broken.length ? list : el('p', { class: 'muted', id: 'rank-broken' }, ['No xenon limit is broken.'])];
}

// ---- the URL fragment: a view that can be linked to or opened by a test ----
function saveFragment() {
  var parts = [];
  if (unitTable.sort !== 'score' || unitTable.dir > 0)
    parts.push('sort=' + encodeURIComponent(unitTable.sort) + ':' + (unitTable.dir > 0 ? 'asc' : 'desc'));
  if (state.filter) parts.push('filter=' + encodeURIComponent(state.filter));
  if (state.violations) parts.push('violations=1');
  if (treeState.dir) parts.push('dir=' + encodeURIComponent(treeState.dir));
  try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname); }
  catch (e) { /* some browsers refuse it for pages opened from disk; the view still works */ }
}
// sort=KEY or KEY:asc or KEY:desc.
function fragmentSort(value) {
  var m = /^(.*?)(?::(asc|desc))?$/.exec(value);
  var dir = { asc: 1, desc: -1 }[m[2]] || 0;
  if (unitTable.column(m[1])) unitTable.setSort(m[1], dir);
}
function fragmentPart(part) {
  var eq = part.indexOf('=');
  if (eq < 0) return;
  var key = part.slice(0, eq), value;
  try { value = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' ')); } catch (e) { return; }
  if (key === 'sort') {
    fragmentSort(value);
  } else if (key === 'filter') {
    state.filter = value;
  } else if (key === 'violations') {
    state.violations = value === '1' || value === 'true';
  } else if (key === 'dir') {
    treeState.dir = value;
  }
}
// #sort=ccn (a metric sorts highest first, a text column A to Z; the default is the score),
// #sort=ccn:asc, #filter=TEXT, #violations=1, #dir=PATH (the treemap's directory).
function loadFragment() {
  unitTable.setSort('score', -1);
  state.filter = ''; state.violations = false; treeState.dir = '';
  location.hash.replace(/^#/, '').split('&').forEach(fragmentPart);
  document.getElementById('filter').value = state.filter;
  document.getElementById('violations-only').checked = state.violations;
}

var app = document.getElementById('app');
add(app, summary());
add(app, rankSection());
add(app, strictSection());
add(app, [unitSection()]);
add(app, [el('div', { class: 'charts' }, [histogram(0), histogram(1)]), treemap()]);
add(app, groupSections());
add(app, fileLists());
function show() { loadFragment(); renderRows(); drawTree(); }
show();
window.addEventListener('hashchange', show);
