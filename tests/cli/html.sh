# html.sh - the HTML and Prometheus reports.
#
# Prometheus: checked-in expected output on the fixtures (durations and the machine's
# sandbox made constant), read by a parser of the text exposition format, and fed a tree
# whose names are built to break it. HTML: the page is one self-contained file whose
# Content-Security-Policy hashes match what it embeds and that refers to nothing outside
# itself; then headless Chromium renders it (table rows, histogram, treemap), sorts and
# filters it (through the URL fragment and through real clicks), and shows that a name
# cannot break out of the data and that a script the policy does not name never runs.
# Chromium comes from contrib/bootstrap; without it these checks fail, they never skip.
. "$(dirname "$0")/lib.shinc"

# ---- Prometheus ----

# normalize_prom FILE: durations and the sandbox (machine-dependent) made constant.
normalize_prom() {
	sed -e 's/^\(assay_[a-z_]*duration_seconds\)\({[^}]*}\)\{0,1\} [0-9.]*$/\1\2 SECONDS/' \
	    -e 's/^assay_sandbox_level{.*} 1$/assay_sandbox_level{...} 1/' "$1"
}

# check_exposition FILE: every line a HELP or TYPE comment or `name{labels} value`, names
# prefixed assay_, every family's HELP and TYPE before its samples, which are contiguous,
# counters ending in _total, label values escaped, no timestamp, no duplicate series, the
# run id on assay_run_info only. Prints the label values it saw (one per line, but the
# project's and the run id) to $TMP/labels.
check_exposition() {
	python3 - "$1" "$TMP/labels" <<'PY'
import math, re, sys
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"'
SAMPLE = re.compile(r"(?P<name>%s)(?:\{(?P<labels>(?:%s)(?:,(?:%s))*)?\})? (?P<value>\S+)$"
                    % (NAME, LABEL, LABEL))
problems, help_, type_, seen, done, values = [], {}, {}, set(), set(), []
current = None
text = open(sys.argv[1], "rb").read().decode("utf-8")
if not text.endswith("\n"):
    problems.append("no final line feed")
for n, line in enumerate(text.split("\n")[:-1], 1):
    m = re.match(r"# (HELP|TYPE) (%s) (.*)$" % NAME, line)
    if m:
        kind, name, rest = m.groups()
        table = help_ if kind == "HELP" else type_
        if name in table:
            problems.append("line %d: second %s for %s" % (n, kind, name))
        table[name] = rest
        if kind == "TYPE" and rest not in ("counter", "gauge", "histogram", "summary", "untyped"):
            problems.append("line %d: type %r" % (n, rest))
        continue
    if line.startswith("#"):
        continue
    m = SAMPLE.match(line)
    if not m:
        problems.append("line %d: not a sample (or has a timestamp): %r" % (n, line))
        continue
    name, labels, value = m.group("name"), m.group("labels") or "", m.group("value")
    pairs = re.findall(LABEL, labels)
    # The project label names the repository (--project); identity.sh checks it. The run
    # id is assay's own, 32 hexadecimal digits, on assay_run_info alone.
    values += [v for k, v in pairs if k not in ("project", "run_id")]
    for k, v in pairs:
        if k == "run_id" and (name != "assay_run_info" or not re.match(r"[0-9a-f]{32}$", v)):
            problems.append("line %d: run_id %r on %s" % (n, v, name))
    if not name.startswith("assay_"):
        problems.append("line %d: %s lacks the assay_ prefix" % (n, name))
    if name not in help_ or name not in type_:
        problems.append("line %d: %s has no HELP or TYPE before it" % (n, name))
    if type_.get(name) == "counter" and not name.endswith("_total"):
        problems.append("line %d: counter %s does not end in _total" % (n, name))
    if name != current:
        if name in done:
            problems.append("line %d: samples of %s not together" % (n, name))
        done.add(name)
        current = name
    key = (name, tuple(sorted(pairs)))
    if key in seen:
        problems.append("line %d: duplicate series %r" % (n, key))
    seen.add(key)
    try:
        if math.isnan(float(value)):
            problems.append("line %d: NaN" % n)
    except ValueError:
        problems.append("line %d: value %r" % (n, value))
if not seen:
    problems.append("no sample at all")
for p in problems[:5]:
    print("#   " + p)
open(sys.argv[2], "w").write("".join(v + "\n" for v in values))
sys.exit(1 if problems else 0)
PY
}

# prom_value FILE SERIES: the value of one series, as written.
prom_value() {
	without_project "$1" | awk -v s="$2" '$1 == s { print $2 }'
}

# The exposition without the project label every sample carries (identity.sh checks it).
without_project() {
	sed -e 's/{project="[^"]*",/{/' -e 's/{project="[^"]*"}//' "$1"
}

# unit_count JSON-REPORT
unit_count() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["units"])' "$1"
}

cd "$FIXTURES" || exit 1
"$ASSAY" -j1 --ccn=2 -f json c python >"$TMP/fixtures.json" 2>/dev/null
"$ASSAY" -j1 --ccn=2 --no-cache -f prometheus c python >"$TMP/out.prom" 2>"$TMP/err"
check "prometheus: violations exit 1" test $? -eq 1
normalize_prom "$TMP/out.prom" >"$TMP/out.prom.normal"
golden c-python.prom "$TMP/out.prom.normal"
check "prometheus: a parser of the exposition format accepts it" check_exposition "$TMP/out.prom"
check "prometheus: units agree with the JSON report" test \
	"$(($(prom_value "$TMP/out.prom" 'assay_units{language="c"}') \
	+ $(prom_value "$TMP/out.prom" 'assay_units{language="python"}')))" \
	-eq "$(unit_count "$TMP/fixtures.json")"
# A cache of its own: the first run finds nothing in it, the second everything.
ASSAY_CACHE_DIR="$TMP/prom-cache" "$ASSAY" -j1 --ccn=2 -f prometheus c python \
	>"$TMP/cold.prom" 2>/dev/null
ASSAY_CACHE_DIR="$TMP/prom-cache" "$ASSAY" -j1 --ccn=2 -f prometheus c python \
	>"$TMP/warm.prom" 2>/dev/null
check "prometheus: a cold cache counts misses, no hit" test \
	"$(prom_value "$TMP/cold.prom" assay_cache_hits_total)" = 0 -a \
	"$(prom_value "$TMP/cold.prom" assay_cache_misses_total)" -gt 0
check "prometheus: a warm cache counts hits, no miss" test \
	"$(prom_value "$TMP/warm.prom" assay_cache_hits_total):$(prom_value "$TMP/warm.prom" assay_cache_misses_total)" \
	= "$(prom_value "$TMP/cold.prom" assay_cache_misses_total):0"
expect_status "prometheus: a clean run exits 0" 0 "$ASSAY" -j1 -f prometheus -C 1000 \
	--cognitive 1000 --nesting 100 --nloc 10000 -a 100 c python
check "prometheus: the clean run's exit code is 0" test "$(prom_value "$TMP/out" assay_exit_code)" = 0
mkdir -p "$TMP/textfile"
expect_status "-o FILE.prom keeps exit 1" 1 "$ASSAY" -j1 --ccn=2 -o "$TMP/textfile/assay.prom" c
check "-o FILE.prom is the prometheus format" check_exposition "$TMP/textfile/assay.prom"
check "-o FILE.prom leaves no temporary file beside it" test "$(ls -A "$TMP/textfile")" = assay.prom
expect_status "--metrics-file keeps exit 1" 1 "$ASSAY" -j1 --ccn=2 --metrics-file \
	"$TMP/textfile/metrics" -f json c
check "--metrics-file writes the prometheus format" check_exposition "$TMP/textfile/metrics"

# A worker crash: the run is incomplete and the death is counted by cause.
T=$(test_install)
mkdir -p "$TMP/incomplete"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"$TMP/incomplete/fine.c"
# EVERYWHERE: the line-count fallback crashes too, so the file fails (resilience.sh).
printf '/* ASSAY-TEST-CRASH ASSAY-TEST-EVERYWHERE */\nint crash(void) { return 1; }\n' >"$TMP/incomplete/crash.c"
printf 'int a(void) {\0 return 1; }\n' >"$TMP/incomplete/binary.c"
printf 'not code\n' >"$TMP/incomplete/notes.txt"
(cd "$TMP/incomplete" && "$T" -j1 -C 1 -f prometheus . >"$TMP/incomplete.prom" 2>/dev/null)
check "prometheus: an incomplete run is valid" check_exposition "$TMP/incomplete.prom"
check "prometheus: it says incomplete, with one failed file" test \
	"$(prom_value "$TMP/incomplete.prom" assay_run_incomplete) $(prom_value "$TMP/incomplete.prom" 'assay_files{status="failed"}')" \
	= "1 1"
# The crash, its retry alone, then the line-count fallback: three deaths.
check "prometheus: worker deaths counted by cause" test \
	"$(prom_value "$TMP/incomplete.prom" 'assay_worker_deaths_total{cause="crash"}')" = 3

# ---- HTML: the page itself ----

# check_page FILE: one <style>, one script of code and one of data; the CSP allows exactly
# the SHA-256 of each; no reference to anything outside the page; the data cannot end
# its element and parses as JSON.
check_page() {
	python3 - "$1" <<'PY'
import base64, hashlib, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
problems = []
def sha(s):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
csp = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
styles = re.findall(r"<style>(.*?)</style>", page, re.S)
code = re.findall(r"<script>(.*?)</script>", page, re.S)
data = re.findall(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
if len(csp) != 1 or len(styles) != 1 or len(code) != 1 or len(data) != 1:
    problems.append("csp %d, style %d, script %d, data %d (want one each)"
                    % (len(csp), len(styles), len(code), len(data)))
elif len(re.findall(r"<script\b", page, re.I)) != 2 or len(re.findall(r"</script", page, re.I)) != 2:
    problems.append("more than two script elements")
else:
    directives = dict((d.split()[0], d.split()[1:]) for d in csp[0].split("; "))
    want = {"default-src": ["'none'"], "style-src": [sha(styles[0])],
            "script-src": [sha(code[0])], "img-src": ["data:"], "base-uri": ["'none'"],
            "form-action": ["'none'"]}
    for k in want:
        if directives.get(k) != want[k]:
            problems.append("CSP %s is %r, the page needs %r" % (k, directives.get(k), want[k]))
    if set(directives) != set(want):
        problems.append("CSP directives %r" % sorted(directives))
    if re.search(r"[<>&]", data[0]):
        problems.append("raw < > or & in the data")
    try:
        json.loads(data[0])
    except ValueError as e:
        problems.append("data is not JSON: %s" % e)
# Nothing outside the policy refers to a URL: no scheme but the SVG namespace (a name,
# never fetched), no protocol-relative //host, no url(), @import, src= or external link.
rest = page.replace(csp[0] if csp else "", "")
# The --source-url template is data, turned into links (navigation, never a load).
# So is the origin's address the header shows.
rest = re.sub(r'"(?:source_url|uri)":"(?:[^"\\]|\\.)*"', "", rest)
for m in re.finditer(r"(?i)\b(?:https?:|javascript:|(?:ftp|wss?|file)://)", rest):
    if not rest.startswith("http://www.w3.org/2000/svg'", m.start()):
        problems.append("URL reference: %r" % rest[m.start():m.start() + 40])
for pattern in (r"""["'(=]\s*//[^\s/]""", r"(?i)url\(", r"(?i)@import", r"(?i)\ssrc\s*=",
                r"(?i)\saction\s*="):
    for m in re.finditer(pattern, rest):
        problems.append("reference %r" % rest[m.start():m.start() + 40])
links = re.findall(r"<link\b[^>]*>", rest)
if links != ['<link rel="icon" href="data:,">']:
    problems.append("links %r" % links)
for p in problems[:8]:
    print("#   " + p)
sys.exit(1 if problems else 0)
PY
}

# page_data FILE EXPRESSION: EXPRESSION (Python, over the page's parsed data `d`) holds.
page_data() {
	python3 - "$1" "$2" <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S).group(1))
paths = [f[0] for f in d["files"]]
names = [u[1] for u in d["units"]]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

"$ASSAY" -j1 --ccn=2 -f html c python >"$TMP/report.html" 2>"$TMP/err"
check "html: violations exit 1" test $? -eq 1
check "html: one self-contained page, CSP hashes match what it embeds" check_page "$TMP/report.html"
check "html: a unit per unit of the run" page_data "$TMP/report.html" \
	"len(d['units']) == $(unit_count "$TMP/fixtures.json") and d['status'] == 'complete' and d['exit_code'] == 1"
expect_status "-o .html and -o .htm keep exit 1" 1 "$ASSAY" -j1 --ccn=2 -o "$TMP/o.html" \
	-o "$TMP/o.htm" c
check "-o .html is the html format" check_page "$TMP/o.html"
check "-o .htm is the html format" check_page "$TMP/o.htm"
(cd "$TMP/incomplete" && "$T" -j1 -C 1 -f html . >"$TMP/incomplete.html" 2>/dev/null)
check "html: an incomplete run's page is well-formed" check_page "$TMP/incomplete.html"
expect_status "html: a clean run exits 0" 0 "$ASSAY" -j1 -f html -C 1000 --cognitive 1000 \
	--nesting 100 --nloc 10000 -a 100 c python
check "html: the clean page is well-formed too" check_page "$TMP/out"

# A --strict item's place, from a run in a subdirectory: its path in the repository and
# its line (the place was cut to the length of the path as given: "deep/").
r="$TMP/strictsub"
mkdir -p "$r/deep/er/path"
git -C "$r" init -q && git -C "$r" commit -q --allow-empty -m base
printf '// assay: ignore\nint f(int a){ if (a && a) return 1; return 0; }\n' >"$r/deep/er/path/s.c"
(cd "$r/deep/er/path" && "$T" -j1 --strict --ccn=2 -f html . >"$TMP/strictsub.html" 2>/dev/null)
check "html: a strict item's place is its repository path and line, from a subdirectory" \
	page_data "$TMP/strictsub.html" \
	"any(x[2] == 'deep/er/path/s.c:2' for x in d['strict']['items'])"

# ---- hostile names ----
t="$TMP/hostile"
mkdir -p "$t"
python3 - "$t" <<'PY'
import os, sys
t = sys.argv[1]
body = "int f(int a) { if (a) { if (a > 1) { if (a > 2) return 3; } } return 0; }\n"
# The path "</script><script>alert(1)</script>" + an escape sequence + "x.c": '/' cannot
# be in a file name, so the markup is spread over two directories and the file.
d = os.path.join(t, "<", "script><script>alert(1)<")
os.makedirs(d)
open(os.path.join(d, "script>\033[31mx.c"), "w").write(body)
# A right-to-left override: shown as "c.png" unless escaped (Trojan Source).
open(os.path.join(t, "\u202egnp.c"), "w").write(body)
# Quotes, an ampersand, a comment opener and a raw C1 CSI in function names.
open(os.path.join(t, "keys.js"), "wb").write(
    b'const o = {\n  "</script><!--&amp;\\"": function (x) { if (x) { return 1; } return 0; },\n'
    b'  "k\xc2\x9b31m\xff": function (y) { return y ? 1 : 0; },\n};\n')
PY
HOSTILE_PATH='</script><script>alert(1)</script>\x1b[31mx.c'
(cd "$t" && "$ASSAY" -j1 -C 1 -f html . >"$TMP/hostile.html" 2>/dev/null)
check "hostile html: exit 1" test $? -eq 1
check "hostile html: still one page, two scripts, hashes matching" check_page "$TMP/hostile.html"
check "hostile html: no raw control character in the page" python3 -c '
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sys.exit(1 if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text) else 0)' "$TMP/hostile.html"
check "hostile html: the names survive exactly in the data" page_data "$TMP/hostile.html" \
	"'</script><script>alert(1)</script>\x1b[31mx.c' in paths and '\"</script><!--&amp;\\\\\"\"' in names"
(cd "$t" && "$ASSAY" -j1 -C 1 -f prometheus . >"$TMP/hostile.prom" 2>/dev/null)
check "hostile prometheus: exit 1" test $? -eq 1
check "hostile prometheus: the parser accepts it" check_exposition "$TMP/hostile.prom"
check "hostile prometheus: no label carries a name from the tree" python3 -c '
import sys
allowed = {"discover", "key", "cache", "analyze", "ok", "partial", "fallback", "skipped",
           "failed", "pending", "crash", "timeout", "sandbox_violation", "full",
           "rlimit-only", "off", "unused", "auto", "strict", "c", "javascript", "ccn",
           "cognitive", "nesting", "params", "nloc", "length", "tokens", "exits"}
got = set(open(sys.argv[1]).read().split("\n")[:-1])
sys.exit(0 if got <= allowed else 1)' "$TMP/labels"

# ---- HTML in headless Chromium ----

check "chromium is installed (contrib/bootstrap installs it)" sh -c 'command -v chromium >/dev/null'

# render URL OUT: the DOM once the page's script has run.
render() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$TMP/chrome" --virtual-time-budget=5000 --dump-dom "$1" \
		>"$2" 2>>"$TMP/chrome.log"
}

render "file://$TMP/hostile.html" "$TMP/hostile-dom.html"
check "hostile html rendered: a bidirectional override is shown as \\u202e, never raw" python3 -c '
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
shown = re.sub(r"data-path=\"[^\"]*\"", "", dom)	# the key a tile navigates by, not shown
sys.exit(0 if "\\u202egnp.c" in shown and "\u202e" not in shown else 1)' "$TMP/hostile-dom.html"

# dom FILE EXPRESSION [PAGE]: EXPRESSION (Python) holds over what the rendered DOM shows
# (tests/support/html_dom.py names what it can use), with the fixtures' JSON report as
# `report` and, given PAGE, the page's data as `data`.
dom() {
	python3 "$SRC/tests/support/html_dom.py" "$1" "$2" "$TMP/fixtures.json" ${3:+"$3"}
}

# Real clicks, typing and measurements: a harness script appended to the page and added to
# its policy. harness FILE SCRIPT: a copy of the page at FILE.harness.html that runs SCRIPT
# after it.
harness() {
	python3 - "$1" "$2" <<'PY'
import base64, hashlib, sys
page, script = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
page = page.replace("script-src ", "script-src 'sha256-%s' " % digest, 1)
page = page.replace("</body>", "<script>%s</script>\n</body>" % script, 1)
open(sys.argv[1] + ".harness.html", "w", encoding="utf-8").write(page)
PY
}
# A harness that counts, on <body>: data-overlaps, pairs of histogram labels whose boxes
# meet (and data-labels, how many); data-blocked, loads the policy refused; data-loaded,
# resources the page fetched.
MEASURE="var blocked = 0;
document.addEventListener('securitypolicyviolation', function () { blocked++; });
var labels = Array.prototype.slice.call(document.querySelectorAll('svg[id^=histogram] text'))
  .map(function (t) { return t.getBoundingClientRect(); }).filter(function (r) { return r.width > 0; });
var overlaps = 0;
labels.forEach(function (a, i) { labels.slice(i + 1).forEach(function (b) {
  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++; }); });
document.body.setAttribute('data-overlaps', overlaps);
document.body.setAttribute('data-labels', labels.length);
setTimeout(function () {
  document.body.setAttribute('data-blocked', blocked);
  document.body.setAttribute('data-loaded', performance.getEntriesByType('resource').length);
}, 500);"

# worst_first: the page's units in the order the table must show them by default: how far
# over its limits (value / limit, the largest across the violated metrics, computed here
# from the limits), then more metrics over, higher CCN, higher cognitive, page order.
WORST='sorted(range(len(data["units"])), key=lambda i: (-max([data["units"][i][3 + k] / max(m["limit"], 1) for k, m in enumerate(data["metrics"]) if data["units"][i][3 + len(data["metrics"])] >> k & 1] + [0]), -bin(data["units"][i][3 + len(data["metrics"])]).count("1"), -data["units"][i][3], -data["units"][i][4], i))'
# row_of(i): the (path, line, name) of the page's unit i, as a row shows them.
ROW_OF='lambda i: (data["files"][data["units"][i][0]][0], str(data["units"][i][2]), data["units"][i][1])'

page="file://$TMP/report.html"
render "$page" "$TMP/dom.html"
check "chromium: the unit count says every unit, the table renders a window of them" dom \
	"$TMP/dom.html" 'count == "%d of %d units" % (len(units), len(units)) and 0 < len(rows) <= len(units) and pos == list(range(len(rows))) and all(len(r) == 13 for r in rows)'
check "chromium: worst first by default, the worst function in the first row" dom \
	"$TMP/dom.html" "[(r[0], r[1], r[2]) for r in rows] == [($ROW_OF)(i) for i in $WORST][:len(rows)] and (rows[0][2], rows[0][3]) == ('mixed', '11')" "$TMP/report.html"
check "chromium: the CCN and cognitive histograms count every unit" dom "$TMP/dom.html" \
	'all(sum(int(b.split(": ")[1].split()[0]) for b in bars if b.startswith(m + " ")) == len(units) for m in ("CCN", "cognitive"))'
check "chromium: the treemap, a tile per top directory" dom "$TMP/dom.html" \
	'tiles == 2 and sorted(tile_paths) == ["c", "python"] and treemap_dir == ""'
check "chromium: the partial files listed with their reason" dom "$TMP/dom.html" \
	'sorted(r[0] for r in problems) == ["c/macro_predicted.c", "c/syntax_error.c", "python/syntax_error.py"] and all(r[1] == "partial" and "parse errors from line" in r[2] for r in problems)'
check "chromium: nothing refers outside the page" dom "$TMP/dom.html" \
	'scripts == 2 and images == 0 and refs == [("link", "href", "data:,")]'
check "chromium: a row per measured file, with its MI" dom "$TMP/dom.html" \
	'sorted((r[0], r[6]) for r in files_rows) == sorted((f["path"], "%.1f" % f["mi"]) for f in report["files"] if f["status"] in ("ok", "partial", "fallback"))'
check "chromium: a row per directory, as the JSON report's" dom "$TMP/dom.html" \
	'sorted((r[0], r[2], r[8]) for r in dirs_rows) == sorted((d["path"], str(d["functions"]), "%.1f" % d["mi"]) for d in report["directories"])'

render "file://$TMP/incomplete.html" "$TMP/dom.html"
check "chromium: failed and skipped files listed with their reasons" dom "$TMP/dom.html" \
	'sorted(problems) == [["binary.c", "skipped", "binary"], ["crash.c", "failed", "crashed (SIGSEGV)"]] and len(rows) == 1'

render "$page#sort=ccn" "$TMP/dom.html"
check "chromium: #sort=ccn puts the highest CCN first" dom "$TMP/dom.html" \
	'ccn[0] == max(u["ccn"] for _, u in units) and ccn == sorted((u["ccn"] for _, u in units), reverse=True)[:len(rows)]'
render "$page#sort=ccn:asc" "$TMP/dom.html"
check "chromium: #sort=ccn:asc puts the lowest first" dom "$TMP/dom.html" \
	'ccn == sorted(u["ccn"] for _, u in units)[:len(rows)]'
render "$page#sort=name" "$TMP/dom.html"
check "chromium: #sort=name sorts by name" dom "$TMP/dom.html" \
	'[r[2] for r in rows] == sorted(u["qualified_name"] for _, u in units)[:len(rows)]'
render "$page#filter=CRLF" "$TMP/dom.html"
check "chromium: #filter keeps only matching paths and names" dom "$TMP/dom.html" \
	'len(rows) == len([1 for p, u in units if "crlf" in p.lower() or "crlf" in u["qualified_name"].lower()]) > 0 and all("crlf" in (r[0] + r[2]).lower() for r in rows)'
render "$page#filter=classify" "$TMP/dom.html"
check "chromium: the filter matches names too" dom "$TMP/dom.html" \
	'sorted(r[0] for r in rows) == ["c/control.c", "python/control_flow.py"]'
render "$page#violations=1&sort=nloc" "$TMP/dom.html"
check "chromium: violations only, sorted by NLOC" dom "$TMP/dom.html" \
	'len(rows) == report["summary"]["violating_units"] and all(over) and [int(r[7]) for r in rows] == sorted((int(r[7]) for r in rows), reverse=True)'

harness "$TMP/report.html" "document.querySelector('#units th[data-key=ccn]').click();
var f = document.getElementById('filter'); f.value = 'c/';
f.dispatchEvent(new Event('input'));
document.getElementById('violations-only').click();"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: clicking CCN, typing a filter, ticking violations only" dom "$TMP/dom.html" \
	'len(rows) == len([1 for p, u in units if p.startswith("c/") and u["violations"]]) > 0 and all(r[0].startswith("c/") for r in rows) and ccn == sorted(ccn, reverse=True) and ccn[0] == 11'
harness "$TMP/report.html" "document.querySelector('#units th[data-key=name]').click();
document.querySelector('#units th[data-key=name]').click();"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: clicking a header twice reverses the order" dom "$TMP/dom.html" \
	'[r[2] for r in rows] == sorted((u["qualified_name"] for _, u in units), reverse=True)[:len(rows)]'

# A function's row expands to its figures: each metric with its value and limit.
harness "$TMP/report.html" "document.querySelector('#units-body tr.unit').click();"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: clicking a row shows its function's figures" dom "$TMP/dom.html" \
	'rows[0][2] in detail and "assay explain " + rows[0][0] + ":" + rows[0][1] in detail and [r[1] for r in detail_rows] == rows[0][3:11] and detail_rows[0][:3] == ["CCN", rows[0][3], "2"]'
check "chromium: ... and its increments, adding up to its CCN and cognitive" dom "$TMP/dom.html" \
	'len(increments) == 3 and 1 + sum(int(r[1] or 0) for r in increments) == int(rows[0][3]) and sum(int(r[2] or 0) for r in increments) == int(rows[0][4]) and [r[0] for r in increments] == ["63", "66", "69"] and increments[0][4] == "if, boolean operators"'

# Histogram labels never overlap, and the page loads nothing and the policy blocks nothing.
harness "$TMP/report.html" "$MEASURE"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: no two histogram labels overlap" dom "$TMP/dom.html" \
	'int(body["data-labels"]) > 20 and body["data-overlaps"] == "0"'
check "chromium: the page loads nothing and tries nothing the policy blocks" dom "$TMP/dom.html" \
	'body["data-blocked"] == "0" and body["data-loaded"] == "0"'
# ... and the measure sees a load when there is one (an image the page does not have).
harness "$TMP/report.html" "document.body.appendChild(document.createElement('img')).src = 'https://example.invalid/x.png';
$MEASURE"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: the measure catches a blocked load" dom "$TMP/dom.html" \
	'body["data-blocked"] != "0"'

# The treemap: a directory's files after #dir= or a click, back up through the breadcrumb.
render "$page#dir=c" "$TMP/dom.html"
check "chromium: #dir=c shows c's files, labels cut at their end" dom "$TMP/dom.html" \
	'treemap_dir == "c" and sorted(tile_paths) == sorted(f["path"] for f in report["files"] if f["path"].startswith("c/") and f.get("code")) and all(n == p.split("/")[-1] or (n.endswith("\u2026") and p.split("/")[-1].startswith(n[:-1])) for n, p in zip(tile_names, tile_paths)) and "c" in crumbs'
harness "$TMP/report.html" "document.querySelector('#treemap g.dir[data-path=python]').dispatchEvent(new MouseEvent('click'));"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: clicking a directory opens it" dom "$TMP/dom.html" \
	'treemap_dir == "python" and all(p.startswith("python/") for p in tile_paths) and len(tile_paths) > 1'
harness "$TMP/report.html" "document.querySelector('#treemap g.dir[data-path=python]').dispatchEvent(new MouseEvent('click'));
document.querySelector('#treemap-crumbs button').click();"
render "file://$TMP/report.html.harness.html" "$TMP/dom.html"
check "chromium: the breadcrumb goes back up" dom "$TMP/dom.html" \
	'treemap_dir == "" and sorted(tile_paths) == ["c", "python"]'

# A script the policy does not name never runs (so neither would an injected one).
python3 - "$TMP/report.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
page = page.replace("</body>", "<script>document.title = 'injected';</script>\n</body>", 1)
open(sys.argv[1] + ".injected.html", "w", encoding="utf-8").write(page)
PY
render "file://$TMP/report.html.injected.html" "$TMP/dom.html"
check "chromium: the policy blocks a script it does not name" dom "$TMP/dom.html" \
	'title == "assay report" and len(rows) > 0'

render "file://$TMP/hostile.html" "$TMP/dom.html"
check "chromium: hostile names render as text, no markup escapes" dom "$TMP/dom.html" \
	"title == 'assay report' and scripts == 2 and images == 0 and r'$HOSTILE_PATH' in [r[0] for r in rows] and '\"</script><!--&amp;\\\\\"\"' in [r[2] for r in rows]"

# ---- a repository: identity, links to the code, a gate's marks ----
repo="$TMP/repo"
(
git_repo "$repo"
git symbolic-ref HEAD refs/heads/main
git remote add origin https://forge.example/org/proj.git
printf '[threshold]\n\tccn = 2\n' >.assay
mkdir "sub dir"
printf 'int legacy(int a, int b) { if (a) return 1; if (b) return 2; return 0; }\n' >"sub dir/a#b.c"
printf '/* assay: ignore[ccn] */\nint quiet(int a, int b) { if (a) return 1; if (b) return 2; return 0; }\n' >quiet.c
printf 'int accepted(int a, int b) { if (a) return 1; if (b) return 2; return 0; }\n' >old.c
git add -A && git commit -qm base
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
git add -A && git commit -qm baseline
git checkout -qb feature
printf 'int legacy(int a, int b, int c) { if (a) return 1; if (b) return 2; if (c) return 3; return 0; }\n' >"sub dir/a#b.c"
printf 'int fresh(int a, int b) { if (a) return 1; if (b) return 2; return 0; }\n' >fresh.c
git add -A && git commit -qm feature
) >/dev/null 2>&1
head=$(git -C "$repo" rev-parse HEAD)
when=$(cd "$repo" && TZ=UTC git log -1 --format=%cd --date=format-local:'%Y-%m-%d %H:%M UTC')
SOURCE='https://forge.example/org/proj/blob/{commit}/{path}#L{line}'
(cd "$repo" && "$ASSAY" --no-cache -j1 --source-url="$SOURCE" -f html . >"$TMP/repo.html" 2>/dev/null)
check "html in a repository: exit 1" test $? -eq 1
check "html in a repository: one page, the template no load" check_page "$TMP/repo.html"
check "html: the identity in the data" page_data "$TMP/repo.html" \
	"d['identity']['commit'] == '$head' and d['identity']['branch'] == 'feature' and d['identity']['project'] == 'proj' and d['identity']['date'] == '$when' and d['identity']['root'] == '$(cd "$repo" && pwd -P)/'"
render "file://$TMP/repo.html" "$TMP/dom.html"
check "chromium: the header names the repository, path, branch, commit and date" dom "$TMP/dom.html" \
	"ids['id-branch'] == 'branchfeature' and id_titles['id-commit'] == '$head' and ids['id-commit'] == 'commit$head'[:18] and ids['id-date'] == 'committed$when' and ids['id-root'] == 'path$(cd "$repo" && pwd -P)/' and ids['id-uri'] == 'originhttps://forge.example/org/proj.git'"
check "chromium: names link to the code, path encoded per segment, no referrer" dom "$TMP/dom.html" \
	"('https://forge.example/org/proj/blob/$head/sub%20dir/a%23b.c#L1', 'noopener noreferrer', 'legacy') in [tuple(a) for a in anchors] and all(a[0].startswith('https://forge.example/org/proj/blob/$head/') and a[1] == 'noopener noreferrer' for a in anchors) and len(anchors) >= 2 * len(rows)"
check "chromium: baselined and suppressed violations are marked" dom "$TMP/dom.html" \
	"dict((r[2], m) for r, m in zip(rows, marks)) == {'legacy': [], 'fresh': [], 'quiet': ['suppressed'], 'accepted': ['baselined']}"
expect_status "--source-url refuses a javascript: template" 2 "$ASSAY" --source-url='javascript:alert(1)//{path}' -f html "$repo"
check "... saying why" grep -q "source-url: links must be http:// or https://" "$TMP/err"
expect_status "--source-url refuses a template with a quote" 2 "$ASSAY" --source-url='https://x/"{path}' -f html "$repo"
(cd "$repo" && printf '[report]\n\tsourceUrl = https://cfg.example/{branch}/{path}\n' >>.assay &&
	"$ASSAY" --no-cache -j1 -f html . >"$TMP/cfg.html" 2>/dev/null; git checkout -q .assay)
check "[report] sourceUrl in .assay is the template too" page_data "$TMP/cfg.html" \
	"d['source_url'] == 'https://cfg.example/{branch}/{path}'"
(cd "$repo" && printf '[report]\n\tsourceUrl = javascript:alert(1)\n' >>.assay &&
	"$ASSAY" --no-cache -j1 -f html . >/dev/null 2>"$TMP/cfg.err"; echo $? >"$TMP/cfg.status"; git checkout -q .assay)
check "[report] sourceUrl refuses javascript:" test "$(cat "$TMP/cfg.status")" = 2
(cd "$repo" && "$ASSAY" --no-cache -j1 diff main...HEAD -f html >"$TMP/diff.html" 2>/dev/null)
render "file://$TMP/diff.html" "$TMP/dom.html"
check "chromium: assay diff marks new and worse functions, with the base values" dom "$TMP/dom.html" \
	"dict((r[2], m) for r, m in zip(rows, marks)) == {'legacy': ['worse'], 'fresh': ['new']} and [t[3] for r, t in zip(rows, titles) if r[2] == 'legacy'] == ['limit 2, was 3'] and anchors == []"

# ---- many units: a table that renders only the rows in view ----
big="$TMP/big"
mkdir -p "$big"
python3 - "$big" <<'PY'
import os, sys
# 20 files of 150 functions, of CCN 1 to 40, and one of CCN 300: 3001 units.
for f in range(20):
    with open(os.path.join(sys.argv[1], "m%02d.py" % f), "w") as out:
        for i in range(150):
            out.write("def f%02d_%03d(a):\n" % (f, i))
            for k in range((f * 7 + i * 13) % 40):
                out.write("    if a == %d:\n        return %d\n" % (k, k))
            out.write("    return 0\n\n")
with open(os.path.join(sys.argv[1], "huge.py"), "w") as out:
    out.write("def huge(a):\n" + "".join("    if a == %d:\n        return %d\n" % (k, k) for k in range(299)) + "    return 0\n")
PY
(cd "$big" && "$ASSAY" -j2 -f html . >"$TMP/big.html" 2>/dev/null)
render "file://$TMP/big.html" "$TMP/dom.html"
check "chromium: 3001 units, a window of rows rendered, the worst first" dom "$TMP/dom.html" \
	"count == '3001 of 3001 units' and 0 < len(rows) < 200 and rows[0][2] == 'huge' and [(r[0], r[1], r[2]) for r in rows] == [($ROW_OF)(i) for i in $WORST][:len(rows)]" "$TMP/big.html"
check "html: increments for the 200 worst units only" page_data "$TMP/big.html" \
	"sum(1 for u in d['units'] if u[-1]) == 200 and [u for u in d['units'] if u[1] == 'huge'][0][-1][0][3] == 'if'"
harness "$TMP/big.html" "var s = document.getElementById('units-scroll'), h = document.querySelector('#units-body tr.unit').getBoundingClientRect().height;
s.scrollTop = 1500 * h; s.dispatchEvent(new Event('scroll'));"
render "file://$TMP/big.html.harness.html" "$TMP/dom.html"
check "chromium: scrolled to row 1500, the rows there are rendered, in order" dom "$TMP/dom.html" \
	"1500 in pos and len(rows) < 200 and pos == list(range(pos[0], pos[0] + len(rows))) and [(r[0], r[1], r[2]) for r in rows] == [($ROW_OF)(i) for i in $WORST][pos[0]:pos[0] + len(rows)]" "$TMP/big.html"
harness "$TMP/big.html" "document.querySelector('#units th[data-key=name]').click();
var s = document.getElementById('units-scroll'), h = document.querySelector('#units-body tr.unit').getBoundingClientRect().height;
s.scrollTop = 2000 * h; s.dispatchEvent(new Event('scroll'));"
render "file://$TMP/big.html.harness.html" "$TMP/dom.html"
check "chromium: sorted by name and scrolled, the right rows" dom "$TMP/dom.html" \
	"2000 in pos and [r[2] for r in rows] == sorted(u[1] for u in data['units'])[pos[0]:pos[0] + len(rows)]" "$TMP/big.html"
harness "$TMP/big.html" "$MEASURE"
render "file://$TMP/big.html.harness.html" "$TMP/dom.html"
check "chromium: no two histogram labels overlap, CCN up to 300" dom "$TMP/dom.html" \
	'int(body["data-labels"]) > 20 and body["data-overlaps"] == "0"'

timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$TMP/chrome" \
	--virtual-time-budget=5000 --hide-scrollbars --window-size=1280,1600 \
	--screenshot="$TMP/shot.png" "$page" >/dev/null 2>>"$TMP/chrome.log"
check "chromium: a 1280x1600 screenshot of the page" python3 -c '
import struct, sys
png = open(sys.argv[1], "rb").read()
ok = png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1280, 1600)
sys.exit(0 if ok and len(png) > 20000 else 1)' "$TMP/shot.png"
