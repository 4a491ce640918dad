# strict.sh - --strict (and [gate] strict in the user's file): the gate fails closed for
# changes nobody has vetted. Every file not fully measured fails the run (exit 3, whatever
# --on-error says); the repository's .assay may only tighten; its baseline, suppression
# comments and generated markers count only when the base revision already had them; and
# every report format lists what was ignored, refused or accepted. Each scenario is a real
# git repository built commit by commit.
. "$(dirname "$0")/lib.shinc"

export XDG_CONFIG_HOME="$TMP/xdg"
mkdir -p "$XDG_CONFIG_HOME/assay"
A() { "$ASSAY" --no-cache -j1 "$@"; }

# busy NAME N: a C function called NAME with CCN N+1 and cognitive complexity N (N ifs):
# with N = 15 over the default CCN limit (15) and within the cognitive one.
busy() {
	printf 'int %s(int a)\n{\n' "$1"
	i=0
	while [ "$i" -lt "$2" ]; do
		printf '\tif (a == %d)\n\t\treturn %d;\n' "$i" "$i"
		i=$((i + 1))
	done
	printf '\treturn -1;\n}\n'
}
# commit MESSAGE: everything staged and committed.
commit() { git add -A && git commit -qm "$1"; }
# jq_py EXPR: evaluates a Python expression over the JSON report $TMP/out as r.
jq_py() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$TMP/out" "$1" 2>/dev/null
}
# strict_has KIND FIELD=VALUE...: the JSON report's strict.KIND has an entry with those
# values (applied=True/False compare as text).
strict_has() {
	python3 - "$TMP/out" "$@" 2>/dev/null <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want = dict(a.split("=", 1) for a in sys.argv[3:])
entries = r.get("strict", {}).get(sys.argv[2], [])
def text(v):
    return ",".join(v) if isinstance(v, list) else str(v)
sys.exit(0 if any(all(text(e.get(k)) == v for k, v in want.items()) for e in entries)
         else 1)
PY
}

# ---- the repository's .assay may only tighten -------------------------------------------
git_repo "$TMP/settings"
busy hard 15 >a.c
mkdir -p hidden legacy core
busy hidden 15 >hidden/h.c
busy old 15 >legacy/l.c
busy core 3 >core/c.c
cat >.assay <<'CFG'
[threshold]
	ccn = 30
	nesting = 2
[threshold "legacy/**"]
	ccn = 50
[threshold "core/**"]
	ccn = 2
[exclude]
	path = hidden/**
[language]
	c = python
[include]
	path = core/**
[generated]
	marker = HIDE-ME
[report]
	sourceUrl = "https://forge.example/{path}?L={line}"
CFG
{ printf '/* HIDE-ME */\n'; busy masked 15; } >masked.c
commit settings
expect_status "without --strict the repository's .assay lets every violator through" 0 A .
expect_status "--strict: a raised limit is ignored" 1 A --strict -f json .
check "... and listed with its origin and why" \
	strict_has ignored_settings key=threshold.ccn value=30 origin=.assay:2 "why=raises the limit"
check "a lower limit from the repository applies" test "$(jq_py 'r["thresholds"]["nesting"]')" = 2
check "the repository's per-path relaxation is ignored and listed" \
	strict_has ignored_settings key=threshold.legacy/**.ccn value=50 origin=.assay:5
check "... so the legacy function is gated at the run's limit" \
	test "$(jq_py '[u["violations"] for f in r["files"] if f["path"] == "legacy/l.c" for u in f["units"]]')" = "[['ccn']]"
check "the repository's per-path tightening applies" \
	test "$(jq_py '[u["violations"] for f in r["files"] if f["path"] == "core/c.c" for u in f["units"]]')" = "[['ccn']]"
check "the repository's exclude is ignored and listed" \
	strict_has ignored_settings key=exclude.path value=hidden/** origin=.assay:9
check "... so the excluded file is measured" \
	test "$(jq_py '[f["status"] for f in r["files"] if f["path"] == "hidden/h.c"]')" = "['ok']"
check "the repository's language remap is ignored and listed" \
	strict_has ignored_settings key=language.c value=python origin=.assay:11
check "... so a.c is read as C" test "$(jq_py '[f["language"] for f in r["files"] if f["path"] == "a.c"]')" = "['c']"
check "the repository's include filter is ignored and listed" \
	strict_has ignored_settings key=include.path value=core/** origin=.assay:13
check "the repository's generated marker is ignored and listed" \
	strict_has ignored_settings key=generated.marker value=HIDE-ME origin=.assay:15
check "... so the file carrying it is measured" \
	test "$(jq_py '[f["status"] for f in r["files"] if f["path"] == "masked.c"]')" = "['ok']"
check "the repository's report link template is ignored and listed" \
	strict_has ignored_settings key=report.sourceUrl "value=https://forge.example/{path}?L={line}" origin=.assay:17
A --strict -o "$TMP/strict.html" . >/dev/null 2>&1
A -o "$TMP/plain.html" . >/dev/null 2>&1
check "... so the strict HTML report links nowhere it named (a plain run's does)" \
	sh -c "! grep -q '\"source_url\":\"https://forge' '$TMP/strict.html' && grep -q '\"source_url\":\"https://forge' '$TMP/plain.html'"
check "the strict report says schema 1.3 (1.1 added strict)" test "$(jq_py 'r["schema_version"]')" = 1.3
A -f json . >"$TMP/plain.json" 2>/dev/null
check "without --strict the JSON report has no strict object (and says 1.3 too)" \
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit("strict" in r or r["schema_version"] != "1.3")' "$TMP/plain.json"
expect_status "assay config --strict lists what it ignores" 0 "$ASSAY" config --strict
check "... with its line" grep -q '^# ignored under --strict: threshold.ccn = 30 (.assay:2): raises the limit$' "$TMP/out"

printf '[gate]\n\tstrict = true\n' >"$XDG_CONFIG_HOME/assay/config"
expect_status "[gate] strict = true in the user's file is --strict" 1 A .
check "... and the text report says so" grep -q '^strict mode: .assay:2: ignored threshold.ccn = 30: raises the limit$' "$TMP/out"
rm "$XDG_CONFIG_HOME/assay/config"
printf '[gate]\n\tstrict = false\n' >>.assay
expect_status "a repository cannot set [gate] strict" 2 A .
check "... the message names the file, the line and the key" \
	grep -q "\.assay:19: a repository configuration may not set gate.strict" "$TMP/err"
git checkout -q .assay

# ---- a baseline and a suppression count only from the base revision ------------------
git_repo "$TMP/excuses"
busy old 15 >a.c
printf '\n/* assay: ignore[ccn] */\n' >>a.c
busy quiet 15 >>a.c
printf '# assay baseline v1\na.c\told\tccn=16\n' >.assay-baseline
commit base
# The change: old's body changes (same CCN: the base's baseline accepts it), quiet's body
# changes (its base version is suppressed too), and two new violators bring their own
# excuses: a baseline line and a suppression comment.
sed -i 's/return -1;/return -2;/' a.c
printf '\n' >>a.c
busy fresh 15 >>a.c
printf '\n/* assay: ignore[ccn] */\n' >>a.c
busy sneaky 15 >>a.c
printf 'a.c\tfresh\tccn=16\n' >>.assay-baseline
git add -A
expect_status "precommit: the change's own baseline line and comment pass without --strict" 0 \
	A precommit
expect_status "precommit --strict: they do not" 1 A precommit --strict -f json
check "the base revision's baseline line applies" strict_has baselined qualified_name=old applied=True metrics=ccn
check "the change's baseline line is refused" \
	strict_has baselined qualified_name=fresh applied=False "why=not in the base revision (HEAD)"
check "the base revision's suppression applies" strict_has suppressions qualified_name=quiet applied=True
check "the change's suppression is refused" strict_has suppressions qualified_name=sneaky applied=False
check "... and sneaky and fresh are the violations" \
	test "$(jq_py 'sorted(u["qualified_name"] for f in r["files"] for u in f.get("units", []) if u["violations"])')" = "['fresh', 'sneaky']"
check "the strict object names the base revision" test "$(jq_py 'r["strict"]["base"]')" = HEAD
git commit -qm change

# diff: the base is the merge base, so the trunk's later excuses do not reach a branch.
git branch -q trunk HEAD~1
git checkout -q -b feature HEAD~1
busy branchy 15 >>a.c
commit "a new violator on the branch"
git checkout -q trunk
printf 'a.c\tbranchy\tccn=16\n' >>.assay-baseline
commit "the trunk accepts branchy after the branch was made"
git checkout -q feature
printf 'a.c\tbranchy\tccn=16\n' >>.assay-baseline
commit "the branch accepts its own violator"
expect_status "diff trunk feature: the branch's own baseline line passes without --strict" 0 \
	A diff trunk feature
expect_status "diff trunk feature --strict: it is refused" 1 A diff trunk feature --strict -f json
check "... checked against the merge base, not the trunk" \
	python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["strict"]["base"]; sys.exit(not b.startswith("merge base"))' "$TMP/out"
check "... and listed as refused" strict_has baselined qualified_name=branchy applied=False

# A plain run under --strict has no base revision: the repository's excuses do not apply.
git checkout -q trunk
expect_status "a plain run: the baseline and the comments pass without --strict" 0 A .
expect_status "a plain run under --strict: neither applies" 1 A --strict -f json .
check "... the refused suppression is listed, with why" \
	strict_has suppressions qualified_name=quiet applied=False "why=no base revision to check it against (not a gate run)"
check "... and so is the refused baseline line" strict_has baselined qualified_name=old applied=False

# ---- every report format lists the excuses and the ignored settings --------------------
git checkout -q feature
git checkout -q -b formats
printf '[threshold]\n\tccn = 40\n' >.assay
commit "raise the limit"
sed -i 's/return -1;/return -4;/' a.c
busy another 15 >>a.c
git add -A
fmt() { A precommit --strict --all -f "$1" >"$TMP/f.$1" 2>/dev/null; }
for f in json text warnings sarif checkstyle codeclimate csv html prometheus; do
	fmt "$f"
done
cp "$TMP/f.json" "$TMP/out"
check "json: the raised limit" strict_has ignored_settings key=threshold.ccn value=40 origin=.assay:2
check "json: the accepted suppression" strict_has suppressions qualified_name=quiet applied=True
check "json: the accepted baseline line" strict_has baselined qualified_name=old applied=True
check "text: a strict section" grep -q '^strict mode: .assay:2: ignored threshold.ccn = 40: raises the limit$' "$TMP/f.text"
check "text: the accepted suppression" grep -q '^strict mode: a.c:[0-9]*: quiet: ccn suppressed by a comment (in the base revision)$' "$TMP/f.text"
check "text: the accepted baseline line" grep -q '^strict mode: a.c:[0-9]*: old: ccn accepted by the baseline (in the base revision)$' "$TMP/f.text"
check "warnings: notes for the ignored setting" grep -q '^.assay:2: note: strict: ignored threshold.ccn = 40: raises the limit$' "$TMP/f.warnings"
check "warnings: and for the suppression" grep -q '^a.c:[0-9]*: note: strict: quiet: ccn suppressed by a comment (in the base revision)$' "$TMP/f.warnings"
check "sarif: valid against the SARIF 2.1.0 schema" python3 - "$SRC/tests/schemas/sarif-schema-2.1.0.json" "$TMP/f.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
errors = list(cls(schema).iter_errors(json.load(open(sys.argv[2]))))
for e in errors[:5]:
    print("#   %s at %s" % (e.message, "/".join(map(str, e.absolute_path))))
sys.exit(1 if errors else 0)
PY
check "sarif: the ignored setting is a configuration notification" python3 -c '
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
notes = [n["message"]["text"] for n in inv.get("toolConfigurationNotifications", [])]
sys.exit(0 if "strict: ignored threshold.ccn = 40: raises the limit" in notes else 1)' "$TMP/f.sarif"
check "sarif: the suppressed and the baselined violations are no results, but counted" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
names = [l["fullyQualifiedName"] for r in run["results"] for loc in r["locations"]
         for l in loc.get("logicalLocations", [])]
excused = run["properties"]["excused"]
sys.exit(0 if "quiet" not in names and "old" not in names and excused["suppressed"] >= 1
         and excused["baselined"] >= 1 else 1)' "$TMP/f.sarif"
check "checkstyle: parses, an info entry for the ignored setting" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
found = [e for f in root if f.get("name") == ".assay" for e in f
         if e.get("severity") == "info" and e.get("source") == "assay.strict" and e.get("line") == "2"]
sys.exit(0 if found else 1)' "$TMP/f.checkstyle"
check "checkstyle: the baselined violation is an info entry" \
	grep -q 'severity="info" message="old has CCN 16 (limit 15) (accepted by the baseline)"' "$TMP/f.checkstyle"
check "codeclimate: parses, info issues for the setting and the excuses" python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
strict = [i for i in doc if i["check_name"] == "assay/strict" and i["severity"] == "info"]
base = [i for i in doc if "(accepted by the baseline)" in i["description"] and i["severity"] == "info"]
fps = [i["fingerprint"] for i in doc]
sys.exit(0 if strict and base and len(fps) == len(set(fps)) else 1)' "$TMP/f.codeclimate"
check "csv: a baselined column, and strict records after the rows" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
units = [r for r in rows[1:] if not r[0].startswith("#")]
strict = [r for r in rows[1:] if r[0] == "# strict"]
old = [r for r in units if r[5] == "old"]
col = head.index("baselined")
ok = old and old[0][col] == "ccn" \
     and ["# strict", "setting", "ignored", ".assay", "2", "threshold.ccn", "40", "raises the limit"] in strict
sys.exit(0 if ok else 1)' "$TMP/f.csv"
check "html: the page's data carries the strict items" python3 -c '
import json, re, sys
page = open(sys.argv[1]).read()
data = json.loads(re.search(r"<script type=\"application/json\" id=\"data\">(.*?)</script>", page, re.S).group(1))
items = data["strict"]["items"]
sys.exit(0 if any(i[0] == "setting" for i in items) and any(i[0] == "suppression" for i in items) else 1)' "$TMP/f.html"
if command -v chromium >/dev/null; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$TMP/chrome" --virtual-time-budget=5000 --dump-dom \
		"file://$TMP/f.html" >"$TMP/dom.html" 2>/dev/null
	check "html in chromium: a Strict mode section with a row per item" python3 -c '
import re, sys
dom = open(sys.argv[1]).read()
table = re.search(r"<table id=\"strict-items\">(.*?)</table>", dom, re.S)
rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S) if table else []
cells = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in rows]
sys.exit(0 if ["setting", "ignored", ".assay:2", "ignored threshold.ccn = 40: raises the limit"] in cells
         and any(c[:2] == ["baseline", "applied"] for c in cells) else 1)' "$TMP/dom.html"
fi
check "prometheus: counts by kind (never a name)" grep -q '^assay_strict_items{project="[^"]*",kind="suppression",state="applied"} 1$' "$TMP/f.prometheus"

# ---- generated markers: only when the base revision's version carries one too ----------
git_repo "$TMP/generated"
printf '[generated]\n\tmarker = @generated\n' >"$XDG_CONFIG_HOME/assay/config"
{ printf '/* @generated */\n'; busy made 15; } >made.c
busy plain 2 >plain.c
commit base
{ printf '/* @generated */\n'; busy hiding 15; } >plain.c
sed -i 's/return -1;/return -2;/' made.c
git add -A
expect_status "precommit: a change marking its own file generated passes without --strict" 0 A precommit
expect_status "precommit --strict: the marker the base lacks is refused" 1 A precommit --strict -f json
check "... listed as refused" strict_has generated path=plain.c applied=False
check "a file the base revision already marked stays generated" strict_has generated path=made.c applied=True
"$ASSAY" -j1 --cache-dir="$TMP/gen-cache" precommit --strict -f json >/dev/null 2>&1
expect_status "... and so from a cache the same run filled: still refused" 1 \
	"$ASSAY" -j1 --cache-dir="$TMP/gen-cache" precommit --strict -f json
check "... still listed" strict_has generated path=plain.c applied=False
mkdir -p sub && { printf '/* @generated */\n'; busy inner 15; } >sub/inner.c
(cd sub && "$ASSAY" --no-cache -j1 --strict -f codeclimate .) >"$TMP/sub.cc" 2>/dev/null
check "codeclimate from a subfolder: a refused marker is on the file's path from the top" \
	python3 -c 'import json,sys; i=[x for x in json.load(open(sys.argv[1])) if x["check_name"]=="assay/strict"]; sys.exit(not i or any(x["location"]["path"]!="sub/inner.c" for x in i))' "$TMP/sub.cc"
rm -rf sub
rm "$XDG_CONFIG_HOME/assay/config"

# The same setting twice in .assay: two issues, two fingerprints (GitLab needs them unique).
git_repo "$TMP/twice"
printf 'int f(void) { return 0; }\n' >a.c
printf '[exclude]\n\tpath = x/**\n\tpath = x/**\n' >.assay
commit base
"$ASSAY" --no-cache --strict -f codeclimate . >"$TMP/twice.cc" 2>/dev/null
check "codeclimate: a setting given twice is two issues with distinct fingerprints" python3 -c '
import json, sys
fp = [x["fingerprint"] for x in json.load(open(sys.argv[1])) if x["check_name"] == "assay/strict"]
sys.exit(0 if len(fp) == 2 and fp[0] != fp[1] else 1)' "$TMP/twice.cc"
# From a subfolder, .assay is shown as the files are: from the current folder in the
# line formats (a problem matcher resolves it there), from the work tree's top in SARIF.
mkdir -p sub && cp a.c sub/a.c
(cd sub && "$ASSAY" --no-cache --strict -f warnings .) >"$TMP/twice.w" 2>/dev/null
check "warnings from a subfolder: the ignored setting is on ../.assay" \
	grep -q '^\.\./\.assay:2: note: strict: ignored exclude.path' "$TMP/twice.w"
(cd sub && "$ASSAY" --no-cache --strict -f sarif .) >"$TMP/twice.sarif" 2>/dev/null
check "sarif from a subfolder: .assay from the work tree's top (%SRCROOT%)" \
	grep -q '"uri":".assay","uriBaseId":"%SRCROOT%"' "$TMP/twice.sarif"
rm -rf sub

# ---- every file not fully measured fails the run under --strict (exit 3) --------------
git_repo "$TMP/unmeasured"
printf 'int ok(void) { return 0; }\n' >ok.c
commit base
busy big 40 >big.c
expect_status "a file over --max-size: exit 0 without --strict" 0 A --max-size=1K .
expect_status "... exit 3 with it" 3 A --max-size=1K --strict .
check "... and the text report says why" grep -q '^strict mode: 1 files not fully measured: the run fails (exit 3)$' "$TMP/out"
# Every format names the file that fails the run, never an empty, clean-looking report.
for f in checkstyle codeclimate warnings csv sarif; do
	A --max-size=1K --strict -f "$f" . >"$TMP/big.$f" 2>/dev/null
	check "... $f names big.c as not measured (too large)" \
		sh -c "grep -q 'big.c' '$TMP/big.$f' && grep -q 'not measured: too large' '$TMP/big.$f'"
done
check "... an error in checkstyle, critical in Code Climate" sh -c \
	"grep -q 'severity=\"error\" message=\"not measured: too large' '$TMP/big.checkstyle' \
	 && grep -q '\"check_name\":\"assay/incomplete\".*\"severity\":\"critical\"' '$TMP/big.codeclimate'"
rm big.c
python3 -c 'print("var x=[" + ",".join(str(i) for i in range(12000)) + "];function f(a){return a}")' >min.js
expect_status "a minified file: exit 0 without --strict" 0 A .
expect_status "... exit 3 with it" 3 A --strict .
rm min.js
printf 'int f(void) { return 0; }\n\0\n' >nul.c
expect_status "a binary file (a NUL byte): exit 0 without --strict" 0 A .
expect_status "... exit 3 with it" 3 A --strict .
rm nul.c
T=$(test_install)
printf '/* ASSAY-TEST-CRASH */\nint crash(void) { return 1; }\n' >crash.c
expect_status "a file that crashes its worker: exit 0 without --strict" 0 "$T" -j1 .
expect_status "... exit 3 with it" 3 "$T" -j1 --strict .
git add crash.c
expect_status "precommit --strict --on-error=allow: still exit 3" 3 "$T" -j1 precommit --strict --on-error=allow
git rm -q --cached crash.c
rm crash.c
printf '/* ASSAY-TEST-LOOP */\nint spin(void) { return 1; }\n' >spin.c
expect_status "a file that hangs its worker: exit 0 without --strict" 0 "$T" -j1 --timeout=1 .
expect_status "... exit 3 with it" 3 "$T" -j1 --timeout=1 --strict .
rm spin.c
if "$ASSAY" version | grep -q '^sandbox level: full'; then
	printf '/* ASSAY-TEST-X32 */\nint f(void) { return 0; }\n' >sneak.c
	expect_status "a file whose worker the sandbox kills: exit 0 without --strict" 0 "$T" -j1 .
	expect_status "... exit 3 with it" 3 "$T" -j1 --strict .
	rm sneak.c
fi
expect_status "a clean run under --strict: exit 0" 0 A --strict .

# A base revision's suppression excuses the function it was written for, not every one of
# its name: a new anonymous callback beside a suppressed one brings its own comment.
rm -rf "$TMP/anon" && mkdir -p "$TMP/anon" && cd "$TMP/anon" && git init -q . || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
cb() { printf "// assay: ignore[ccn]\napp.get('/%s', function (a, b, c) { if (a %s b %s c) return 1; return 0; });\n" "$1" "$2" "$2"; }
cb a '&&' >a.js && commit base
cb b '||' >>a.js && git add -A
expect_status "precommit --strict: a new function's own comment is refused, though one of its name was suppressed" 1 A precommit --strict -f json
check "... it is listed refused" strict_has suppressions qualified_name="(anonymous)" line=4 applied=False
{ cb b '||'; cb a '&&'; } >a.js && git add -A
expect_status "... before the suppressed one too" 1 A precommit --strict -f json
check "... the new one refused" strict_has suppressions qualified_name="(anonymous)" line=2 applied=False
git reset -q --hard
