# explain.sh - assay explain lists every increment of one function.
. "$(dirname "$0")/lib.shinc"

cd "$FIXTURES" || exit 1
"$ASSAY" explain c/control.c:scan >"$TMP/by-name" 2>"$TMP/err"
golden explain-scan.txt "$TMP/by-name"
"$ASSAY" explain c/control.c:100 >"$TMP/by-line" 2>"$TMP/err"
check "explain by a line inside the function finds the same one" cmp -s "$TMP/by-name" "$TMP/by-line"
check "the increments add up to the cognitive total" python3 -c '
import re, sys
text = open(sys.argv[1]).read()
total = int(re.search(r"cognitive (\d+) \(limit", text).group(1))
incs = sum(int(m) for m in re.findall(r"^  cognitive\s+\+(\d+)", text, re.M))
sys.exit(0 if total == incs and total > 0 else 1)' "$TMP/by-name"
check "the increments add up to CCN" python3 -c '
import re, sys
text = open(sys.argv[1]).read()
total = int(re.search(r"^  CCN (\d+) \(limit", text, re.M).group(1))
incs = sum(int(m) for m in re.findall(r"^  CCN {2,}\+?(\d+)", text, re.M))
sys.exit(0 if total == incs else 1)' "$TMP/by-name"
expect_status "explain of a missing function exits 2" 2 "$ASSAY" explain c/control.c:no_such
check "the missing function is named" grep -q "no function named 'no_such'" "$TMP/err"
expect_status "explain without FILE:WHAT exits 2" 2 "$ASSAY" explain c/control.c
"$ASSAY" explain "cpp/classes.cpp:geo::Point::operator==" >"$TMP/qualified" 2>"$TMP/err"
check "explain takes a qualified name with colons" sh -c "grep -q '^cpp/classes.cpp:9: geo::Point::operator==\$' '$TMP/qualified' && grep -q '^  CCN 2 (limit' '$TMP/qualified'"
# A unit a C macro recovery rule found says so (docs/METRICS.md, "C macro recovery").
"$ASSAY" explain c/macro_statement.c:numericConfigGet >"$TMP/recovered" 2>"$TMP/err"
check "explain notes a unit recovered from a macro" grep -q 'note: recovered from a macro' "$TMP/recovered"
check "... and counts it as the fixture says (CCN 3)" sh -c "grep -q '^c/macro_statement.c:4: numericConfigGet\$' '$TMP/recovered' && grep -q '^  CCN 3 (limit' '$TMP/recovered'"
"$ASSAY" explain c/control.c:scan >"$TMP/plain" 2>"$TMP/err"
check "... and a plain unit does not" sh -c "! grep -q 'recovered from a macro' '$TMP/plain'"

# The header gives each metric with its limit; each increment names its construct by its
# token and shows the source line with a caret under it; the lines adding most close it.
check "explain: the header gives the limits" grep -q '^  CCN 5 (limit 15), cognitive 8 (limit 15), nesting 3 (limit 5),$' "$TMP/by-name"
check "explain: a loop is named by its keyword" grep -Eq '^  CCN +\+1  line [0-9]+ +`(for|while)` \(loop\)$' "$TMP/by-name"
check "explain: the source line and a caret under the construct" python3 -c '
import re, sys
lines = open(sys.argv[1]).read().split("\n")
ok = False
for i, l in enumerate(lines):
    m = re.match(r"^  CCN +\+1  line (\d+) +`(\w+)`", l)
    if m and i + 2 < len(lines):
        src = re.match(r"^ +" + m.group(1) + r" \| (.*)$", lines[i + 1])
        caret = re.match(r"^ +\| (.*)\^$", lines[i + 2])
        ok = bool(src and caret and src.group(1)[len(caret.group(1)):].startswith(m.group(2)))
        break
sys.exit(0 if ok else 1)' "$TMP/by-name"
check "explain: the lines that add the most close it" grep -Eq '^  most from line [0-9]+ \(\+[0-9]+\)' "$TMP/by-name"

# explain reads the configuration the run does: the repository's limits, [units],
# [language] and per-path limits, also from a folder below the root.
r="$TMP/configured"
mkdir -p "$r/sub"
git init -q "$r"
printf 'function outer(xs) {\n  return xs.map(function (x) {\n    if (x > 1) { return 1; }\n    return 3;\n  });\n}\n' >"$r/m.js"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"$r/sub/x.inc"
printf '[units]\n\tjavascript = fold\n[language]\n\tinc = c\n[threshold]\n\tccn = 2\n[threshold "sub/**"]\n\tccn = 9\n' >"$r/.assay"
(cd "$r" && "$ASSAY" explain m.js:outer) >"$TMP/cfg-fold" 2>"$TMP/err"
check "explain: the repository's limit and [units] fold (CCN 2 of the folded callback)" \
	grep -q '^  CCN 2 (limit 2), cognitive' "$TMP/cfg-fold"
(cd "$r/sub" && "$ASSAY" explain x.inc:f) >"$TMP/cfg-lang" 2>"$TMP/err"
check "explain: a file [language] maps, its per-path limit, from a folder below the root" \
	grep -q '^  CCN 2 (limit 9), cognitive' "$TMP/cfg-lang"
# What kept the named file from being measured is the user's input (2), not an internal
# error (4).
head -c 3000 /dev/urandom | tr -d '\n' >"$TMP/bin.c"
printf '\0' >>"$TMP/bin.c"
expect_status "explain of a binary file exits 2" 2 "$ASSAY" explain "$TMP/bin.c:1"
check "... saying why" grep -q 'bin.c: not analyzed: binary' "$TMP/err"
