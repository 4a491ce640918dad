# suppress.sh - inline suppressions (assay: ignore, assay: ignore[ccn,...], #lizard
# forgives) in each language: a suppressed violation does not fail the run, and every
# report counts it instead of dropping it.
. "$(dirname "$0")/lib.shinc"

cd "$SRC/tests" || exit 1
d=fixtures-suppress
"$ASSAY" --no-cache -f json -C 2 --cognitive 1 "$d" >"$TMP/s.json" 2>"$TMP/s.err"
status=$?
check "unsuppressed functions still fail the run" test "$status" -eq 1
json="$TMP/s.json"
lists() {	# lists FILE UNIT: "violations|suppressed" of a unit in the JSON report $json
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["files"]:
    if f["path"].endswith(sys.argv[2]):
        for u in f.get("units", []):
            if u["qualified_name"] == sys.argv[3]:
                print(",".join(u["violations"]) + "|" + ",".join(u["suppressed"]))' "$json" "$1" "$2"
}
check "C: assay: ignore on the line before suppresses everything" test "$(lists ignore.c all)" = "|ccn,cognitive"
check "C: assay: ignore[ccn] on the first line leaves cognitive" test "$(lists ignore.c only_ccn)" = "cognitive|ccn"
check "C: #lizard forgives inside the function" test "$(lists ignore.c forgiven)" = "|ccn,cognitive"
check "C: a function without a comment is not suppressed" test "$(lists ignore.c plain)" = "ccn,cognitive|"
check "Python: assay: ignore[ccn, cognitive]" test "$(lists ignore.py quiet)" = "|ccn,cognitive"
check "Python: the next function is not suppressed" test "$(lists ignore.py loud)" = "ccn,cognitive|"
check "JavaScript: // assay: ignore" test "$(lists ignore.js quiet)" = "|ccn,cognitive"
check "JavaScript: the next function is not suppressed" test "$(lists ignore.js loud)" = "ccn,cognitive|"
check "Go: // assay: ignore" test "$(lists ignore.go main.quiet)" = "|ccn,cognitive"
check "Go: the next function is not suppressed" test "$(lists ignore.go main.loud)" = "ccn,cognitive|"
check "Rust: // assay: ignore[ccn,cognitive]" test "$(lists ignore.rs quiet)" = "|ccn,cognitive"
check "Rust: the next function is not suppressed" test "$(lists ignore.rs loud)" = "ccn,cognitive|"
check "Java: // assay: ignore" test "$(lists Ignore.java Ignore.quiet)" = "|ccn,cognitive"
check "Java: the next function is not suppressed" test "$(lists Ignore.java Ignore.loud)" = "ccn,cognitive|"
check "the JSON summary counts suppressed violations" \
	python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["summary"]["suppressed"] == 15 else 1)' "$TMP/s.json"

"$ASSAY" --no-cache -C 2 --cognitive 1 "$d" >"$TMP/s.txt" 2>&1
check "the text summary counts them" grep -q '^  15 violations in 8 functions suppressed by comments$' "$TMP/s.txt"
check "the text report lists no suppressed function as a violation" sh -c "! grep -q ': all:\|: quiet:\|: forgiven:' '$TMP/s.txt'"
"$ASSAY" --no-cache -f sarif -C 2 --cognitive 1 "$d" >"$TMP/s.sarif" 2>/dev/null
# GitHub's code scanning ignores a result's suppressions: each would be an open alert.
check "SARIF leaves them out of its results and counts them" python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = run["results"]
ok = len(res) == 13 and not any("suppressions" in r for r in res)
sys.exit(0 if ok and run["properties"]["excused"] == {"suppressed": 15, "baselined": 0} else 1)' "$TMP/s.sarif"
"$ASSAY" --no-cache -f checkstyle -C 2 --cognitive 1 "$d" >"$TMP/s.xml" 2>/dev/null
check "checkstyle lists them as info" test "$(grep -c 'severity="info".*(suppressed in the source)' "$TMP/s.xml")" -eq 15
"$ASSAY" --no-cache -f csv -C 2 --cognitive 1 "$d" >"$TMP/s.csv" 2>/dev/null
check "CSV has a suppressed column" grep -q '^ignore.c\|,all,all,.*,,ccn;cognitive,,[A-F]$' "$TMP/s.csv"
"$ASSAY" --no-cache -w -C 2 --cognitive 1 "$d" >"$TMP/s.warn" 2>/dev/null
check "warnings leave suppressed functions out" sh -c "! grep -q ' all has\| quiet has\| forgiven has' '$TMP/s.warn'"
printf '/* assay: ignore */\nint f(int a, int b) { if (a && b) return 1; return 0; }\n' >"$TMP/only.c"
expect_status "a run whose only violations are suppressed exits 0" 0 "$ASSAY" --no-cache -C 2 \
	--cognitive 1 "$TMP/only.c"
check "... and still says so" grep -q '2 violations in 1 functions suppressed by comments' "$TMP/out"
check "no warning for lists of known names" sh -c "! grep -q 'suppress.unknown' '$TMP/s.err'"

# A name that is no metric (a typo) is warned of on standard error, at the comment's line,
# with the known names; the known names of the same list still apply, and the report on
# standard output stays intact.
typo="$TMP/typo"
mkdir -p "$typo"
cat >"$typo/t.c" <<'C'
// assay: ignore[ccn,ccm]
int both(int a, int b) { if (a && b) return 1; return 0; }

int inline_typo(int a, int b) { // assay: ignore[cognitve]
	if (a && b) return 1; return 0; }

/* a block comment
 * assay: ignore[bogus]
 */
int clean(int a) { return a; }
C
printf '# assay: ignore[ccn, cognitive, nlco]\ndef quiet(a, b):\n    if a and b:\n        return 1\n' \
	>"$typo/t.py"
known='names an unknown metric, or none, or not in \[ \] (known: ccn, cognitive, nesting, params, nloc, length, tokens, exits)'
"$ASSAY" --no-cache -f json -C 2 --cognitive 1 "$typo" >"$TMP/t.json" 2>"$TMP/t.err"
check "ignore[ccn,ccm]: a warning at the comment's line, with the known names" \
	grep -q "t.c: line 1: assay: ignore\[...\] $known \[suppress.unknown\]" "$TMP/t.err"
check "... on the unit's first line" grep -q "t.c: line 4: assay: ignore" "$TMP/t.err"
check "... in a block comment before a function within the limits" \
	grep -q "t.c: line 8: assay: ignore" "$TMP/t.err"
check "... in Python" grep -q "t.py: line 1: assay: ignore" "$TMP/t.err"
check "... once per comment" test "$(grep -c suppress.unknown "$TMP/t.err")" -eq 4
json="$TMP/t.json"
check "the known name of the list still suppresses (standard output is the JSON report)" \
	test "$(lists t.c both)" = "cognitive|ccn"
check "... in Python too" test "$(lists t.py quiet)" = "|ccn,cognitive"
check "an unknown name alone suppresses nothing" test "$(lists t.c inline_typo)" = "ccn,cognitive|"
# Twice through the cache: the second run settles files from summaries.
"$ASSAY" -C 2 --cognitive 1 "$typo" >/dev/null 2>&1
"$ASSAY" -C 2 --cognitive 1 "$typo" >"$TMP/t.txt" 2>"$TMP/t.err"
check "a run from the cache warns too" test "$(grep -c suppress.unknown "$TMP/t.err")" -eq 4
check "... not on standard output" sh -c "! grep -q 'unknown metric' '$TMP/t.txt'"
"$ASSAY" --no-cache --log-format=json -C 2 "$typo/t.c" >/dev/null 2>"$TMP/t.err"
check "--log-format=json: the event with its path" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if any(e["event"] == "suppress.unknown" and e["path"].endswith("t.c")
                  and e["message"].startswith("line 1: ") for e in ev) else 1)' "$TMP/t.err"

# precommit: the staged file's typo is warned of on standard error.
git_repo "$TMP/repo"
cp "$typo/t.c" t.c
git add t.c
"$ASSAY" precommit -f json >"$TMP/p.json" 2>"$TMP/p.err"
check "precommit warns of the typo" grep -q "t.c: line 1: assay: ignore\[...\] $known" "$TMP/p.err"
check "... and its JSON report on standard output stays whole" \
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/p.json"

# What is no directive: a word that only starts with "ignore", prose about lizard without
# its `#`; a list in the wrong brackets or an empty one suppresses nothing and is warned of;
# a comment after code applies to that line's function only, not the next one's.
mkdir -p "$TMP/strict" && cd "$TMP/strict" || exit 1
body='{ if (a && b) return 1; return 0; }'
cat >s.c <<C
// assay: ignore_ccn
int word(int a, int b) $body
// assay: ignored by nobody
int prose(int a, int b) $body
/* lizard forgives? no, it does not */
int no_hash(int a, int b) $body
// assay: ignore(nloc)
int parens(int a, int b) $body
// assay: ignore[]
int empty(int a, int b) $body
int trailed(int a, int b) $body // assay: ignore
int next_line(int a, int b) $body
// assay: ignore -- a reason after it
int reasoned(int a, int b) $body
C
"$ASSAY" --no-cache -f json -C 2 s.c >"$TMP/strict.json" 2>"$TMP/strict.err"
json="$TMP/strict.json"
for u in word prose no_hash parens empty next_line; do
	check "no suppression: $u" test "$(lists s.c $u)" = "ccn|"
done
check "a trailing comment suppresses its own line's function" test "$(lists s.c trailed)" = "|ccn"
check "a reason after the directive keeps it one" test "$(lists s.c reasoned)" = "|ccn"
# After a decorator or an attribute the comment is on the line before the function's own:
# no unit starts on its line, so it applies to the next line's.
cat >d.py <<'PY'
@decorator  # assay: ignore
def decorated(a, b):
    if a and b:
        return 1
    return 0
PY
cat >d.rs <<'RS'
#[inline] // assay: ignore
fn attributed(a: bool, b: bool) -> i32 { if a && b { return 1; } 0 }
RS
"$ASSAY" --no-cache -f json -C 2 d.py d.rs >"$TMP/dec.json" 2>/dev/null
json="$TMP/dec.json"
check "a comment after a decorator suppresses the function below it" \
	test "$(lists d.py decorated)" = "|ccn"
check "... after an attribute too" test "$(lists d.rs attributed)" = "|ccn"
# ... but one after other code (a closing brace, a statement) stays on its own line.
cat >n.c <<'C'
int a(int x, int y) { if (x && y) return 1; return 0; }	/* assay: ignore */
int b(int x, int y) { if (x && y) return 1; return 0; }
C
cat >n.py <<'PY'
def outer(a, b):
    x = 1  #lizard forgives
    def inner(c, d):
        if c and d:
            return 1
        return 0
    if a and b:
        return x
    return 0
y = 1  # assay: ignore
def g(a, b):
    if a and b:
        return 1
    return 0
PY
"$ASSAY" --no-cache -f json -C 2 n.c n.py >"$TMP/after.json" 2>/dev/null
json="$TMP/after.json"
check "a comment after a function's last line excuses it (its own line), not the next" \
	test "$(lists n.c a)|$(lists n.c b)" = "|ccn|ccn|"
check "a comment after a statement does not reach the next line's function" \
	test "$(lists n.py g)" = "ccn|"
check "#lizard forgives inside a function forgives it, not the nested one below" \
	test "$(lists n.py outer)|$(lists n.py outer.inner)" = "|ccn|ccn|"
json="$TMP/strict.json"
check "the wrong brackets and an empty list are warned of" sh -c \
	"grep -q 's.c: line 7: assay: ignore' '$TMP/strict.err' && grep -q 's.c: line 9: assay: ignore' '$TMP/strict.err'"
