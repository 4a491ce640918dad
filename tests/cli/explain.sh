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
total = int(re.search(r"cognitive (\d+),", text).group(1))
incs = sum(int(m) for m in re.findall(r"^  cognitive\s+\+(\d+)", text, re.M))
sys.exit(0 if total == incs and total > 0 else 1)' "$TMP/by-name"
check "the increments add up to CCN" python3 -c '
import re, sys
text = open(sys.argv[1]).read()
total = int(re.search(r"CCN (\d+),", text).group(1))
incs = sum(int(m) for m in re.findall(r"^  CCN\s+\+?(\d+)", text, re.M))
sys.exit(0 if total == incs else 1)' "$TMP/by-name"
expect_status "explain of a missing function exits 2" 2 "$ASSAY" explain c/control.c:no_such
check "the missing function is named" grep -q "no function named 'no_such'" "$TMP/err"
expect_status "explain without FILE:WHAT exits 2" 2 "$ASSAY" explain c/control.c
"$ASSAY" explain "cpp/classes.cpp:geo::Point::operator==" >"$TMP/qualified" 2>"$TMP/err"
check "explain takes a qualified name with colons" grep -q '^cpp/classes.cpp:9: geo::Point::operator==: CCN 2' "$TMP/qualified"
# A unit a C macro recovery rule found says so (docs/METRICS.md, "C macro recovery").
"$ASSAY" explain c/macro_statement.c:numericConfigGet >"$TMP/recovered" 2>"$TMP/err"
check "explain notes a unit recovered from a macro" grep -q 'note: recovered from a macro' "$TMP/recovered"
check "... and counts it as the fixture says (CCN 3)" grep -q '^c/macro_statement.c:4: numericConfigGet: CCN 3' "$TMP/recovered"
"$ASSAY" explain c/control.c:scan >"$TMP/plain" 2>"$TMP/err"
check "... and a plain unit does not" sh -c "! grep -q 'recovered from a macro' '$TMP/plain'"
