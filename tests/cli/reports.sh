# reports.sh - the CI report formats: SARIF, checkstyle, Code Climate, CSV and lizard's
# CSV. Each against checked-in expected output on the fixtures, each parsed by a real
# reader (the SARIF 2.1.0 JSON schema, xml.etree, json, csv), each keeping the exit code,
# and each fed a tree whose names are built to break it.
. "$(dirname "$0")/lib.shinc"

FORMATS="sarif checkstyle codeclimate csv csv-lizard"
# The OASIS schema, vendored under tests/schemas/ (origin and licence in its README).
SARIF_SCHEMA="$SRC/tests/schemas/sarif-schema-2.1.0.json"

golden_name() {	# golden_name FORMAT: the expected file of FORMAT on c and python
	case "$1" in
	sarif) echo c-python.sarif ;;
	checkstyle) echo c-python.checkstyle.xml ;;
	codeclimate) echo c-python.codeclimate.json ;;
	csv) echo c-python.csv ;;
	csv-lizard) echo c-python.lizard.csv ;;
	esac
}

# check_sarif FILE: valid against the SARIF 2.1.0 schema; every URI percent-encoded.
check_sarif() {
	python3 - "$SARIF_SCHEMA" "$1" <<'PY'
import json, re, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = list(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc))
for e in errors[:5]:
    print("#   %s at %s" % (e.message, "/".join(map(str, e.absolute_path))))
uris = re.findall(r'"uri":"([^"]*)"', open(sys.argv[2], encoding="utf-8").read())
bad = [u for u in uris if not re.fullmatch(r"(file://)?[A-Za-z0-9._~/%-]+", u)]
for u in bad[:5]:
    print("#   uri not percent-encoded: %r" % u)
sys.exit(1 if errors or bad else 0)
PY
}

# check_parses FORMAT FILE: the reader a consumer would use accepts it.
check_parses() {
	python3 - "$1" "$2" <<'PY'
import csv, json, sys
import xml.etree.ElementTree as ET
fmt, path = sys.argv[1], sys.argv[2]
if fmt == "checkstyle":
    root = ET.parse(path).getroot()
    ok = root.tag == "checkstyle" and all(f.tag == "file" for f in root)
elif fmt == "codeclimate":
    doc = json.load(open(path, encoding="utf-8"))
    ok = isinstance(doc, list) and all(i["type"] == "issue" for i in doc)
elif fmt == "sarif":
    ok = json.load(open(path, encoding="utf-8"))["version"] == "2.1.0"
else:
    rows = list(csv.reader(open(path, newline="", encoding="utf-8")))
    ok = all(len(r) == (18 if fmt == "csv" else 11) for r in rows)
sys.exit(0 if ok else 1)
PY
}

# no_raw_controls FILE: valid UTF-8, and no control character (C0 but LF, DEL, C1).
no_raw_controls() {
	python3 - "$1" <<'PY'
import sys
try:
    text = open(sys.argv[1], "rb").read().decode("utf-8")
except UnicodeDecodeError as e:
    print("#   not UTF-8: %s" % e)
    sys.exit(1)
bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f]
if bad:
    print("#   raw controls: %r" % bad[:5])
sys.exit(1 if bad else 0)
PY
}

# unit_count JSON-REPORT
unit_count() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["units"])' "$1"
}

# csv_rows FILE: records as the csv module reads them (header included).
csv_rows() {
	python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))))' "$1"
}

check "the SARIF 2.1.0 schema is there ($SARIF_SCHEMA)" test -r "$SARIF_SCHEMA"
check "python3 has jsonschema" python3 -c 'import jsonschema'

# ---- the fixtures: expected output, readers, exit codes ----
# In a git checkout of their own, laid out as in assay's (SARIF's paths are from the
# repository's top), so the expected output holds in a release tarball too.
mkdir -p "$TMP/checkout/tests/fixtures"
cp -R "$FIXTURES/c" "$FIXTURES/python" "$TMP/checkout/tests/fixtures/"
(cd "$TMP/checkout" && git init -q && git add -A \
	&& git -c user.name=t -c user.email=t@e commit -qm fixtures) || exit 1
cd "$TMP/checkout/tests/fixtures" || exit 1
"$ASSAY" -j1 --ccn=2 --cognitive=2 -f json c python >"$TMP/fixtures.json" 2>/dev/null
units=$(unit_count "$TMP/fixtures.json")
for fmt in $FORMATS; do
	"$ASSAY" -j1 --ccn=2 --cognitive=2 -f "$fmt" c python >"$TMP/out.$fmt" 2>"$TMP/err"
	check "$fmt: violations exit 1" test $? -eq 1
	golden "$(golden_name "$fmt")" "$TMP/out.$fmt"
	check "$fmt: a reader accepts it" check_parses "$fmt" "$TMP/out.$fmt"
	check "$fmt: no raw control character" no_raw_controls "$TMP/out.$fmt"
	expect_status "$fmt: a clean run exits 0" 0 "$ASSAY" -j1 -f "$fmt" -C 1000 --cognitive 1000 \
		--nesting 100 --nloc 10000 -a 100 c python
	cp "$TMP/out" "$TMP/clean.$fmt"
	check "$fmt: a reader accepts the clean report" check_parses "$fmt" "$TMP/clean.$fmt"
done

# Code Climate's paths and fingerprints are the repository's, whatever folder assay ran in
# and however the path was named (GitLab places issues by them, and matches them across
# pipelines by fingerprint): here, the fixtures' folder, and the checkout's top.
issues() {	# issues FILE: path and fingerprint of each issue
	python3 -c 'import json,sys; print(sorted((i["location"]["path"], i["fingerprint"]) for i in json.load(open(sys.argv[1]))))' "$1"
}
"$ASSAY" -j1 --ccn=2 --cognitive=2 -f codeclimate c >"$TMP/cc.sub" 2>/dev/null
(cd "$TMP/checkout" && "$ASSAY" -j1 --ccn=2 --cognitive=2 -f codeclimate tests/fixtures/c) >"$TMP/cc.top" 2>/dev/null
"$ASSAY" -j1 --ccn=2 --cognitive=2 -f codeclimate "$TMP/checkout/tests/fixtures/c" >"$TMP/cc.abs" 2>/dev/null
check "codeclimate: paths from the repository's top" grep -q '"path":"tests/fixtures/c/control.c"' "$TMP/cc.sub"
for w in sub top abs; do issues "$TMP/cc.$w" >"$TMP/issues.$w"; done
check "... the same issues run from the top and with an absolute path" \
	sh -c "grep -q control.c '$TMP/issues.sub' && cmp -s '$TMP/issues.sub' '$TMP/issues.top' && cmp -s '$TMP/issues.sub' '$TMP/issues.abs'"
check "sarif: valid against the SARIF 2.1.0 schema" check_sarif "$TMP/out.sarif"
check "sarif: the clean report is valid too" check_sarif "$TMP/clean.sarif"
check "sarif: a result per violation" python3 -c '
import json, sys
s = json.load(open(sys.argv[1])); j = json.load(open(sys.argv[2]))
sys.exit(0 if len(s["runs"][0]["results"]) == j["summary"]["violations"] else 1)' \
	"$TMP/out.sarif" "$TMP/fixtures.json"
check "sarif: states exit code 1" grep -q '"executionSuccessful":true,"exitCode":1,' "$TMP/out.sarif"
check "sarif: a clean run has no result" python3 -c '
import json, sys
sys.exit(0 if json.load(open(sys.argv[1]))["runs"][0]["results"] == [] else 1)' "$TMP/clean.sarif"
check "checkstyle: violations only (no <file> when clean)" sh -c "! grep -q '<file' '$TMP/clean.checkstyle'"
check "codeclimate: a clean run is an empty array" python3 -c '
import json, sys
sys.exit(0 if json.load(open(sys.argv[1])) == [] else 1)' "$TMP/clean.codeclimate"
check "codeclimate: fingerprints are unique" python3 -c '
import json, sys
fp = [i["fingerprint"] for i in json.load(open(sys.argv[1]))]
sys.exit(0 if fp and len(fp) == len(set(fp)) else 1)' "$TMP/out.codeclimate"
check "csv: a header and a row per unit" test "$(csv_rows "$TMP/out.csv")" -eq $((units + 1))
check "csv: a row per unit also when clean" test "$(csv_rows "$TMP/clean.csv")" -eq $((units + 1))
check "csv-lizard: a row per unit, no header" test "$(csv_rows "$TMP/out.csv-lizard")" -eq "$units"

# -o picks the format from the extension, and the exit code stays that of the run.
expect_status "-o .sarif .xml .csv keep exit 1" 1 "$ASSAY" -j1 --ccn=2 -o "$TMP/o.sarif" \
	-o "$TMP/o.xml" -o "$TMP/o.csv" c
check "-o .sarif is SARIF" check_sarif "$TMP/o.sarif"
check "-o .xml is checkstyle" grep -q '^<checkstyle version="4.3">' "$TMP/o.xml"
check "-o .csv is the csv format" grep -q '^path,language,line,' "$TMP/o.csv"
expect_status "-f codeclimate with -o keeps exit 0" 0 "$ASSAY" -j1 -C 1000 --cognitive 1000 \
	--nesting 100 --nloc 10000 -a 100 -f codeclimate -o "$TMP/o2.sarif" c
check "the format list names the new formats" sh -c \
	"'$ASSAY' -f nosuch c 2>&1 | grep -q 'sarif, checkstyle, codeclimate, csv, csv-lizard'"

# ---- an alert survives code moving ----
mkdir -p "$TMP/move"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"$TMP/move/m.c"
(cd "$TMP/move" && "$ASSAY" -j1 -C 1 -f sarif . >"$TMP/move1.sarif" 2>/dev/null)
printf '\n\n/* moved down */\nint g(void) { return 0; }\nint f(int a) { if (a) return 1; return 0; }\n' \
	>"$TMP/move/m.c"
(cd "$TMP/move" && "$ASSAY" -j1 -C 1 -f sarif . >"$TMP/move2.sarif" 2>/dev/null)
printf 'int f(int a) { if (a) return 2; return 0; }\n' >"$TMP/move/m.c"
(cd "$TMP/move" && "$ASSAY" -j1 -C 1 -f sarif . >"$TMP/move3.sarif" 2>/dev/null)
fingerprint() {	# fingerprint SARIF: "LINE FINGERPRINT" of its first result
	python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"][0]
print(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["partialFingerprints"]["assayUnit/v1"])' "$1" ||
		echo "none none"
}
read -r line1 fp1 <<EOF
$(fingerprint "$TMP/move1.sarif")
EOF
read -r line2 fp2 <<EOF
$(fingerprint "$TMP/move2.sarif")
EOF
read -r line3 fp3 <<EOF
$(fingerprint "$TMP/move3.sarif")
EOF
check "sarif: the moved function is on another line" test "$line1:$line2" = "1:5"
check "sarif: its fingerprint did not change" test "$fp1" != none -a "$fp1" = "$fp2"
check "sarif: a changed body changes it" test "$fp3" != none -a "$fp2" != "$fp3"

# Identical copies of a unit in one file still get distinct Code Climate fingerprints.
mkdir -p "$TMP/dup"
printf '#ifdef A\nint f(int a) { if (a) return 1; return 0; }\n#else\nint f(int a) { if (a) return 1; return 0; }\n#endif\n' \
	>"$TMP/dup/d.c"
(cd "$TMP/dup" && "$ASSAY" -j1 -C 1 -f codeclimate . >"$TMP/dup.json" 2>/dev/null)
check "codeclimate: identical copies get distinct fingerprints" python3 -c '
import json, sys
fp = [i["fingerprint"] for i in json.load(open(sys.argv[1]))]
sys.exit(0 if len(fp) == 2 and fp[0] != fp[1] else 1)' "$TMP/dup.json"
(cd "$TMP/dup" && "$ASSAY" -j1 -C 1 -f sarif . >"$TMP/dup.sarif" 2>/dev/null)
check "sarif: identical copies get distinct fingerprints (code scanning would merge them)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
fp = [x["partialFingerprints"]["assayUnit/v1"] for x in r]
sys.exit(0 if len(fp) == 2 and fp[0] != fp[1] else 1)' "$TMP/dup.sarif"

# ---- failed and skipped files in SARIF ----
T=$(test_install)
mkdir -p "$TMP/incomplete"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"$TMP/incomplete/fine.c"
# EVERYWHERE: the line-count fallback crashes too, so the file fails (resilience.sh).
printf '/* ASSAY-TEST-CRASH ASSAY-TEST-EVERYWHERE */\nint crash(void) { return 1; }\n' >"$TMP/incomplete/crash.c"
printf 'int a(void) {\0 return 1; }\n' >"$TMP/incomplete/binary.c"
printf 'not code\n' >"$TMP/incomplete/notes.txt"
(cd "$TMP/incomplete" && "$T" -j1 -C 1 -f sarif . >"$TMP/incomplete.sarif" 2>/dev/null)
check "sarif: an incomplete run is valid" check_sarif "$TMP/incomplete.sarif"
check "sarif: notifications for the failed and the binary file only (not measured)" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
got = sorted((n["level"], n["message"]["text"],
              n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
             for n in run["invocations"][0]["toolExecutionNotifications"])
want = [("note", "not measured: binary", "binary.c"),
        ("warning", "not measured: crashed (SIGSEGV)", "crash.c")]
ok = got == want and run["properties"]["status"] == "incomplete"
if not ok:
    print("#   %r" % got)
sys.exit(0 if ok else 1)' \
	"$TMP/incomplete.sarif"
# How grave an unmeasured file is, the same in the three formats that grade: it fails the
# run (--fail-on names it, --strict), it leaves the analysis incomplete, it was skipped.
grades() {	# FLAGS...: "crash.c=LEVEL binary.c=LEVEL" for sarif, checkstyle, codeclimate
	(cd "$TMP/incomplete" && "$T" -j1 -C 1 "$@" -f sarif . >"$TMP/g.sarif" 2>/dev/null
	 "$T" -j1 -C 1 "$@" -f checkstyle . >"$TMP/g.xml" 2>/dev/null
	 "$T" -j1 -C 1 "$@" -f codeclimate . >"$TMP/g.cc.json" 2>/dev/null)
	python3 -c '
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
run = json.load(open(d + "/g.sarif"))["runs"][0]
s = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["level"]
     for n in run["invocations"][0]["toolExecutionNotifications"] if n.get("locations")}
c = {f.get("name"): e.get("severity") for f in ET.parse(d + "/g.xml").getroot()
     for e in f if e.get("source") == "assay.incomplete"}
q = {i["location"]["path"]: i["severity"] for i in json.load(open(d + "/g.cc.json"))
     if i["check_name"] == "assay/incomplete"}
print(" ".join("%s=%s/%s/%s" % (k, s.get(k), c.get(k), q.get(k)) for k in ("crash.c", "binary.c")))
' "$TMP"
}
check "graded: by default a crashed file is a warning, a binary one a note" \
	test "$(grades)" = "crash.c=warning/warning/major binary.c=note/info/minor"
check "graded: --fail-on=incomplete makes the crashed file an error" \
	test "$(grades --fail-on=incomplete)" = "crash.c=error/error/critical binary.c=note/info/minor"
check "graded: --fail-on=skipped makes the binary file an error" \
	test "$(grades --fail-on=skipped)" = "crash.c=warning/warning/major binary.c=error/error/critical"
check "graded: under --strict both are errors" \
	test "$(grades --strict)" = "crash.c=error/error/critical binary.c=error/error/critical"
# A generated file --fail-on=skipped fails the run on is graded as failing it, as a binary
# one is (before: no entry in checkstyle or Code Climate, a note in SARIF).
mkdir -p "$TMP/gen-graded"
printf '// @generated\nint f(void) { return 0; }\n' >"$TMP/gen-graded/gen.c"
(cd "$TMP/gen-graded" && "$T" -j1 --fail-on=skipped -f sarif . >"$TMP/g.sarif" 2>/dev/null
 "$T" -j1 --fail-on=skipped -f checkstyle . >"$TMP/g.xml" 2>/dev/null
 "$T" -j1 --fail-on=skipped -f codeclimate . >"$TMP/g.cc.json" 2>/dev/null
 "$T" -j1 -f sarif . >"$TMP/g-plain.sarif" 2>/dev/null)
check "graded: --fail-on=skipped makes a generated file an error in SARIF, checkstyle and Code Climate" python3 -c '
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
def sarif(name):
    run = json.load(open(d + name))["runs"][0]
    return [n["level"] for n in run["invocations"][0]["toolExecutionNotifications"]
            if n.get("locations") and n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gen.c"]
c = [e.get("severity") for f in ET.parse(d + "/g.xml").getroot() if f.get("name") == "gen.c" for e in f]
q = [i["severity"] for i in json.load(open(d + "/g.cc.json")) if i["location"]["path"] == "gen.c"]
ok = sarif("/g.sarif") == ["error"] and c == ["error"] and q == ["critical"] and sarif("/g-plain.sarif") == ["note"]
if not ok:
    print("#   ", sarif("/g.sarif"), c, q, sarif("/g-plain.sarif"))
sys.exit(0 if ok else 1)' "$TMP"
# The run's error names the files that fail it (before: only the condition, no file).
(cd "$TMP/incomplete" && "$T" -j1 -C 1 --strict . >/dev/null 2>"$TMP/strict.err")
check "--strict says which files were not measured" grep -q \
	"fails (exit 3) on --strict: a file was not fully measured: [a-z]*\.c and 1 more" "$TMP/strict.err"
(cd "$TMP/incomplete" && "$T" -j1 -C 1 --fail-on=skipped . >/dev/null 2>"$TMP/skipped.err")
check "--fail-on=skipped names the skipped file" grep -q \
	"fails (exit 3) on --fail-on=skipped: a file was skipped for what it is: binary\.c \[run" "$TMP/skipped.err"
git init -q "$TMP/gate-graded" && cp "$TMP/incomplete/crash.c" "$TMP/gate-graded/"
git -C "$TMP/gate-graded" add crash.c
for b in allow block; do
	(cd "$TMP/gate-graded" && "$T" precommit --on-error=$b -f checkstyle >"$TMP/gate-$b.xml" 2>/dev/null)
done
check "graded: precommit's --on-error=block makes the crashed file an error (allow: a warning)" \
	sh -c "grep -q 'severity=\"warning\" message=\"not measured: crashed' '$TMP/gate-allow.xml' \
	       && grep -q 'severity=\"error\" message=\"not measured: crashed' '$TMP/gate-block.xml'"
# A crashed file under --on-error=block fails the gate (3) even beside a violation (1), as
# --fail-on=incomplete fails a run; the text says the commit is blocked for it (before:
# exit 1 with the file graded as failing the run, and with no violation exit 3 and no word
# of why).
printf 'int v(int a) { if (a == 1) return 1; if (a == 2) return 2; return 0; }\n' >"$TMP/gate-graded/v.c"
git -C "$TMP/gate-graded" add v.c
(cd "$TMP/gate-graded" && "$T" precommit -C 2 --on-error=block >"$TMP/gate-both.txt" 2>/dev/null)
check "precommit --on-error=block, a violation and a crashed file: exit 3" test $? -eq 3
check "... the violation's ways forward, and the crashed file's" sh -c \
	"grep -q 'over the limits: the commit is blocked' '$TMP/gate-both.txt' \
	 && grep -q '^assay: 1 file not fully measured: the commit is blocked (--on-error=block)' '$TMP/gate-both.txt'"
(cd "$TMP/gate-graded" && "$T" precommit -C 2 >"$TMP/gate-both.txt" 2>"$TMP/gate-both.err")
check "... with allow (the default): exit 1, the violation" test $? -eq 1
check "... and no word of allowing the commit it stops" sh -c "! grep -q 'allowing the commit' '$TMP/gate-both.err'"
(cd "$TMP/gate-graded" && "$T" precommit --strict >"$TMP/gate-strict.txt" 2>/dev/null)
check "precommit --strict and a crashed file: exit 3, the commit blocked for it (it printed the passing line)" \
	sh -c "test $? -eq 3 && grep -q 'not fully measured: the commit is blocked (--strict)' '$TMP/gate-strict.txt'"
git -C "$TMP/gate-graded" rm -q --cached v.c
(cd "$TMP/gate-graded" && "$T" precommit --on-error=block >"$TMP/gate-one.txt" 2>/dev/null)
check "--on-error=block and only the crashed file: exit 3, saying the commit is blocked for it" sh -c \
	"test $? -eq 3 && grep -q 'not fully measured: the commit is blocked' '$TMP/gate-one.txt'"
git -C "$TMP/gate-graded" -c user.name=t -c user.email=t@t commit -qm graded
printf 'int w(void) { return 2; }\n' >>"$TMP/gate-graded/crash.c"
(cd "$TMP/gate-graded" && "$T" diff --on-error=block HEAD >/dev/null 2>"$TMP/gate-diff.err")
check "diff --on-error=block, a crashed file: exit 3, saying why on standard error (it said nothing)" \
	sh -c "test $? -eq 3 && grep -q 'the gate fails (exit 3) on --on-error=block: a file was not fully measured: crash.c' '$TMP/gate-diff.err'"
git -C "$TMP/gate-graded" checkout -q crash.c

# A worker that never starts: exit 4 in every format, and SARIF says the run failed.
mkdir -p "$TMP/broken"
cp "$ASSAY" "$TMP/broken/assay"
printf '#!/bin/sh\nexit 1\n' >"$TMP/broken/assay-worker"
chmod +x "$TMP/broken/assay-worker"
for fmt in $FORMATS; do
	expect_status "$fmt: no worker can start: exit 4" 4 "$TMP/broken/assay" --no-cache \
		-f "$fmt" "$FIXTURES/c"
	cp "$TMP/out" "$TMP/broken.$fmt"
done
check "sarif: a run that could not analyze is valid" check_sarif "$TMP/broken.sarif"
check "sarif: it is not successful, and says why" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
inv = run["invocations"][0]
notes = inv["toolExecutionNotifications"]
ok = (inv["executionSuccessful"] is False and inv["exitCode"] == 4 and notes
      and "worker did not start" in notes[0]["message"]["text"]
      and run["properties"]["status"] == "incomplete")
sys.exit(0 if ok else 1)' "$TMP/broken.sarif"

# ---- hostile names ----
t="$TMP/hostile"
mkdir -p "$t"
python3 - "$t" <<'PY'
import os, sys
t = sys.argv[1]
body = "int f(int a) { if (a) { if (a > 1) { if (a > 2) return 3; } } return 0; }\n"
# A newline, a double quote, a comma, markup and an escape sequence in one file name.
open(os.path.join(t, 'evil\n"q",c<&>\033[31m.c'), "w").write(body)
# A name a spreadsheet would run as a formula.
open(os.path.join(t, "=SUM(A1).c"), "w").write(body)
# Function names with quotes, commas, markup, a raw C1 CSI and invalid UTF-8.
open(os.path.join(t, "keys.js"), "wb").write(
    b'const o = {\n  "a,\\"b<&>": function (x) { if (x) { return 1; } return 0; },\n'
    b'  "k\xc2\x9b31m\xff": function (y) { return y ? 1 : 0; },\n};\n')
PY
(cd "$t" && "$ASSAY" -j1 -C 1 -f json . >"$TMP/hostile.json" 2>/dev/null)
hunits=$(unit_count "$TMP/hostile.json")
check "hostile: every unit is measured" test "$hunits" -eq 4
for fmt in $FORMATS; do
	(cd "$t" && "$ASSAY" -j1 -C 1 -f "$fmt" . >"$TMP/hostile.$fmt" 2>/dev/null)
	check "hostile $fmt: exit 1" test $? -eq 1
	check "hostile $fmt: a reader accepts it" check_parses "$fmt" "$TMP/hostile.$fmt"
	check "hostile $fmt: no raw control character" no_raw_controls "$TMP/hostile.$fmt"
done
check "hostile sarif: valid against the schema" check_sarif "$TMP/hostile.sarif"
check "hostile sarif: the file name is percent-encoded" \
	grep -q '"uri":"evil%0A%22q%22%2Cc%3C%26%3E%1B%5B31m.c"' "$TMP/hostile.sarif"
check "hostile sarif: qualified names survive exactly" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
names = {x["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for x in r}
sys.exit(0 if "\"a,\\\"b<&>\"" in names and "\"k\u009b31m\ufffd\"" in names else 1)' \
	"$TMP/hostile.sarif"
check "hostile checkstyle: the file name survives, the escape as U+FFFD" python3 -c '
import sys, xml.etree.ElementTree as ET
names = {f.get("name") for f in ET.parse(sys.argv[1]).getroot()}
sys.exit(0 if "evil\n\"q\",c<&>\ufffd[31m.c" in names else 1)' "$TMP/hostile.checkstyle"
check "hostile codeclimate: the path survives exactly" python3 -c '
import json, sys
paths = {i["location"]["path"] for i in json.load(open(sys.argv[1]))}
sys.exit(0 if "evil\n\"q\",c<&>\x1b[31m.c" in paths else 1)' "$TMP/hostile.codeclimate"
check "hostile csv: a header and a row per unit" test "$(csv_rows "$TMP/hostile.csv")" -eq $((hunits + 1))
check "hostile csv: one line per row" test "$(wc -l <"$TMP/hostile.csv")" -eq $((hunits + 1))
check "hostile csv-lizard: a row per unit" test "$(csv_rows "$TMP/hostile.csv-lizard")" -eq "$hunits"
check "hostile csv: controls as \\xNN, quotes doubled" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
paths = {r["path"] for r in rows}
names = {r["name"] for r in rows}
ok = "evil\\x0a\"q\",c<&>\\x1b[31m.c" in paths and "\"k\\xc2\\x9b31m\\xff\"" in names
sys.exit(0 if ok else 1)' "$TMP/hostile.csv"
check "hostile csv: a formula-like field gets a leading quote" \
	grep -q "^'=SUM(A1).c,c," "$TMP/hostile.csv"
check "hostile csv-lizard: so does its file column" \
	grep -q ",\"'=SUM(A1).c\",\"f\",\"f\"," "$TMP/hostile.csv-lizard"
