/*
 * html.c - one self-contained HTML page for people: a summary of the run, a sortable and
 * filterable table of every unit, a histogram of CCN, a treemap of directories (sized by
 * NLOC, coloured by the worst CCN) and the files that were not fully measured, with their
 * reasons; with xenon's mean CCN limits, the run's mean and every limit broken.
 *
 * The page fetches nothing. Its style and its script are the two constant strings below,
 * inlined, and its Content-Security-Policy allows exactly those two (by SHA-256) and
 * nothing else: no network, no other script, no plugin. Only `img-src data:` is open, for
 * the empty favicon that stops a browser asking a web server for /favicon.ico.
 *
 * The run's figures go in as one JSON document inside <script type="application/json">,
 * which the browser never executes; the page's script parses it and builds the DOM with
 * textContent and SVG attributes only, so no name from the tree is ever read as markup.
 * Inside the JSON every string is escaped as json_str does, and <, > and & as
 * \u003c, \u003e and \u0026, so no name can close the element ("</script>") or open a
 * comment. The script also honours a URL fragment, #sort=ccn&filter=TEXT&violations=1,
 * so a view can be linked to, and tests can drive it in a headless browser.
 *
 * Changing page_style or page_script changes its hash: tests/cli/html.sh recomputes both
 * hashes from the page and prints the one it found when a constant is stale.
 */
#include "report/common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report/ranks.h"
#include "report/strict.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/msg.h"

/* base64(SHA-256) of the exact text between <style> and </style>, and between <script>
 * and </script>, as the Content-Security-Policy wants them. */
#define PAGE_STYLE_SHA256 "+JAG8Pazm6Q2IQd47BLZ9et+DsARbWyjwne0j5+tUJ8="
#define PAGE_SCRIPT_SHA256 "+i7Th6270qREj56LXD0GnFF8LpaNjNMt9HPIvJEClnE="

static const char *const page_style[] = {
	"\n",
	"body { font: 14px/1.4 system-ui, -apple-system, \"Segoe UI\", sans-serif; color: #1d232a; background: #fff; margin: 0; }\n",
	"main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }\n",
	"h1 { font-size: 22px; margin: 8px 0 4px; }\n",
	"h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d8dde3; padding-bottom: 4px; }\n",
	".badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; vertical-align: middle; margin-left: 6px; }\n",
	".badge.complete { background: #d9f2df; color: #155724; }\n",
	".badge.incomplete { background: #fde2c4; color: #7a3c00; }\n",
	".badge.failing { background: #f8d3d3; color: #7d1414; }\n",
	".cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }\n",
	".card { border: 1px solid #d8dde3; border-radius: 6px; padding: 8px 12px; }\n",
	".card h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #59636e; margin: 0 0 4px; }\n",
	".card .big { font-size: 24px; font-weight: 600; }\n",
	".card dl { display: grid; grid-template-columns: auto 1fr; gap: 0 12px; margin: 4px 0 0; }\n",
	".card dt { color: #59636e; }\n",
	".card dd { margin: 0; overflow-wrap: anywhere; }\n",
	".charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 32px; }\n",
	".controls { display: flex; gap: 16px; align-items: center; margin: 8px 0; flex-wrap: wrap; }\n",
	".controls input[type=search] { font: inherit; padding: 4px 8px; width: 320px; border: 1px solid #aab3bd; border-radius: 4px; }\n",
	".muted { color: #59636e; }\n",
	"table { border-collapse: collapse; width: 100%; font-size: 13px; }\n",
	"th, td { padding: 3px 8px; border-bottom: 1px solid #e6e9ed; text-align: left; vertical-align: top; }\n",
	"td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }\n",
	"td.path, td.name { overflow-wrap: anywhere; font-family: ui-monospace, \"SFMono-Regular\", Menlo, Consolas, monospace; font-size: 12px; }\n",
	"thead th { position: sticky; top: 0; background: #f3f5f7; border-bottom: 2px solid #c9d0d7; }\n",
	"#units thead th { cursor: pointer; user-select: none; white-space: nowrap; }\n",
	"#units thead th:hover { background: #e6eaee; }\n",
	"#units thead th[aria-sort=ascending]::after { content: \" \\25B2\"; font-size: 10px; }\n",
	"#units thead th[aria-sort=descending]::after { content: \" \\25BC\"; font-size: 10px; }\n",
	"tbody tr:nth-child(even) { background: #fafbfc; }\n",
	"td.over { background: #f8d3d3; color: #7d1414; font-weight: 600; }\n",
	".note { padding: 6px 8px; color: #59636e; font-style: italic; }\n",
	"svg { display: block; width: 100%; height: auto; font-family: inherit; }\n",
	"svg text { font-size: 11px; fill: #1d232a; }\n",
	"svg .axis { stroke: #8a949e; stroke-width: 1; }\n",
	"svg .limit { stroke: #b42318; stroke-width: 1; stroke-dasharray: 4 3; }\n",
	"svg .bar { fill: #5b8fd6; }\n",
	"svg .bar.over { fill: #d9534f; }\n",
	"svg .tile { stroke: #fff; stroke-width: 1.5; }\n",
	".t0 { fill: #8fd19e; background: #8fd19e; }\n",
	".t1 { fill: #d4e79e; background: #d4e79e; }\n",
	".t2 { fill: #fbd97a; background: #fbd97a; }\n",
	".t3 { fill: #f6a05b; background: #f6a05b; }\n",
	".t4 { fill: #e35d5d; background: #e35d5d; }\n",
	".legend { display: flex; gap: 14px; flex-wrap: wrap; margin: 6px 0; font-size: 12px; }\n",
	".legend span.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px; vertical-align: -2px; }\n",
	"details summary { cursor: pointer; margin: 8px 0; }\n",
	NULL
};

static const char *const page_script[] = {
	"\n",
	"(function () {\n",
	"'use strict';\n",
	"// Everything from the analyzed tree reaches the page through textContent or an SVG\n",
	"// attribute, never as markup.\n",
	"var D = JSON.parse(document.getElementById('data').textContent);\n",
	"var SVG = 'http://www.w3.org/2000/svg';\n",
	"var MAX_ROWS = 2000;\n",
	"var ROUTINE_SKIPS = ['unknown language', 'excluded', 'excluded language'];\n",
	"\n",
	"function add(node, kids) {\n",
	"  (kids || []).forEach(function (k) {\n",
	"    if (k === null || k === undefined) return;\n",
	"    node.appendChild(typeof k === 'object' ? k : document.createTextNode(String(k)));\n",
	"  });\n",
	"  return node;\n",
	"}\n",
	"function make(doc, tag, attrs, kids) {\n",
	"  var node = doc ? document.createElementNS(SVG, tag) : document.createElement(tag);\n",
	"  Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });\n",
	"  return add(node, kids);\n",
	"}\n",
	"function el(tag, attrs, kids) { return make(false, tag, attrs, kids); }\n",
	"function svg(tag, attrs, kids) { return make(true, tag, attrs, kids); }\n",
	"// Control characters of a name shown as \\xNN, as the text report does.\n",
	"function shown(s) {\n",
	"  return String(s).replace(/[\\u0000-\\u001f\\u007f-\\u009f]/g, function (c) {\n",
	"    return '\\\\x' + ('0' + c.charCodeAt(0).toString(16)).slice(-2);\n",
	"  });\n",
	"}\n",
	"function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }\n",
	"\n",
	"var files = D.files.map(function (f, i) {\n",
	"  return { index: i, path: f[0], lang: f[1], status: f[2], reason: f[3], code: f[4] };\n",
	"});\n",
	"var metrics = D.metrics;\n",
	"var units = D.units.map(function (u, i) {\n",
	"  return { index: i, file: files[u[0]], name: u[1], line: u[2], values: u.slice(3, 3 + metrics.length),\n",
	"           over: u[3 + metrics.length] };\n",
	"});\n",
	"\n",
	"// ---- summary ----\n",
	"function card(title, big, rows) {\n",
	"  var dl = el('dl');\n",
	"  rows.forEach(function (r) { if (r) add(dl, [el('dt', {}, [r[0]]), el('dd', {}, [r[1]])]); });\n",
	"  return el('div', { class: 'card' }, [el('h3', {}, [title]), el('div', { class: 'big' }, [big]), dl]);\n",
	"}\n",
	"function summary() {\n",
	"  var s = D.summary;\n",
	"  var analyzed = s.ok + s.partial + s.fallback;\n",
	"  var langs = D.languages.map(function (l) { return l.display + ' ' + l.units; }).join(', ');\n",
	"  var byMetric = metrics.map(function (m, k) { return s.by_metric[k] ? [m.label, s.by_metric[k]] : null; });\n",
	"  var deaths = D.worker_deaths;\n",
	"  var h1 = el('h1', {}, ['assay report',\n",
	"    el('span', { class: 'badge ' + D.status, id: 'status' }, [D.status]),\n",
	"    el('span', { class: 'badge ' + (D.exit_code ? 'failing' : 'complete'), id: 'exit-code' },\n",
	"       ['exit ' + D.exit_code])]);\n",
	"  var cards = el('div', { class: 'cards', id: 'summary' }, [\n",
	"    card('Files', plural(analyzed, 'file') + ' analyzed', [\n",
	"      ['ok', s.ok], ['partial', s.partial], ['fallback', s.fallback], ['failed', s.failed],\n",
	"      ['skipped', s.skipped], s.pending ? ['not reached', s.pending] : null,\n",
	"      s.not_source ? ['not source', s.not_source] : null]),\n",
	"    card('Units', plural(s.units, 'function'), [['by language', langs || 'none']]),\n",
	"    card('Violations', plural(s.violations, 'violation'),\n",
	"         [['in', plural(s.violating_units, 'function')],\n",
	"          s.suppressed ? ['suppressed by comments', s.suppressed] : null,\n",
	"          s.baselined ? ['accepted by the baseline', s.baselined] : null].concat(byMetric)),\n",
	"    card('Run', D.status, [\n",
	"      ['exit code', D.exit_code], D.interrupted_by ? ['interrupted by', D.interrupted_by] : null,\n",
	"      ['sandbox', D.sandbox], ['workers', D.jobs],\n",
	"      (deaths.crash || deaths.timeout || deaths.sandbox_violation) ?\n",
	"        ['worker deaths', deaths.crash + ' crashed, ' + deaths.timeout + ' timed out, ' +\n",
	"         deaths.sandbox_violation + ' sandbox violations'] : null,\n",
	"      ['cache', D.cache], ['time', D.seconds.toFixed(2) + ' s'], ['assay', D.assay_version]])]);\n",
	"  return [h1, el('p', { class: 'muted' }, ['Limits: ' + metrics.filter(function (m) {\n",
	"    return m.limit !== null; }).map(function (m) { return m.label + ' ' + m.limit; }).join(', ')]), cards];\n",
	"}\n",
	"\n",
	"// ---- the table of units ----\n",
	"var columns = [\n",
	"  { key: 'file', label: 'File', text: true, get: function (u) { return u.file.path; } },\n",
	"  { key: 'line', label: 'Line', get: function (u) { return u.line; } },\n",
	"  { key: 'name', label: 'Name', text: true, get: function (u) { return u.name; } }\n",
	"].concat(metrics.map(function (m, k) {\n",
	"  return { key: m.name, label: m.label, metric: k, get: function (u) { return u.values[k]; } };\n",
	"}));\n",
	"var state = { sort: null, dir: 1, filter: '', violations: false };\n",
	"\n",
	"function compare(col, dir) {\n",
	"  return function (a, b) {\n",
	"    var x = col.get(a), y = col.get(b);\n",
	"    var c = x < y ? -1 : x > y ? 1 : 0;\n",
	"    if (c === 0 && col.key === 'file') c = a.line - b.line;\n",
	"    return c * dir || a.index - b.index;\n",
	"  };\n",
	"}\n",
	"function visibleUnits() {\n",
	"  var needle = state.filter.toLowerCase();\n",
	"  var list = units.filter(function (u) {\n",
	"    if (state.violations && !u.over) return false;\n",
	"    return !needle || u.file.path.toLowerCase().indexOf(needle) >= 0 ||\n",
	"           u.name.toLowerCase().indexOf(needle) >= 0;\n",
	"  });\n",
	"  var col = columns.filter(function (c) { return c.key === state.sort; })[0];\n",
	"  if (col) list.sort(compare(col, state.dir));\n",
	"  return list;\n",
	"}\n",
	"function unitRow(u) {\n",
	"  var tr = el('tr', {}, [el('td', { class: 'path' }, [shown(u.file.path)]),\n",
	"                         el('td', { class: 'num' }, [u.line]),\n",
	"                         el('td', { class: 'name' }, [shown(u.name)])]);\n",
	"  metrics.forEach(function (m, k) {\n",
	"    var over = u.over & (1 << k);\n",
	"    add(tr, [el('td', over ? { class: 'num over', title: 'limit ' + m.limit } : { class: 'num' },\n",
	"                [u.values[k]])]);\n",
	"  });\n",
	"  return tr;\n",
	"}\n",
	"function renderRows() {\n",
	"  var list = visibleUnits();\n",
	"  var body = document.getElementById('units-body');\n",
	"  body.textContent = '';\n",
	"  list.slice(0, MAX_ROWS).forEach(function (u) { body.appendChild(unitRow(u)); });\n",
	"  if (list.length > MAX_ROWS)\n",
	"    add(body, [el('tr', { class: 'truncated' }, [el('td', { class: 'note', colspan: columns.length },\n",
	"      ['Showing the first ' + MAX_ROWS + ' of ' + list.length + ' units: filter to narrow.'])])]);\n",
	"  document.getElementById('unit-count').textContent = list.length + ' of ' + plural(units.length, 'unit');\n",
	"  Array.prototype.forEach.call(document.querySelectorAll('#units thead th'), function (th) {\n",
	"    if (th.dataset.key === state.sort)\n",
	"      th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');\n",
	"    else\n",
	"      th.removeAttribute('aria-sort');\n",
	"  });\n",
	"}\n",
	"function saveFragment() {\n",
	"  var parts = [];\n",
	"  if (state.sort) parts.push('sort=' + encodeURIComponent(state.sort) + ':' + (state.dir > 0 ? 'asc' : 'desc'));\n",
	"  if (state.filter) parts.push('filter=' + encodeURIComponent(state.filter));\n",
	"  if (state.violations) parts.push('violations=1');\n",
	"  try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname); }\n",
	"  catch (e) { /* some browsers refuse it for pages opened from disk; the view still works */ }\n",
	"}\n",
	"// #sort=ccn (a metric sorts highest first, a text column A to Z), #sort=ccn:asc,\n",
	"// #filter=TEXT, #violations=1: a view that can be linked to or opened by a test.\n",
	"function loadFragment() {\n",
	"  state.sort = null; state.dir = 1; state.filter = ''; state.violations = false;\n",
	"  location.hash.replace(/^#/, '').split('&').forEach(function (part) {\n",
	"    var eq = part.indexOf('=');\n",
	"    if (eq < 0) return;\n",
	"    var key = part.slice(0, eq), value;\n",
	"    try { value = decodeURIComponent(part.slice(eq + 1).replace(/\\+/g, ' ')); } catch (e) { return; }\n",
	"    if (key === 'sort') {\n",
	"      var m = /^(.*?)(?::(asc|desc))?$/.exec(value);\n",
	"      var col = columns.filter(function (c) { return c.key === m[1]; })[0];\n",
	"      if (col) {\n",
	"        state.sort = col.key;\n",
	"        state.dir = m[2] ? (m[2] === 'asc' ? 1 : -1) : (col.text ? 1 : -1);\n",
	"      }\n",
	"    } else if (key === 'filter') {\n",
	"      state.filter = value;\n",
	"    } else if (key === 'violations') {\n",
	"      state.violations = value === '1' || value === 'true';\n",
	"    }\n",
	"  });\n",
	"  document.getElementById('filter').value = state.filter;\n",
	"  document.getElementById('violations-only').checked = state.violations;\n",
	"}\n",
	"function unitTable() {\n",
	"  var head = el('tr');\n",
	"  columns.forEach(function (c) {\n",
	"    var th = el('th', { class: c.text ? '' : 'num', scope: 'col', 'data-key': c.key,\n",
	"                        title: 'sort by ' + c.label }, [c.label]);\n",
	"    th.addEventListener('click', function () {\n",
	"      if (state.sort === c.key) state.dir = -state.dir;\n",
	"      else { state.sort = c.key; state.dir = c.text ? 1 : -1; }\n",
	"      saveFragment();\n",
	"      renderRows();\n",
	"    });\n",
	"    head.appendChild(th);\n",
	"  });\n",
	"  var filter = el('input', { type: 'search', id: 'filter', placeholder: 'filter by path or name',\n",
	"                             'aria-label': 'filter by path or name' });\n",
	"  filter.addEventListener('input', function () { state.filter = filter.value; saveFragment(); renderRows(); });\n",
	"  var only = el('input', { type: 'checkbox', id: 'violations-only' });\n",
	"  only.addEventListener('change', function () { state.violations = only.checked; saveFragment(); renderRows(); });\n",
	"  return [el('h2', {}, ['Units']),\n",
	"          el('div', { class: 'controls' }, [filter, el('label', {}, [only, ' violations only']),\n",
	"                                            el('span', { class: 'muted', id: 'unit-count' })]),\n",
	"          el('table', { id: 'units' }, [el('thead', {}, [head]), el('tbody', { id: 'units-body' })])];\n",
	"}\n",
	"\n",
	"// ---- histogram of CCN ----\n",
	"function histogram() {\n",
	"  var limit = metrics[0].limit;\n",
	"  var max = units.reduce(function (a, u) { return Math.max(a, u.values[0]); }, 1);\n",
	"  var width = Math.ceil(max / 40), nbins = Math.ceil(max / width);\n",
	"  var counts = [];\n",
	"  for (var i = 0; i < nbins; i++) counts.push(0);\n",
	"  units.forEach(function (u) { counts[Math.min(nbins - 1, Math.floor((Math.max(u.values[0], 1) - 1) / width))]++; });\n",
	"  var top = Math.max.apply(null, counts.concat([1]));\n",
	"  var W = 560, H = 300, left = 40, right = 8, topPad = 32, bottom = 36;\n",
	"  var plotW = W - left - right, plotH = H - topPad - bottom, bw = plotW / nbins;\n",
	"  var g = svg('svg', { id: 'histogram', viewBox: '0 0 ' + W + ' ' + H, role: 'img',\n",
	"                       'aria-label': 'histogram of CCN' }, [svg('title', {}, ['Units by CCN'])]);\n",
	"  counts.forEach(function (n, b) {\n",
	"    var lo = b * width + 1, hi = (b + 1) * width;\n",
	"    var h = n / top * plotH, x = left + b * bw, label = width === 1 ? String(lo) : lo + '-' + hi;\n",
	"    var over = limit !== null && lo > limit;\n",
	"    add(g, [svg('rect', { class: over ? 'bar over' : 'bar', x: (x + 1).toFixed(1), y: (topPad + plotH - h).toFixed(1),\n",
	"                          width: Math.max(bw - 2, 1).toFixed(1), height: h.toFixed(1) },\n",
	"                [svg('title', {}, ['CCN ' + label + ': ' + plural(n, 'unit')])])]);\n",
	"    if (n && nbins <= 20)\n",
	"      add(g, [svg('text', { x: (x + bw / 2).toFixed(1), y: (topPad + plotH - h - 3).toFixed(1),\n",
	"                            'text-anchor': 'middle' }, [n])]);\n",
	"    if (nbins <= 20 || b % Math.ceil(nbins / 20) === 0)\n",
	"      add(g, [svg('text', { x: (x + bw / 2).toFixed(1), y: H - bottom + 14, 'text-anchor': 'middle' }, [label])]);\n",
	"  });\n",
	"  if (limit !== null && limit < nbins * width) {\n",
	"    var lx = (left + limit / width * bw).toFixed(1);\n",
	"    add(g, [svg('line', { class: 'limit', x1: lx, x2: lx, y1: 4, y2: topPad + plotH }),\n",
	"            svg('text', { x: lx, y: 12, dx: 4 }, ['limit ' + limit])]);\n",
	"  }\n",
	"  if (!units.length)\n",
	"    add(g, [svg('text', { x: left + plotW / 2, y: topPad + plotH / 2, 'text-anchor': 'middle' }, ['no units'])]);\n",
	"  add(g, [svg('line', { class: 'axis', x1: left, x2: W - right, y1: topPad + plotH, y2: topPad + plotH }),\n",
	"          svg('line', { class: 'axis', x1: left, x2: left, y1: topPad, y2: topPad + plotH }),\n",
	"          svg('text', { x: left - 6, y: topPad + 4, 'text-anchor': 'end' }, [top]),\n",
	"          svg('text', { x: left - 6, y: topPad + plotH, 'text-anchor': 'end' }, ['0']),\n",
	"          svg('text', { x: left + plotW / 2, y: H - 6, 'text-anchor': 'middle' }, ['CCN']),\n",
	"          svg('text', { x: 12, y: topPad + plotH / 2, 'text-anchor': 'middle',\n",
	"                        transform: 'rotate(-90 12 ' + (topPad + plotH / 2) + ')' }, ['units'])]);\n",
	"  return el('section', {}, [el('h2', {}, ['CCN histogram']),\n",
	"    el('p', { class: 'muted' }, ['Units by cyclomatic complexity; red bars are over the limit.']), g]);\n",
	"}\n",
	"\n",
	"// ---- treemap of directories ----\n",
	"function dirname(path) {\n",
	"  var i = path.lastIndexOf('/');\n",
	"  return i > 0 ? path.slice(0, i) : i === 0 ? '/' : '.';\n",
	"}\n",
	"// Squarified layout (Bruls, Huizing, van Wijk): items sorted by size, each row grown while\n",
	"// that makes its worst aspect ratio no worse. Sizes are scaled to the rectangle's area.\n",
	"function squarify(items, x, y, w, h) {\n",
	"  var total = items.reduce(function (a, it) { return a + it.size; }, 0);\n",
	"  var scale = w * h / total, rest = items.slice(), row = [], out = [];\n",
	"  function worst(r, side) {\n",
	"    var sum = 0, mx = 0, mn = Infinity;\n",
	"    r.forEach(function (it) { var a = it.size * scale; sum += a; mx = Math.max(mx, a); mn = Math.min(mn, a); });\n",
	"    return Math.max(side * side * mx / (sum * sum), sum * sum / (side * side * mn));\n",
	"  }\n",
	"  function place(r) {\n",
	"    var sum = r.reduce(function (a, it) { return a + it.size * scale; }, 0);\n",
	"    if (w >= h) {\n",
	"      var cw = sum / h, cy = y;\n",
	"      r.forEach(function (it) { var ih = it.size * scale / cw; out.push({ item: it, x: x, y: cy, w: cw, h: ih }); cy += ih; });\n",
	"      x += cw; w -= cw;\n",
	"    } else {\n",
	"      var rh = sum / w, cx = x;\n",
	"      r.forEach(function (it) { var iw = it.size * scale / rh; out.push({ item: it, x: cx, y: y, w: iw, h: rh }); cx += iw; });\n",
	"      y += rh; h -= rh;\n",
	"    }\n",
	"  }\n",
	"  while (rest.length) {\n",
	"    var side = Math.min(w, h);\n",
	"    if (!row.length || worst(row.concat([rest[0]]), side) <= worst(row, side)) row.push(rest.shift());\n",
	"    else { place(row); row = []; }\n",
	"  }\n",
	"  if (row.length) place(row);\n",
	"  return out;\n",
	"}\n",
	"// Five colours by the worst CCN: up to half the limit, the limit, one and a half times it,\n",
	"// twice it, and beyond.\n",
	"function toneBounds(limit) {\n",
	"  return [Math.floor(limit / 2), limit, Math.floor(1.5 * limit), 2 * limit];\n",
	"}\n",
	"function tone(ccn, bounds) {\n",
	"  for (var i = 0; i < bounds.length; i++) if (ccn <= bounds[i]) return i;\n",
	"  return bounds.length;\n",
	"}\n",
	"function treemap() {\n",
	"  var limit = metrics[0].limit !== null ? metrics[0].limit : 15;\n",
	"  var bounds = toneBounds(limit);\n",
	"  var dirs = {};\n",
	"  files.forEach(function (f) {\n",
	"    if (!f.code) return;\n",
	"    var d = dirname(f.path);\n",
	"    var e = dirs[d] || (dirs[d] = { dir: d, size: 0, files: 0, worst: 0, unit: null });\n",
	"    e.size += f.code; e.files++;\n",
	"  });\n",
	"  units.forEach(function (u) {\n",
	"    var e = dirs[dirname(u.file.path)];\n",
	"    if (e && u.values[0] > e.worst) { e.worst = u.values[0]; e.unit = u; }\n",
	"  });\n",
	"  var items = Object.keys(dirs).map(function (k) { return dirs[k]; })\n",
	"    .sort(function (a, b) { return b.size - a.size || (a.dir < b.dir ? -1 : 1); });\n",
	"  var W = 560, H = 300;\n",
	"  var g = svg('svg', { id: 'treemap', viewBox: '0 0 ' + W + ' ' + H, role: 'img',\n",
	"                       'aria-label': 'treemap of directories by NLOC, coloured by worst CCN' },\n",
	"              [svg('title', {}, ['Directories by NLOC, coloured by worst CCN'])]);\n",
	"  if (!items.length)\n",
	"    add(g, [svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, ['no code was measured'])]);\n",
	"  else squarify(items, 0, 0, W, H).forEach(function (r) {\n",
	"    var d = r.item;\n",
	"    var tip = shown(d.dir) + ': ' + d.size + ' NLOC in ' + plural(d.files, 'file') + '; worst CCN ' + d.worst +\n",
	"              (d.unit ? ' (' + shown(d.unit.name) + ', ' + shown(d.unit.file.path) + ':' + d.unit.line + ')' : '');\n",
	"    var tile = svg('g', { class: 'dir' }, [svg('title', {}, [tip]),\n",
	"      svg('rect', { class: 'tile t' + tone(d.worst, bounds), x: r.x.toFixed(1), y: r.y.toFixed(1),\n",
	"                    width: r.w.toFixed(1), height: r.h.toFixed(1) })]);\n",
	"    var room = Math.floor((r.w - 8) / 6.5);\n",
	"    if (r.h >= 30 && room >= 3) {\n",
	"      var name = shown(d.dir);\n",
	"      if (name.length > room) name = '\\u2026' + name.slice(name.length - room + 1);\n",
	"      add(tile, [svg('text', { x: (r.x + 4).toFixed(1), y: (r.y + 14).toFixed(1) }, [name]),\n",
	"                 svg('text', { x: (r.x + 4).toFixed(1), y: (r.y + 27).toFixed(1) }, [d.size + ' NLOC, CCN ' + d.worst])]);\n",
	"    }\n",
	"    g.appendChild(tile);\n",
	"  });\n",
	"  var legend = el('div', { class: 'legend' }, ['worst CCN:']);\n",
	"  bounds.concat([Infinity]).forEach(function (hi, i) {\n",
	"    var lo = (i ? bounds[i - 1] : 0) + 1;\n",
	"    if (lo > hi) return;\n",
	"    var label = hi === Infinity ? lo + '+' : lo === hi ? String(lo) : lo + '\\u2013' + hi;\n",
	"    add(legend, [el('span', {}, [el('span', { class: 'swatch t' + i }), label])]);\n",
	"  });\n",
	"  return el('section', {}, [el('h2', {}, ['Directories']),\n",
	"    el('p', { class: 'muted' }, ['Each tile is a directory, sized by the NLOC of its files and coloured by its highest CCN.']),\n",
	"    g, legend]);\n",
	"}\n",
	"\n",
	"// ---- files not (fully) measured ----\n",
	"function fileTable(list, id) {\n",
	"  var body = el('tbody');\n",
	"  list.forEach(function (f) {\n",
	"    body.appendChild(el('tr', {}, [el('td', { class: 'path' }, [shown(f.path)]), el('td', {}, [f.status]),\n",
	"                                   el('td', {}, [f.reason === null ? '' : shown(f.reason)])]));\n",
	"  });\n",
	"  return el('table', { id: id }, [el('thead', {}, [el('tr', {}, [el('th', {}, ['File']), el('th', {}, ['Status']),\n",
	"                                                                   el('th', {}, ['Reason'])])]), body]);\n",
	"}\n",
	"function fileLists() {\n",
	"  var attention = files.filter(function (f) {\n",
	"    return f.status !== 'ok' && !(f.status === 'skipped' && ROUTINE_SKIPS.indexOf(f.reason) >= 0);\n",
	"  });\n",
	"  var routine = files.filter(function (f) {\n",
	"    return f.status === 'skipped' && ROUTINE_SKIPS.indexOf(f.reason) >= 0;\n",
	"  });\n",
	"  var out = [el('h2', {}, ['Incomplete, failed and skipped files'])];\n",
	"  out.push(attention.length ? fileTable(attention, 'problem-files') :\n",
	"           el('p', { class: 'muted', id: 'problem-files' }, ['Every analyzed file parsed completely.']));\n",
	"  if (routine.length)\n",
	"    out.push(el('details', {}, [el('summary', {}, [plural(routine.length, 'file') + ' skipped on purpose (unknown language or excluded)']),\n",
	"                                fileTable(routine, 'skipped-files')]));\n",
	"  return out;\n",
	"}\n",
	"\n",
	"// ---- what --strict ignored, applied and refused ----\n",
	"function strictSection() {\n",
	"  var S = D.strict;\n",
	"  if (!S) return [];\n",
	"  var body = el('tbody');\n",
	"  S.items.forEach(function (i) {\n",
	"    body.appendChild(el('tr', {}, [el('td', {}, [i[0]]), el('td', {}, [i[1]]),\n",
	"                                   el('td', { class: 'path' }, [shown(i[2])]), el('td', {}, [shown(i[3])])]));\n",
	"  });\n",
	"  var head = el('tr', {}, ['Kind', 'State', 'Where', 'What'].map(function (h) { return el('th', {}, [h]); }));\n",
	"  return [el('h2', {}, ['Strict mode']),\n",
	"    el('p', { class: 'muted', id: 'strict-base' }, [S.base === null ?\n",
	"      'No base revision: the repository\\u2019s suppressions, baseline and generated markers do not count.' :\n",
	"      'A change\\u2019s own excuses count only when the base revision has them: ' + shown(S.base) + '.']),\n",
	"    S.unmeasured ? el('p', { id: 'strict-unmeasured' }, [plural(S.unmeasured, 'file') + ' not fully measured: the run fails (exit 3).']) : null,\n",
	"    S.items.length ? el('table', { id: 'strict-items' }, [el('thead', {}, [head]), body]) :\n",
	"      el('p', { class: 'muted', id: 'strict-items' }, ['Nothing was ignored, applied or refused.'])];\n",
	"}\n",
	"\n",
	"// ---- xenon's mean CCN limits ----\n",
	"function rankSection() {\n",
	"  var R = D.ranks;\n",
	"  if (!R) return [];\n",
	"  var list = el('ul', { id: 'rank-broken' });\n",
	"  R.broken.forEach(function (b) {\n",
	"    list.appendChild(el('li', {}, [b[0] === null ? '' : el('span', { class: 'path' }, [shown(b[0]) + ': ']), shown(b[1])]));\n",
	"  });\n",
	"  return [el('h2', {}, ['Ranks']),\n",
	"    el('p', { id: 'rank-mean' }, ['Mean CCN ' + R.mean.toFixed(2) + ', rank ' + R.rank + ' on radon\u2019s scale.']),\n",
	"    R.broken.length ? list : el('p', { class: 'muted', id: 'rank-broken' }, ['No xenon limit is broken.'])];\n",
	"}\n",
	"\n",
	"var app = document.getElementById('app');\n",
	"add(app, summary());\n",
	"add(app, rankSection());\n",
	"add(app, strictSection());\n",
	"add(app, [el('div', { class: 'charts' }, [histogram(), treemap()])]);\n",
	"add(app, fileLists());\n",
	"add(app, unitTable());\n",
	"loadFragment();\n",
	"renderRows();\n",
	"window.addEventListener('hashchange', function () { loadFragment(); renderRows(); });\n",
	"})();\n",
	NULL
};

/* Writes a NULL-terminated array of strings. */
static void put_lines(FILE *out, const char *const *lines)
{
	for (size_t i = 0; lines[i]; i++)
		fputs(lines[i], out);
}

/* Writes s as a JSON string that is also safe inside an HTML <script> element: as
 * json_str, then <, > and & as \u escapes (they only occur inside strings). */
static void put_string(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	json_str(&b, s ? s : "");
	if (b.failed)
		fputs("\"\"", out);	/* the document stays valid JSON */
	for (size_t i = 0; !b.failed && i < b.len; i++) {
		unsigned char c = b.data[i];
		if (c == '<' || c == '>' || c == '&')
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	wbuf_free(&b);
}

/* As put_string, or null when s is NULL. */
static void put_string_or_null(FILE *out, const char *s)
{
	if (s)
		put_string(out, s);
	else
		fputs("null", out);
}

/* The run as a whole: status, exit code, sandbox, cache, time. */
static void put_run(FILE *out, const struct run_model *m)
{
	char sandbox[256], cache[640];
	model_sandbox_text(m, sandbox, sizeof(sandbox));
	model_cache_text(m, cache, sizeof(cache));
	fputs("{\"assay_version\":", out);
	put_string(out, PACKAGE_VERSION);
	fprintf(out, ",\"status\":\"%s\",\"exit_code\":%d,\"interrupted_by\":",
		model_incomplete(m) ? "incomplete" : "complete", m->exit_code);
	put_string_or_null(out, m->interrupted ? signal_name(m->interrupted)
				: m->out_of_memory ? "out of memory" : NULL);
	fputs(",\"sandbox\":", out);
	put_string(out, sandbox);
	fputs(",\"cache\":", out);
	put_string(out, cache);
	fprintf(out, ",\"jobs\":%d,\"seconds\":%.3f", m->jobs, isfinite(m->seconds) ? m->seconds : 0);
	const struct model_engine *p = m->engine;
	fprintf(out, ",\"worker_deaths\":{\"crash\":%u,\"timeout\":%u,\"sandbox_violation\":%u}",
		p ? p->crashes : 0, p ? p->timeouts : 0, p ? p->violations : 0);
}

/* Metrics in enum order: the order of every unit's values below. */
static void put_metrics(FILE *out, const struct run_model *m)
{
	fputs(",\n\"metrics\":[", out);
	for (int k = 0; k < MET_COUNT; k++) {
		const struct metric_info *mi = metric_info((enum metric)k);
		fputs(k ? ",{\"name\":" : "{\"name\":", out);
		put_string(out, mi->name);
		fputs(",\"label\":", out);
		put_string(out, mi->label);
		fputs(",\"limit\":", out);
		if (m->thresholds->limit[k] < 0)
			fputs("null}", out);
		else
			fprintf(out, "%ld}", m->thresholds->limit[k]);
	}
	fputc(']', out);
}

/* Files by status, units and violations (by metric), and the languages seen. */
static void put_summary(FILE *out, const struct run_model *m)
{
	fprintf(out, ",\n\"summary\":{\"files\":%zu,\"ok\":%zu,\"partial\":%zu,\"fallback\":%zu,"
		"\"skipped\":%zu,\"not_source\":%zu,\"failed\":%zu,\"pending\":%zu,\"units\":%zu,"
		"\"violating_units\":%zu,\"violations\":%zu,\"suppressed\":%zu,\"baselined\":%zu,"
		"\"by_metric\":[",
		m->nfiles, m->by_status[FILE_OK], m->by_status[FILE_PARTIAL],
		m->by_status[FILE_FALLBACK], model_skipped(m), m->not_source, m->by_status[FILE_FAILED],
		m->pending, m->units, m->violating_units, m->violations, m->suppressed, m->baselined);
	for (int k = 0; k < MET_COUNT; k++)
		fprintf(out, "%s%zu", k ? "," : "", m->by_metric[k]);
	fputs("]},\n\"languages\":[", out);
	const char *sep = "";
	for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
		if (m->files_by_lang[l]) {
			const struct language_info *li = language_info((enum lang_id)l);
			fprintf(out, "%s{\"name\":", sep);
			put_string(out, li->name);
			fputs(",\"display\":", out);
			put_string(out, li->display);
			fprintf(out, ",\"files\":%zu,\"units\":%zu}", m->files_by_lang[l],
				m->units_by_lang[l]);
			sep = ",";
		}
	fputc(']', out);
}

/* Why f is not simply ok, for people; null when there is nothing to say. */
static void put_reason(FILE *out, const struct report_file *f)
{
	if (!f->done) {
		put_string(out, "not reached");
	} else if (f->rec->status == FILE_PARTIAL) {
		char why[96];
		snprintf(why, sizeof(why), "parse errors from line %u; metrics computed around them",
			 f->rec->error_line);
		put_string(out, why);
	} else {
		char why[RECORD_MAX_DETAIL + 64];
		record_reason(f->rec, why, sizeof(why));
		put_string_or_null(out, why[0] ? why : NULL);
	}
}

/* Every file: [path, language, status, reason, code lines]. */
static void put_files(FILE *out, const struct run_model *m)
{
	fputs(",\n\"files\":[", out);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		const struct language_info *li = language_info(f->lang);
		int analyzed = f->done && f->rec->status <= FILE_FALLBACK;
		fputs(i ? ",\n[" : "\n[", out);
		put_string(out, report_repo_path(f->path));
		fputc(',', out);
		put_string_or_null(out, li ? li->name : NULL);
		fprintf(out, ",\"%s\",", f->done ? file_status_name((enum file_status)f->rec->status)
						 : "pending");
		put_reason(out, f);
		fprintf(out, ",%u]", analyzed ? f->rec->code : 0);
	}
	fputc(']', out);
}

/* Every unit of every analyzed file: [file index, qualified name, line, the metrics in
 * enum order, violated metrics as a bit mask]. */
static void put_units(FILE *out, const struct run_model *m)
{
	fputs(",\n\"units\":[", out);
	const char *sep = "\n";
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct report_file *f = &m->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec->nunits; k++) {
			const struct unit *u = &f->rec->units[k];
			fprintf(out, "%s[%zu,", sep, i);
			put_string(out, u->qname);
			fprintf(out, ",%u", u->line);
			for (int x = 0; x < MET_COUNT; x++)
				fprintf(out, ",%u", unit_metric(u, (enum metric)x));
			fprintf(out, ",%u]", unit_violations(f->limits, u));
			sep = ",\n";
		}
	}
	fputs("]}", out);
}

struct strict_rows {
	FILE *out;
	const struct run_model *m;
	const char *sep;
};

/* One item of --strict: [kind, state, where, what (with why)]. */
static void put_strict_row(void *ctx, const struct strict_item *it)
{
	struct strict_rows *w = ctx;
	char where[64];
	char *text = strict_item_text(w->m, it);
	fprintf(w->out, "%s[", w->sep);
	put_string(w->out, strict_kind_name(it->kind));
	fputc(',', w->out);
	put_string(w->out, strict_state_name(it->state));
	fputc(',', w->out);
	snprintf(where, sizeof(where), it->line ? ":%u" : "", it->line);
	size_t n = strlen(it->path) + strlen(where) + 1;
	char *place = xmalloc(n);
	snprintf(place, n, "%s%s", report_repo_path(it->path), where);
	put_string(w->out, place);
	fputc(',', w->out);
	put_string(w->out, text);
	fputc(']', w->out);
	w->sep = ",\n";
	free(place);
	free(text);
}

/* Under --strict: the base revision, the files not fully measured and every item. */
static void put_strict(FILE *out, const struct run_model *m)
{
	if (!m->strict)
		return;
	fputs(",\n\"strict\":{\"base\":", out);
	put_string_or_null(out, m->strict->base);
	fprintf(out, ",\"unmeasured\":%zu,\"items\":[", model_unmeasured(m));
	struct strict_rows w = { out, m, "\n" };
	strict_each(m, put_strict_row, &w);
	fputs("]}", out);
}

/* One broken xenon limit: [path or null, what]. */
static void put_rank_row(void *ctx, const struct rank_item *it)
{
	struct strict_rows *w = ctx;
	char text[160];
	rank_item_text(it, text, sizeof(text));
	fprintf(w->out, "%s[", w->sep);
	put_string_or_null(w->out, it->file ? report_repo_path(it->file->path) : NULL);
	fputc(',', w->out);
	put_string(w->out, text);
	fputc(']', w->out);
	w->sep = ",\n";
}

/* With a mean CCN limit (--max-modules, --max-average): the run's mean, its rank and
 * every limit broken. */
static void put_ranks(FILE *out, const struct run_model *m)
{
	if (!m->rank_max[RANK_MODULES] && !m->rank_max[RANK_AVERAGE])
		return;
	fprintf(out, ",\n\"ranks\":{\"mean\":%.3f,\"rank\":\"%c\",\"broken\":[", m->ccn_mean,
		rank_of_ccn(m->ccn_mean));
	struct strict_rows w = { out, m, "\n" };
	rank_each(m, put_rank_row, &w);
	fputs("]}", out);
}

/* The page: head with the policy and the style, an empty <main> the script fills, the
 * data, the script. */
int report_html(FILE *out, const struct run_model *m, const struct report_options *opt)
{
	(void)opt;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'sha256-" PAGE_STYLE_SHA256 "'; script-src 'sha256-" PAGE_SCRIPT_SHA256
	      "'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"assay " PACKAGE_VERSION "\">\n"
	      "<link rel=\"icon\" href=\"data:,\">\n<title>assay report</title>\n<style>", out);
	put_lines(out, page_style);
	fputs("</style>\n</head>\n<body>\n<main id=\"app\">\n"
	      "<noscript><p>This report draws its tables and charts with JavaScript; the JSON "
	      "report (assay -f json) has the same figures.</p></noscript>\n</main>\n"
	      "<script type=\"application/json\" id=\"data\">", out);
	put_run(out, m);
	put_metrics(out, m);
	put_summary(out, m);
	put_files(out, m);
	put_ranks(out, m);
	put_strict(out, m);
	put_units(out, m);
	fputs("</script>\n<script>", out);
	put_lines(out, page_script);
	fputs("</script>\n</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
