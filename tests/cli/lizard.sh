# lizard.sh - lizard's common options behave as in lizard (docs/MIGRATING.md).
. "$(dirname "$0")/lib.shinc"

cd "$FIXTURES" || exit 1
warnings() { "$ASSAY" --no-cache "$@" 2>/dev/null | grep -c ': warning: '; }

check "-C N: a CCN limit" test "$(warnings -w -C 4 c)" -eq "$(warnings -w -T ccn=4 c)"
check "-C: over the limit, not at it" test "$(warnings -w -C 11 --cognitive 100 c)" -eq 0
# over METRIC N: units whose METRIC is over N, counted from the JSON report.
over() {
	"$ASSAY" --no-cache -f json c 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(sum(1 for f in r["files"] for u in f.get("units", []) if u[sys.argv[1]] > int(sys.argv[2])))' "$1" "$2"
}
check "-L N: a length limit" test "$(warnings -w -C 100 --cognitive 100 -L 12 c)" -eq "$(over length 12)"
check "-a N: a parameter limit" test "$(warnings -w -C 100 --cognitive 100 -a 2 c)" -eq "$(over params 2)"
check "-T with lizard's field name" \
	test "$(warnings -w -T cyclomatic_complexity=4 c)" -eq "$(warnings -w -C 4 c)"
check "-Tnloc=10 attached, as lizard users write it" \
	test "$(warnings -w -C 100 --cognitive 100 -Tnloc=10 c)" -eq "$(over nloc 10)"
check "-w: only warning lines" sh -c "'$ASSAY' --no-cache -w -C 4 c | grep -v ': warning: ' | grep -q . && exit 1 || exit 0"
check "-x: excludes a glob" test "$(warnings -w -C 2 -x '*/control.c' c)" -lt "$(warnings -w -C 2 c)"
check "-x ./dir/* as lizard users write it" test "$(warnings -w -C 2 -x './c/*' c)" -eq 0
check "-l: one language only" test "$(warnings -w -C 2 -l python c python)" -eq "$(warnings -w -C 2 python)"
expect_status "-i N: at most N warnings still exit 0" 0 "$ASSAY" --no-cache -C 2 -i 100 c
expect_status "-i N: more than N exit 1" 1 "$ASSAY" --no-cache -C 2 -i 1 c
check "-m: a switch counts once" python3 -c '
import json, subprocess, sys
def ccn(*args):
    r = json.loads(subprocess.run([sys.argv[1], "--no-cache", "-f", "json", *args, "c/control.c"],
                                  capture_output=True, text=True).stdout)
    return {u["qualified_name"]: u["ccn"] for f in r["files"] for u in f.get("units", [])}
plain, modified = ccn(), ccn("-m")
sys.exit(0 if plain["day_kind"] == 5 and modified["day_kind"] == 2 else 1)' "$ASSAY"
"$ASSAY" --no-cache -w -C 2 -s ccn c >"$TMP/sorted" 2>/dev/null
check "-s FIELD: largest first" python3 -c '
import re, sys
ccn = [int(m) for m in re.findall(r"(\d+) CCN", open(sys.argv[1]).read())]
sys.exit(0 if ccn == sorted(ccn, reverse=True) and len(ccn) > 3 else 1)' "$TMP/sorted"
"$ASSAY" --no-cache -w -C 2 -s cyclomatic_complexity c >"$TMP/sorted2" 2>/dev/null
check "-s with lizard's field name" cmp -s "$TMP/sorted" "$TMP/sorted2"
"$ASSAY" --no-cache --csv c >"$TMP/l.csv" 2>/dev/null
check "--csv: lizard's columns" grep -q '^1,1,13,1,1,"twice@1-1@c/bom_nonl.c","c/bom_nonl.c","twice","twice",1,1$' "$TMP/l.csv"
"$ASSAY" --no-cache --checkstyle -C 2 c >"$TMP/l.xml" 2>/dev/null
check "--checkstyle" grep -q '^<checkstyle version=' "$TMP/l.xml"
"$ASSAY" --no-cache -C 2 -o "$TMP/o.xml" -o "$TMP/o.csv" c >/dev/null 2>&1
check "-o with the format from the extension" \
	sh -c "grep -q '<checkstyle' '$TMP/o.xml' && head -n 1 '$TMP/o.csv' | grep -q '^path,language'"
"$ASSAY" --no-cache -t 1 --stats c >/dev/null 2>"$TMP/t.stats"
check "-t N: worker processes, like -j" grep -q ' workers=1 ' "$TMP/t.stats"
expect_status "-s with an unknown field is a usage error" 2 "$ASSAY" -s bogus c
