# ranks.sh - radon's letter ranks and xenon's limits: --max-absolute (any function),
# --max-modules (any file's mean CCN), --max-average (the mean CCN of every function),
# from the command line and from [rank] in a configuration file, each failing the run
# (exit 1) and named in every report format.
. "$(dirname "$0")/lib.shinc"

cd "$TMP" || exit 1
# ifs NAME N: a Python function of CCN N + 1 (N ifs).
ifs() {
	printf 'def %s(x):\n' "$1"
	i=0
	while [ "$i" -lt "$2" ]; do
		printf '    if x == %d:\n        return %d\n' "$i" "$i"
		i=$((i + 1))
	done
	printf '    return -1\n\n'
}
mkdir t u both
{ ifs busy 11; ifs one 0; } >t/a.py		# CCN 12 (C) and 1: mean 6.5, B
{ ifs p 0; ifs q 0; ifs r 0; } >t/b.py		# mean 1, A; the run's mean 16/5 = 3.2, A
ifs eight 7 >u/c.py				# CCN 8: mean 8, B
cp t/a.py u/c.py both/				# means 6.5 and 8; the run's 21/3 = 7, B
run() { "$ASSAY" --no-git -j1 "$@"; }

# radon's ranks.
run -f json t >"$TMP/t.json" 2>/dev/null
jq_py() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($1)" "$TMP/t.json"; }
check "a unit's rank: CCN 12 is C" test "$(jq_py '[u["rank"] for f in r["files"] for u in f.get("units",[]) if u["name"]=="busy"][0]')" = C
check "a unit's rank: CCN 1 is A" test "$(jq_py '[u["rank"] for f in r["files"] for u in f.get("units",[]) if u["name"]=="one"][0]')" = A
check "a file's ccn_rank is its mean's (6.5: B)" test "$(jq_py '[f["ccn_rank"] for f in r["files"] if f["path"]=="t/a.py"][0]')" = B
check "a file's mi_rank is radon's (A above 19, B above 9, else C)" \
	test "$(jq_py '",".join(f["mi_rank"] == ("A" if f["mi"] > 19 else "B" if f["mi"] > 9 else "C") and "ok" or "bad" for f in r["files"] if "mi" in f)')" = "ok,ok"
check "the run's mean CCN and its rank" test "$(jq_py 'str(r["ranks"]["ccn_mean"]) + r["ranks"]["ccn_rank"]')" = 3.2A
check "no rank limit: null and nothing broken" \
	test "$(jq_py 'str([r["ranks"][k] for k in ("max_absolute","max_modules","max_average")]) + str(r["ranks"]["broken"])')" = "[None, None, None][]"
run --show-rank -C 10 t >"$TMP/show.txt" 2>&1
check "--show-rank: the rank after the CCN limit" grep -q '^t/a.py:1: busy: CCN 12 (limit 10, rank C)$' "$TMP/show.txt"
check "--show-rank: the run's mean CCN and rank" grep -q '^  mean CCN 3.20, rank A (radon.s ranks)$' "$TMP/show.txt"
run -f csv t >"$TMP/t.csv" 2>/dev/null
check "CSV: a rank column" grep -q '^t/a.py,python,1,[0-9]*,busy,busy,12,.*,C$' "$TMP/t.csv"

# --max-absolute: a function ranked worse is a CCN violation (the limit is the rank's top).
expect_status "--max-absolute=C passes (CCN 12 is C)" 0 run --max-absolute=C t
expect_status "--max-absolute=B fails (CCN 12 is worse than B)" 1 run --max-absolute=B t
check "--max-absolute=B names the function, limit 10" grep -q '^t/a.py:1: busy: CCN 12 (limit 10)$' "$TMP/out"
expect_status "--max-absolute=B with a looser -C still caps the limit" 1 run -C 30 --max-absolute=B t
expect_status "--max-absolute=F never fails" 0 run --max-absolute=F t

# --max-modules: a file's mean CCN.
expect_status "--max-modules=B passes (a.py's mean 6.5 is B)" 0 run --max-modules=B t
expect_status "--max-modules=A fails" 1 run --max-modules=A t
check "--max-modules=A names the file, its mean and rank" \
	grep -q '^t/a.py: mean CCN 6.50 of 2 functions ranks B, worse than --max-modules=A$' "$TMP/out"
check "--max-modules=A leaves a file of rank A out" sh -c "! grep -q '^t/b.py:' '$TMP/out'"
check "the text summary counts it" grep -q '^  mean CCN 3.20, rank A (radon.s ranks); 1 xenon limit broken$' "$TMP/out"
expect_status "-i does not forgive a file's mean" 1 run --max-modules=A -i 5 t
expect_status "--max-modules in a text-only run needs every unit (no pruning)" 1 run --max-modules=A -C 100 t

# --max-average: the mean CCN of every function.
expect_status "--max-average=A passes on a mean of 3.2" 0 run --max-average=A t
expect_status "--max-average=A fails on a mean of 8" 1 run --max-average=A u
check "--max-average=A says so" \
	grep -q '^mean CCN 8.00 of all 1 function ranks B, worse than --max-average=A$' "$TMP/out"
expect_status "--max-average=B passes on a mean of 8" 0 run --max-average=B u
# A rank limit of the configuration is turned off for one run on the command line.
printf '[rank]\n\tmaxAverage = A\n' >u/.assay
expect_status "[rank] maxAverage = A fails on a mean of 8" 1 run u
expect_status "... --max-average=off turns it off for one run" 0 run --max-average=off u
rm u/.assay

# Bad ranks are usage errors that name the option.
expect_status "--max-modules=G is a usage error" 2 run --max-modules=G t
check "... naming the option and the scale" grep -q -- "--max-modules is a rank from A to F" "$TMP/err"

# Every format keeps the exit status and names each broken limit.
for fmt in text warnings json csv checkstyle codeclimate sarif html prometheus; do
	expect_status "$fmt: exit 1 on broken xenon limits" 1 \
		run -f "$fmt" --max-modules=A --max-average=A both
	cp "$TMP/out" "$TMP/both.$fmt"
done
check "text: both files and the run" test "$(grep -c 'worse than --max-' "$TMP/both.text")" -eq 3
check "warnings: a warning on each file's first line" \
	test "$(grep -c '^both/[ac].py:1: warning: mean CCN .* worse than --max-modules=A$' "$TMP/both.warnings")" -eq 2
check "warnings: the run's mean" grep -q '^assay: warning: mean CCN 7.00 of all 3 functions ranks B, worse than --max-average=A$' "$TMP/both.warnings"
check "json: ranks.broken lists them" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
b = [(x["limit"], x["path"], x["rank"], x["max"]) for x in r["ranks"]["broken"]]
sys.exit(b != [("max_modules", "both/a.py", "B", "A"), ("max_modules", "both/c.py", "B", "A"),
               ("max_average", None, "B", "A")] or r["exit_code"] != 1)' "$TMP/both.json"
check "csv: a # rank record each" test "$(grep -c '^# rank,max-' "$TMP/both.csv")" -eq 3
check "checkstyle: an error on each file and on ." \
	test "$(grep -c 'severity="error" message="mean CCN .*source="assay.max-' "$TMP/both.checkstyle")" -eq 3
check "checkstyle: the run's on the tree" grep -q '<file name=".">' "$TMP/both.checkstyle"
check "checkstyle is well-formed XML" python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$TMP/both.checkstyle"
check "codeclimate: a critical issue each (as SARIF's and checkstyle's error)" python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
i = [x["check_name"] for x in doc]
bad = [x for x in doc if x["check_name"].startswith("assay/max-") and x["severity"] != "critical"]
sys.exit(i.count("assay/max-modules") != 2 or i.count("assay/max-average") != 1 or bool(bad))' "$TMP/both.codeclimate"
check "sarif: rules and results" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
def uri(x):
    return x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] if x.get("locations") else None
res = [(x["ruleId"], rules[x["ruleIndex"]], x["level"], uri(x)) for x in run["results"]]
mods = [r for r in res if r[0] == "assay/max-modules"]
sys.exit(len(mods) != 2 or any(r[1:3] != ("assay/max-modules", "error") or not r[3] for r in mods)
         or res[2:] != [("assay/max-average", "assay/max-average", "error", ".")])' "$TMP/both.sarif"
check "sarif: every result has a location with a uri (GitHub refuses a file with one without)" \
	python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
sys.exit(not all(x.get("locations") and x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for x in run["results"]))' "$TMP/both.sarif"
check "html: the data lists them" grep -q '"ranks":{"mean":7.000,"rank":"B","broken":\[' "$TMP/both.html"
check "prometheus: counted by limit" \
	sh -c "grep -q '^assay_rank_limits_broken{project=\"[^\"]*\",limit=\"max-modules\"} 2$' '$TMP/both.prometheus' && grep -q '^assay_rank_limits_broken{project=\"[^\"]*\",limit=\"max-average\"} 1$' '$TMP/both.prometheus'"

# [rank] in a configuration file; the command line wins; --strict lets the repository only
# tighten.
mkdir repo && cp t/a.py repo/ && git -C repo init -q
printf '[rank]\n\tmaxModules = a\n' >repo/.assay
expect_status "[rank] maxModules = a fails" 1 "$ASSAY" -j1 repo
expect_status "--max-modules=B on the command line wins" 0 "$ASSAY" -j1 --max-modules=B repo
printf '[rank]\n\tmaxAbsolute = B\n' >repo/.assay
expect_status "[rank] maxAbsolute = B fails" 1 "$ASSAY" -j1 repo
printf '[rank]\n\tmaxAverage = x\n' >repo/.assay
expect_status "a rank that is no letter A-F is an error" 2 "$ASSAY" -j1 repo
check "... naming the file and line" grep -q "repo/.assay:2: rank.maxaverage must be a rank" "$TMP/err"
mkdir -p xdg/assay && printf '[rank]\n\tmaxModules = A\n' >xdg/assay/config
printf '[rank]\n\tmaxModules = F\n' >repo/.assay
expect_status "the repository's file beats the user's" 0 env XDG_CONFIG_HOME="$TMP/xdg" "$ASSAY" -j1 repo
expect_status "under --strict it may not loosen the user's" 1 env XDG_CONFIG_HOME="$TMP/xdg" "$ASSAY" -j1 --strict repo
check "... and the report says what it ignored" \
	grep -q '^strict mode: .*\.assay:2: ignored rank.maxModules = F: raises the limit$' "$TMP/out"
env XDG_CONFIG_HOME="$TMP/xdg" "$ASSAY" config --strict repo >"$TMP/config" 2>&1
check "assay config shows the limit kept" grep -q '^rank.maxModules = A (.*xdg/assay/config:2)$' "$TMP/config"

# The HTML page draws them (the script runs under the page's own CSP).
if command -v chromium >/dev/null; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$TMP/chrome" --virtual-time-budget=5000 --dump-dom \
		"file://$TMP/both.html" >"$TMP/dom.html" 2>/dev/null
	check "html in chromium: a Ranks section with the mean and each limit broken" python3 -c '
import re, sys
dom = open(sys.argv[1]).read()
mean = re.search(r"<p id=\"rank-mean\">(.*?)</p>", dom)
items = re.findall(r"<li>(.*?)</li>", (re.search(r"<ul id=\"rank-broken\">(.*?)</ul>", dom, re.S) or re.match("", "")).group(0))
sys.exit(not mean or "rank B" not in mean.group(1) or len(items) != 3
         or not all("worse than --max-" in i for i in items))' "$TMP/dom.html"
fi
