# groups.sh - figures per file and per directory: --by=file|dir in the text and csv
# reports, and the JSON report's "directories". The expected values are counted by hand
# from the three files below (one function per line).
. "$(dirname "$0")/lib.shinc"

tree="$TMP/tree"
mkdir -p "$tree/a" "$tree/b"
# a/x.c: f CCN 2 cognitive 1, g CCN 1 cognitive 0; a/y.c: h CCN 3 cognitive 2; b/z.c: k CCN 1.
printf 'int f(int a) { if (a) return 1; return 0; }\nint g(void) { return 0; }\n' >"$tree/a/x.c"
printf 'int h(int a, int b) { if (a) return 1; if (b) return 2; return 0; }\n' >"$tree/a/y.c"
printf 'int k(void) { return 1; }\n' >"$tree/b/z.c"
cd "$tree" || exit 1

"$ASSAY" --no-cache -C 2 --by=dir . >"$TMP/dir.txt" 2>&1
check "text --by=dir: directory a: 3 functions, 3 NLOC, CCN 2.00 avg 3 max, cognitive 1.00 avg 2 max, 1 over" \
	grep -Eq '^ +3 +3 +2\.00 +3 +1\.00 +2 +[0-9.]+ +1  a$' "$TMP/dir.txt"
check "text --by=dir: directory b: 1 function, CCN 1, none over" \
	grep -Eq '^ +1 +1 +1\.00 +1 +0\.00 +0 +[0-9.]+ +0  b$' "$TMP/dir.txt"
check "text --by=dir: the table has a header naming its columns" grep -q 'avg CCN .* directory$' "$TMP/dir.txt"
"$ASSAY" --no-cache -C 2 --by=file . >"$TMP/file.txt" 2>&1
check "text --by=file: a/y.c alone: 1 function, CCN 3, 1 over" \
	grep -Eq '^ +1 +1 +3\.00 +3 +2\.00 +2 +[0-9.]+ +1  a/y.c$' "$TMP/file.txt"
check "text --by=file: one row per file" test "$(grep -Ec '  (a/x|a/y|b/z)\.c$' "$TMP/file.txt")" -eq 3
# A row's NLOC is its files' code lines: a nested function's lines, which its enclosing
# function's NLOC holds too, are not counted twice (4 lines, not 4 + 2).
mkdir -p "$TMP/nested"
printf 'def outer(a):\n    def inner(b):\n        return b\n    return inner(a)\n' >"$TMP/nested/n.py"
"$ASSAY" --no-cache --by=file "$TMP/nested" >"$TMP/nested.txt" 2>&1
check "text --by=file: a file with a nested function: 2 functions, 4 NLOC" \
	grep -Eq '^ +2 +4 +1\.00 .*n\.py$' "$TMP/nested.txt"

"$ASSAY" --no-cache -C 2 --by=dir -f csv . >"$TMP/dir.csv" 2>/dev/null
check "csv --by=dir: a header, then a row per directory" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
a = [r for r in rows if r["path"] == "a"][0]
ok = (len(rows) == 2 and a["files"] == "2" and a["functions"] == "3" and a["nloc"] == "3"
      and a["ccn_avg"] == "2.000" and a["ccn_max"] == "3" and a["cognitive_avg"] == "1.000"
      and a["cognitive_max"] == "2" and a["violating_functions"] == "1")
sys.exit(0 if ok else 1)' "$TMP/dir.csv"

"$ASSAY" --no-cache -C 2 -f json . >"$TMP/r.json" 2>/dev/null
check "json: directories, with MI weighted by the files' code lines" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
d = {x["path"]: x for x in r["directories"]}
files = [f for f in r["files"] if f["path"].startswith("a/")]
mi = sum(f["mi"] * f["code"] for f in files) / sum(f["code"] for f in files)
a = d["a"]
ok = (sorted(d) == ["a", "b"] and a["functions"] == 3 and a["ccn_max"] == 3
      and abs(a["ccn_avg"] - 2) < 1e-9 and a["violating_functions"] == 1
      and abs(a["mi"] - mi) < 0.01 and d["b"]["functions"] == 1)
sys.exit(0 if ok else 1)' "$TMP/r.json"

expect_status "--by=module is refused" 2 "$ASSAY" --by=module .
check "... naming the words it takes" grep -q 'file or dir' "$TMP/err"
