# html_dom.py - what a rendered HTML report shows (Chromium's --dump-dom), for the checks of
# tests/cli/html.sh: html_dom.py DOM EXPRESSION [JSON-REPORT [PAGE]] exits 0 when the Python
# EXPRESSION holds over these names:
#   rows       the rendered rows of the unit table: their cell texts, as displayed
#   pos        each row's position in the sorted, filtered list (data-pos)
#   over       per row: a cell is marked over its limit
#   marks      per row: the marks shown (new, worse, baselined, suppressed)
#   titles     per row: the title attribute of each cell ("" for none)
#   count      the text of #unit-count ("12 of 77 units")
#   bars       histogram bar tooltips ("CCN 2-4: 12 units")
#   tiles      treemap tiles; tile_paths their data-path; tile_names their labels;
#              treemap_dir the directory shown; crumbs the breadcrumb's text
#   files_rows, dirs_rows   rendered rows of the per-file and per-directory tables
#   detail, detail_rows     the text of a function's expansion and its metric rows
#   increments the rows of its increments by line (line, +CCN, +cognitive, of which
#              nesting, constructs)
#   ids        text of every element with an id starting "id-", and id_titles their titles
#   anchors    (href, rel, text) of every link; body the attributes of <body>
#   scripts, images, refs (every src/href/action attribute), title, problems (rows of
#   the problem files)
#   report     the JSON report, units [(path, unit)] from it; data the page's own JSON
import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
TABLES = {"units-body": "rows", "files-body": "files_rows", "dirs-body": "dirs_rows",
          "problem-files": "problems", "detail-metrics": "detail_rows",
          "detail-increments": "increments"}


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.tables = {v: [] for v in TABLES.values()}
        self.pos, self.over, self.marks, self.titles, self.bars = [], [], [], [], []
        self.tile_paths, self.tile_names, self.treemap_dir = [], [], None
        self.scripts = self.images = self.tiles = 0
        self.refs, self.anchors, self.title, self.body = [], [], "", {}
        self.ids, self.id_titles, self.texts = {}, {}, {}

    def table(self):
        for _, a in reversed(self.stack):
            if a.get("id") in TABLES:
                return TABLES[a["id"]]
        return None

    def classes(self, a):
        return (a.get("class") or "").split()

    def start_row(self, tag, a):
        t = self.table()
        if tag == "tr" and t and "spacer" not in self.classes(a) and self.stack[-1][0] == "tbody":
            self.tables[t].append([])
            if t == "rows":
                self.pos.append(int(a.get("data-pos", "-1")))
                self.over.append(False)
                self.marks.append([])
                self.titles.append([])
        if (tag == "td" and t and self.tables[t] and self.stack[-1][0] == "tr"
                and "spacer" not in self.classes(self.stack[-1][1])):
            self.tables[t][-1].append("")
            if t == "rows":
                self.over[-1] |= "over" in self.classes(a)
                self.titles[-1].append(a.get("title") or "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.note_resources(tag, a, attrs)
        self.start_row(tag, a)
        self.note_chart(tag, a)
        self.note_ids(a)
        if tag not in VOID:
            self.stack.append((tag, a))

    def note_resources(self, tag, a, attrs):
        """Scripts, images, every attribute that names a resource, links, <body>."""
        self.scripts += tag == "script"
        self.images += tag in ("img", "image", "iframe", "object", "embed")
        self.refs += [(tag, k, v) for k, v in attrs if k in ("src", "href", "xlink:href",
                      "action", "formaction", "poster", "srcset", "data", "background")]
        if tag == "a":
            self.anchors.append([a.get("href"), a.get("rel"), ""])
        if tag == "body":
            self.body = a

    def note_chart(self, tag, a):
        """Row marks, histogram bars and treemap tiles as they start."""
        cls = self.classes(a)
        if tag == "span" and "mark" in cls and self.table() == "rows" and self.marks:
            self.marks[-1].append("")
        if tag == "rect":
            self.bars += [""] if "bar" in cls else []
            self.tiles += "tile" in cls
        if tag == "g" and a.get("data-path") is not None:
            self.tile_paths.append(a["data-path"])
        if tag == "svg" and a.get("id") == "treemap":
            self.treemap_dir = a.get("data-dir")
        if tag == "text" and "tile-name" in cls:
            self.tile_names.append("")

    def note_ids(self, a):
        if a.get("id"):
            self.texts[a["id"]] = ""
            if a["id"].startswith("id-"):
                self.id_titles[a["id"]] = a.get("title")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.stack:
            return
        for _, a in self.stack:
            if a.get("id") in self.texts:
                self.texts[a["id"]] += data
        self.data_in_tables(data)
        self.data_in_chart(data)
        if any(s[0] == "a" for s in self.stack) and self.anchors:
            self.anchors[-1][2] += data

    def data_in_tables(self, data):
        """Text of a table cell, and of a row's mark."""
        tag, a = self.stack[-1]
        t = self.table()
        in_td = any(s[0] == "td" for s in self.stack)
        if t and in_td and self.tables[t] and self.tables[t][-1]:
            self.tables[t][-1][-1] += data
        if tag == "span" and "mark" in self.classes(a) and t == "rows" and self.marks and self.marks[-1]:
            self.marks[-1][-1] += data

    def data_in_chart(self, data):
        """A bar's tooltip, the page's title, a tile's label."""
        tag, a = self.stack[-1]
        parent = self.stack[-2][0] if len(self.stack) >= 2 else None
        if tag == "title" and parent == "rect" and self.bars:
            self.bars[-1] += data
        elif tag == "title" and parent == "head":
            self.title += data
        if tag == "text" and "tile-name" in self.classes(a):
            self.tile_names[-1] += data

p = Dom()
p.feed(open(sys.argv[1], encoding="utf-8").read())
rows, files_rows, dirs_rows = p.tables["rows"], p.tables["files_rows"], p.tables["dirs_rows"]
problems, detail_rows = p.tables["problems"], p.tables["detail_rows"]
increments = p.tables["increments"]
pos, over, marks, titles, bars = p.pos, p.over, p.marks, p.titles, p.bars
tiles, tile_paths, tile_names, treemap_dir = p.tiles, p.tile_paths, p.tile_names, p.treemap_dir
scripts, images, refs, anchors, title, body = p.scripts, p.images, p.refs, p.anchors, p.title, p.body
count, crumbs = p.texts.get("unit-count"), p.texts.get("treemap-crumbs")
detail = p.texts.get("unit-detail", "")
ids = {k: v for k, v in p.texts.items() if k.startswith("id-")}
id_titles = p.id_titles
ccn = [int(r[3]) for r in rows]
report = json.load(open(sys.argv[3])) if len(sys.argv) > 3 and sys.argv[3] else None
units = [(f["path"], u) for f in report["files"] for u in f.get("units", [])] if report else []
data = None
if len(sys.argv) > 4:
    page = open(sys.argv[4], encoding="utf-8").read()
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                page, re.S).group(1))
ok = eval(sys.argv[2])
if not ok:
    print("#   rows %d, first %r, pos %r, count %r, bars %d, tiles %d, dir %r, scripts %d, title %r, body %r"
          % (len(rows), rows[:1], pos[:3], count, len(bars), tiles, treemap_dir, scripts, title, body))
sys.exit(0 if ok else 1)
