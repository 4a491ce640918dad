# sarif.sh - SARIF as GitHub's code scanning reads it: a result sits on its function's
# first line (an alert shows in a pull request only when every line of its region is in
# the diff), a file not fully measured is a result (code scanning shows no notification of
# a third-party tool), each result's ruleIndex names its rule, and a run of more than
# 25 000 results (which code scanning refuses whole) keeps the errors and says what it
# left out. Excused violations are left out: suppress.sh and strict.sh.
. "$(dirname "$0")/lib.shinc"

T=$(test_install)
tree="$TMP/tree"
mkdir -p "$tree"
printf 'int grows(int a, int b)\n{\n\tif (a)\n\t\treturn 1;\n\tif (b)\n\t\treturn 2;\n\treturn 0;\n}\n' \
	>"$tree/grows.c"
printf '/* ASSAY-TEST-CRASH */\nint crash(void) { return 1; }\n' >"$tree/crash.c"

"$T" -j1 --ccn=2 -f sarif "$tree" >"$TMP/r.sarif" 2>/dev/null
check "a violation's region is its function's first line, the function the context" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
loc = [r for r in run["results"] if r["ruleId"] == "assay/ccn"][0]["locations"][0]["physicalLocation"]
sys.exit(0 if loc["region"] == {"startLine": 1, "startColumn": 1}
         and loc["contextRegion"] == {"startLine": 1, "endLine": 8} else 1)' "$TMP/r.sarif"
# ruleIndex points into rules; the incomplete file is a result of its own rule.
check_incomplete() {	# check_incomplete FILE LEVEL
	python3 - "$1" "$2" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = run["tool"]["driver"]["rules"]
ok = all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
inc = [r for r in run["results"] if r["ruleId"] == "assay/incomplete"]
ok = ok and len(inc) == 1 and inc[0]["level"] == sys.argv[2]
loc = inc[0]["locations"][0]["physicalLocation"] if inc else {}
ok = ok and loc.get("artifactLocation", {}).get("uri", "").endswith("crash.c")
ok = ok and "crash" in inc[0]["message"]["text"]
sys.exit(0 if ok else 1)
PY
}
check "a file whose analysis crashed is an assay/incomplete result (warning)" \
	check_incomplete "$TMP/r.sarif" warning
"$T" -j1 --ccn=2 --fail-on=incomplete -f sarif "$tree" >"$TMP/f.sarif" 2>/dev/null
check "... an error when it fails the run (--fail-on=incomplete)" check_incomplete "$TMP/f.sarif" error

# 26 000 functions of CCN 2 (warnings at --ccn=1) and, last, 100 of CCN 3 (errors: past
# twice the limit).
python3 - "$tree/many.c" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(26000):
        f.write("int w%d(int a) { if (a) return 1; return 0; }\n" % i)
    for i in range(100):
        f.write("int e%d(int a, int b) { if (a) return 1; if (b) return 2; return 0; }\n" % i)
PY
rm "$tree/crash.c"
"$T" -j1 --ccn=1 -f sarif "$tree/many.c" >"$TMP/many.sarif" 2>/dev/null
check "past 25 000 results: 25 000 kept, the errors among them, and a warning says so" \
	python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = run["results"]
errors = [r for r in res if r["level"] == "error"]
notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
ok = len(res) == 25000 and len(errors) == 100
sys.exit(0 if ok and any(t.startswith("1100 of the run") and "26100 results are left out" in t
                         for t in notes) else 1)' "$TMP/many.sarif"
check "a one-line function's result has no contextRegion (it would be the region itself)" \
	python3 -c '
import json, sys
loc = json.load(open(sys.argv[1]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
sys.exit(0 if "contextRegion" not in loc and loc["region"]["startLine"] >= 1 else 1)' "$TMP/many.sarif"
"$T" -j1 --ccn=1 -f sarif "$tree/grows.c" >"$TMP/few.sarif" 2>/dev/null
check "under the limit nothing is left out and nothing is said" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
sys.exit(0 if len(run["results"]) == 1 and not run["invocations"][0]["toolExecutionNotifications"] else 1)' \
	"$TMP/few.sarif"
