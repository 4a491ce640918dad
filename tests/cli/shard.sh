# shard.sh - `--shard=K/N` and `assay merge`: the shards share every measured file out
# once, the same way on every run, by bytes, a file staying in its shard when unrelated
# files come; merged, they report exactly what one run reports in every format (the
# run-specific fields of docs/json.md made constant); and a merge refuses what is not one
# run's complete set of shards.
. "$(dirname "$0")/lib.shinc"

tree="$TMP/tree"
mkdir -p "$tree/src/a" "$tree/src/b" "$tree/lib"
# 90 small files of three languages, some over the limits, large files, and files
# that are not source (in every shard's list, measured by none).
i=0
while [ $i -lt 30 ]; do
	printf 'int f%d(int a, int b) {\n  if (a) return %d;\n  while (b--) if (a > b) a++;\n  return a;\n}\n' \
		$i $i >"$tree/src/a/f$i.c"
	printf 'def g%d(x):\n    if x:\n        return %d\n    return 0\n' $i $i >"$tree/src/b/g$i.py"
	printf 'function h%d(x) { return x ? %d : 0; }\n' $i $i >"$tree/lib/h$i.js"
	i=$((i + 1))
done
# Six large files, each placed on its own (over an eighth of a shard's share of bytes).
for kb in 20 16 12 10 8 6; do
	python3 - "$tree/src/big$kb.c" "$kb" <<'PY'
import sys
n, out = int(sys.argv[2]) * 1024, []
while sum(map(len, out)) < n:
    out.append("int big%d(int a) {\n  if (a == %d) return 1;\n  return 0;\n}\n" % (len(out), len(out)))
open(sys.argv[1], "w").write("".join(out))
PY
done
printf 'int deep(int a, int b, int c) {\n  if (a) { if (b) { if (c) { while (a) { if (b && c || a) return 1; } } } }\n  for (;;) { if (a) break; else if (b) continue; else if (c) return 2; }\n  return a ? b : c;\n}\n' >"$tree/src/deep.c"
printf 'notes\n' >"$tree/README"
cd "$tree" || exit 1
git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@e commit -qm tree

A="$ASSAY --no-cache -C 4"
# shards N: shards 1..N of the tree into $TMP/N-K.json.
shards() {
	k=1
	while [ "$k" -le "$1" ]; do
		$A --shard="$k/$1" -o "$TMP/$1-$k.json" >/dev/null 2>"$TMP/$1-$k.err"
		k=$((k + 1))
	done
}
shards 3
$A -o "$TMP/one.json" >/dev/null 2>&1

# ---- sharing out ----
check "each file measured once: the shards' records are the measured files, disjoint" \
	python3 - "$TMP/one.json" "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/3-3.json" <<'PY'
import json, sys
one = json.load(open(sys.argv[1]))
status = {f["path"]: f["status"] for f in one["files"]}
measured = {p for p, s in status.items() if s != "skipped"}
got = [r["path"] for a in sys.argv[2:] for r in json.load(open(a))["shard"]["records"]]
# README has no extension: a shard reads it for a #! line, and skips it
ok = set(got) - measured == {"README"} and measured <= set(got) and len(set(got)) == len(got) == 98
sys.exit(0 if ok else 1)
PY
$A --shard=2/3 -o "$TMP/again.json" >/dev/null 2>&1
check "the same tree and N give the same shard" python3 -c '
import json, sys
a, b = (json.load(open(p))["shard"]["records"] for p in sys.argv[1:])
sys.exit(0 if [r["path"] for r in a] == [r["path"] for r in b] and a else 1)' "$TMP/3-2.json" "$TMP/again.json"
check "shards are balanced by bytes, the large files spread" \
	python3 - "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/3-3.json" <<'PY'
import json, os, sys
recs = [[r["path"] for r in json.load(open(a))["shard"]["records"]] for a in sys.argv[1:]]
w = [sum(os.path.getsize(p) for p in r) for r in recs]
big = [sum(p.startswith("src/big") for p in r) for r in recs]
ok = max(w) <= 1.25 * min(w) and max(big) <= 3 and min(big) >= 1
sys.exit(0 if ok else (print(w, big), 1)[1])
PY
cp -R "$tree" "$TMP/grown" && cd "$TMP/grown" || exit 1
printf 'int added(void) { return 0; }\n' >src/a/added.c
printf 'x = 1\n' >src/b/zz_added.py
$A --shard=1/3 -o "$TMP/grown-1.json" >/dev/null 2>&1
$A --shard=2/3 -o "$TMP/grown-2.json" >/dev/null 2>&1
$A --shard=3/3 -o "$TMP/grown-3.json" >/dev/null 2>&1
check "files keep their shard when unrelated files are added" python3 - "$TMP" <<'PY'
import json, sys
t = sys.argv[1]
def bins(prefix):
    return {r["path"]: k for k in (1, 2, 3)
            for r in json.load(open("%s/%s-%d.json" % (t, prefix, k)))["shard"]["records"]}
old, new = bins("3"), bins("grown")
moved = [p for p in old if new.get(p) != old[p]]
sys.exit(0 if not moved and len(new) == len(old) + 2 else (print(moved), 1)[1])
PY
cd "$tree" || exit 1

# ---- --shard=auto ----
CI_NODE_INDEX=2 CI_NODE_TOTAL=3 $A --shard=auto -o "$TMP/auto.json" >/dev/null 2>&1
ASSAY_SHARD_INDEX=2 ASSAY_SHARD_TOTAL=3 $A --shard=auto -o "$TMP/auto2.json" >/dev/null 2>&1
check "--shard=auto reads GitLab's CI_NODE_INDEX/CI_NODE_TOTAL, then ASSAY_SHARD_INDEX/_TOTAL" python3 -c '
import json, sys
s = [json.load(open(p))["shard"] for p in sys.argv[1:]]
sys.exit(0 if all((x["index"], x["total"]) == (2, 3) and x["records"] == s[0]["records"] for x in s) else 1)' \
	"$TMP/3-2.json" "$TMP/auto.json" "$TMP/auto2.json"
$A --shard=auto -o "$TMP/auto1.json" >/dev/null 2>&1
check "--shard=auto without CI variables is the one shard 1/1" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["shard"]
sys.exit(0 if (s["index"], s["total"], len(s["records"])) == (1, 1, 98) else 1)' "$TMP/auto1.json"
expect_status "--shard=4/3 is a usage error" 2 $A --shard=4/3
check "... which names the option and the rule" grep -q "shard=4/3: a shard is K/N with 1 <= K <= N" "$TMP/err"
expect_status "a bad CI_NODE_INDEX is a usage error naming the variables" 2 \
	env CI_NODE_INDEX=x CI_NODE_TOTAL=2 $A --shard=auto
check "... which it names" grep -q "CI_NODE_INDEX and CI_NODE_TOTAL: a shard is K/N" "$TMP/err"

# ---- merge: what one run reports, in every format ----
# normal FORMAT FILE: the run-specific parts (docs/json.md) made constant.
normal() {
	case "$1" in
	json) python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("run_id", "cache"):
    d.pop(k, None)
d["summary"].pop("workers", None)
d["summary"].pop("seconds", None)
print(json.dumps(d, sort_keys=True, indent=1))' "$2" ;;
	text) sed -e 's/^  cache: .*/  cache: -/' -e 's/^\(  sandbox: [^;]*\);.*/\1/' "$2" ;;
	html) sed -e 's/"run_id":"[0-9a-f]*"/"run_id":-/g' -e 's/"cache":"[^"]*"/"cache":-/' \
		  -e 's/"jobs":[0-9]*/"jobs":-/' -e 's/"seconds":[0-9.]*/"seconds":-/g' \
		  -e 's/"workers":{[^}]*}/"workers":-/' \
		  -e 's/"generated":"[^"]*"/"generated":-/' -e "s/'sha256-[^']*'/-/g" "$2" ;;
	prometheus) grep -v -e '_seconds' -e '^assay_cache_' -e '^assay_worker' -e 'run_id=' "$2" ;;
	*) cat "$2" ;;
	esac
}
for f in text warnings json sarif checkstyle codeclimate csv csv-lizard html prometheus; do
	$A --format="$f" >"$TMP/one.$f" 2>/dev/null
	one=$?
	$A merge "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/3-3.json" --format="$f" >"$TMP/merged.$f" \
		2>"$TMP/merge.err"
	merged=$?
	normal "$f" "$TMP/one.$f" >"$TMP/one.$f.n"
	normal "$f" "$TMP/merged.$f" >"$TMP/merged.$f.n"
	check "merge --format=$f: what one run reports, and its exit status ($one)" \
		sh -c "test $one = $merged && test $one = 1 && test -s '$TMP/one.$f.n' && diff '$TMP/one.$f.n' '$TMP/merged.$f.n'"
done
$A merge "$TMP/3-3.json" "$TMP/3-1.json" "$TMP/3-2.json" -o "$TMP/m.sarif" -o "$TMP/m.xml" \
	>/dev/null 2>&1
check "merge -o writes each report, shards in any order" sh -c \
	"diff '$TMP/one.sarif' '$TMP/m.sarif' && diff '$TMP/one.checkstyle' '$TMP/m.xml'"
# The sandbox the merged report states: the weakest its shards ran with, not merge's own
# (merge analyzes nothing).
$A --sandbox=off --shard=1/2 -o "$TMP/off-1.json" >/dev/null 2>&1
$A --shard=2/2 -o "$TMP/off-2.json" >/dev/null 2>&1
$A merge "$TMP/off-1.json" "$TMP/off-2.json" >"$TMP/off.out" 2>/dev/null
# (a sanitizer build's default is off: then it reads as one run of this build would)
check "merge states the weakest sandbox its shards ran with (off), as the shards ran" \
	grep -Eq "^  sandbox: off \((as the shards ran|this build's default)\)" "$TMP/off.out"
$A --sandbox=off merge "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/3-3.json" >"$TMP/full.out" 2>/dev/null
# (the shards' mode is the build's default: auto, or off in a sanitizer build)
mode=$(sed -n 's/^  sandbox: \([a-z-]*\).*/\1/p' "$TMP/one.text")
check "... not merge's own ($mode, as the shards ran)" sh -c "test -n '$mode' && grep -q '^  sandbox: $mode' '$TMP/full.out'"
# A baseline's entries nothing matches: merge warns as one run would.
printf '# assay baseline v1\nsrc/a/f1.c\tlost\tccn=9\n' >.assay-baseline
shards 2
$A merge "$TMP/2-1.json" "$TMP/2-2.json" >/dev/null 2>"$TMP/unused.err"
check "merge warns about baseline entries nothing matches (baseline.unused)" \
	grep -q "1 entries match no function over the limits any more (src/a/f1.c lost)" "$TMP/unused.err"
rm .assay-baseline

# ---- merge: what it refuses ----
expect_status "a missing shard is a usage error" 2 $A merge "$TMP/3-1.json" "$TMP/3-3.json"
check "... which names it" grep -q "shard 2/3 of the run is missing" "$TMP/err"
expect_status "a shard given twice is a usage error" 2 \
	$A merge "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/again.json" "$TMP/3-3.json"
check "... which names both files" grep -q "3-2.json and .*again.json are both shard 2/3" "$TMP/err"
expect_status "shards of another tree are refused" 2 \
	sh -c "cd '$TMP/grown' && $A merge '$TMP/3-1.json' '$TMP/3-2.json' '$TMP/3-3.json'"
check "... saying so" grep -q "measured another tree than this checkout" "$TMP/err"
# The same paths and sizes with other bytes (a digit changed): the files digest cannot
# tell, each record's oid can; uncommitted (read and hashed), then committed (the index's
# id).
rm -rf "$TMP/edited" && cp -a "$tree" "$TMP/edited"
sed -i 's/return 3;/return 4;/' "$TMP/edited/src/a/f3.c"
expect_status "a file edited to the same size since the shards ran is refused" 2 \
	sh -c "cd '$TMP/edited' && $A merge '$TMP/3-1.json' '$TMP/3-2.json' '$TMP/3-3.json'"
check "... naming it" grep -q "measured other content than this checkout's src/a/f3.c" "$TMP/err"
(cd "$TMP/edited" && git -c user.name=t -c user.email=t@e commit -qam edited)
expect_status "... also once committed (keyed from the index)" 2 \
	sh -c "cd '$TMP/edited' && $A merge '$TMP/3-1.json' '$TMP/3-2.json' '$TMP/3-3.json'"
check "... naming it" grep -q "measured other content than this checkout's src/a/f3.c" "$TMP/err"
check "every record a shard measured names its content (oid: the git blob id)" \
	python3 - "$tree" "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/3-3.json" <<'PY'
import json, subprocess, sys
tree, bad = sys.argv[1], []
for a in sys.argv[2:]:
    for r in json.load(open(a))["shard"]["records"]:
        want = subprocess.run(["git", "-C", tree, "hash-object", r["path"]], capture_output=True,
                              text=True).stdout.strip()
        if r.get("oid") != want:
            bad.append((r["path"], r.get("oid"), want))
print(bad[:3], file=sys.stderr)
sys.exit(1 if bad else 0)
PY
sed 's/"oid":"[0-9a-f]\{40\}"/"oid":"xyz"/' "$TMP/3-2.json" >"$TMP/bad-oid.json"
expect_status "an oid that is not 40 hexadecimal digits is refused" 2 \
	$A merge "$TMP/3-1.json" "$TMP/bad-oid.json" "$TMP/3-3.json"
check "... saying so" grep -q "bad-oid.json: not a shard report: an oid that is not 40 hexadecimal digits" "$TMP/err"
expect_status "shards of another configuration are refused" 2 \
	$A --ccn=3 merge "$TMP/3-1.json" "$TMP/3-2.json" "$TMP/3-3.json"
check "... saying so" grep -q "measured with another configuration" "$TMP/err"
expect_status "shards of different runs are refused" 2 \
	$A merge "$TMP/3-1.json" "$TMP/grown-2.json" "$TMP/grown-3.json"
sed 's/"shard":{"assay_version":"[^"]*"/"shard":{"assay_version":"0.0.1"/' "$TMP/3-2.json" >"$TMP/old.json"
expect_status "a shard of another assay version is refused" 2 \
	$A merge "$TMP/3-1.json" "$TMP/old.json" "$TMP/3-3.json"
check "... naming both versions" grep -q "old.json: written by assay 0.0.1" "$TMP/err"
python3 - "$TMP/3-2.json" "$TMP/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["shard"]["records"][0]["record"] = "AAAA" + d["shard"]["records"][0]["record"][8:]
json.dump(d, open(sys.argv[2], "w"))
PY
expect_status "a record that does not decode is refused" 2 \
	$A merge "$TMP/3-1.json" "$TMP/bad.json" "$TMP/3-3.json"
check "... naming the file and where" grep -q "bad.json: not a shard report: a record that does not decode" "$TMP/err"
expect_status "a plain JSON report is not a shard" 2 $A merge "$TMP/one.json"
check "... saying so" grep -q "one.json: not a shard report: no shard object" "$TMP/err"
head -c 3000 "$TMP/3-1.json" >"$TMP/cut.json"
expect_status "a cut shard report is refused" 2 $A merge "$TMP/cut.json" "$TMP/3-2.json" "$TMP/3-3.json"
check "... naming the byte" grep -q "cut.json: not a shard report: .* at byte" "$TMP/err"
python3 - "$TMP/3-2.json" "$TMP/tail-cut.json" "$TMP/tail-junk.json" <<'PY'
import sys
s = open(sys.argv[1], "rb").read()
at = s.index(b'"shard":')
assert at < len(s) // 2, "the shard object is early in the report"
open(sys.argv[2], "wb").write(s[:len(s) - 40])
open(sys.argv[3], "wb").write(s + b"\xffnot JSON")
PY
expect_status "a shard report cut after its shard object is refused" 2 \
	$A merge "$TMP/3-1.json" "$TMP/tail-cut.json" "$TMP/3-3.json"
check "... naming the file" grep -q "tail-cut.json: not a shard report: " "$TMP/err"
expect_status "a shard report with bytes after it is refused" 2 \
	$A merge "$TMP/3-1.json" "$TMP/tail-junk.json" "$TMP/3-3.json"
check "... saying so" grep -q "tail-junk.json: not a shard report: bytes after the document" "$TMP/err"
mkfifo "$TMP/fifo.json"
expect_status "a FIFO is not read" 2 $A merge "$TMP/fifo.json"
check "... saying so" grep -q "fifo.json: not a regular file" "$TMP/err"
sed 's/"paths":\[\]/"paths":["..\/.."]/' "$TMP/3-1.json" >"$TMP/up.json"
check "(the shards were given no path)" grep -q '"paths":\[\]' "$TMP/3-1.json"
expect_status "a shard naming a path outside the checkout is refused" 2 $A merge "$TMP/up.json"
check "... saying so" grep -q "merge walks only relative paths inside the checkout" "$TMP/err"
expect_status "a shard run given an absolute path is refused at once, not at the merge" 2 \
	$A --shard=1/2 -o "$TMP/abs.json" "$tree"
check "... saying why" grep -q -- "--shard: the path '$tree' is absolute or leaves the folder" "$TMP/err"
check "... writing no shard report" test ! -e "$TMP/abs.json"
expect_status "... and one given a path with .." 2 \
	sh -c "cd '$tree' && $A --shard=1/2 -o '$TMP/up2.json' ../$(basename "$tree")"
check "... saying why" grep -q -- "--shard: the path '../$(basename "$tree")' is absolute or leaves the folder" "$TMP/err"

# ---- a merge that measured nothing fails as one run would (exit 2) ----
mkdir -p "$TMP/none" && printf 'hello\n' >"$TMP/none/README.md"
(cd "$TMP/none" && for k in 1 2; do $A --no-cache --shard=$k/2 -o "$TMP/none-$k.json" README.md >/dev/null 2>&1; done)
expect_status "one run over a path with no source file: exit 2" 2 \
	sh -c "cd '$TMP/none' && $A --no-cache README.md"
expect_status "... and the merge of its shards: exit 2 too" 2 \
	sh -c "cd '$TMP/none' && $A merge '$TMP/none-1.json' '$TMP/none-2.json'"
check "... saying nothing was measured" grep -q "nothing measured: the path named holds no source file" "$TMP/err"
expect_status "... unless --allow-empty" 0 \
	sh -c "cd '$TMP/none' && $A merge --allow-empty '$TMP/none-1.json' '$TMP/none-2.json'"

# ---- --strict: the merge gates as the one run does ----
mkdir -p "$TMP/strict" && printf 'int f(int x){if(x)return 1;if(x>1)return 2;return 0;}\n' >"$TMP/strict/a.c"
printf 'int x;\0bin\n' >"$TMP/strict/b.c"
(cd "$TMP/strict" && for k in 1 2; do $A --no-cache --strict -C 1 --shard=$k/2 -o "$TMP/strict-$k.json" >/dev/null 2>&1; done)
expect_status "--strict: one run fails on a file not fully measured (exit 3)" 3 \
	sh -c "cd '$TMP/strict' && $A --no-cache --strict -C 1"
expect_status "... and so does the merge of its shards, with --strict" 3 \
	sh -c "cd '$TMP/strict' && $A merge --strict -C 1 '$TMP/strict-1.json' '$TMP/strict-2.json'"

# ---- --fail-on=incomplete: a report without the missing shard ----
expect_status "--fail-on=incomplete merges without a missing shard, and fails with 3" 3 \
	$A --fail-on=incomplete merge "$TMP/3-1.json" "$TMP/3-3.json" -o "$TMP/part.json"
check "... its files failed (shard 2/3 missing), the others measured, the run incomplete" \
	python3 - "$TMP/part.json" "$TMP/3-2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
two = {r["path"] for r in json.load(open(sys.argv[2]))["shard"]["records"]}
st = {f["path"]: (f["status"], f.get("reason")) for f in d["files"]}
ok = d["status"] == "incomplete" and two and all(st[p] == ("failed", "shard 2/3 missing") for p in two) \
     and all(s[0] in ("ok", "partial", "skipped") for p, s in st.items() if p not in two)
sys.exit(0 if ok else 1)
PY

# ---- diff --shard: each shard gates its part of a large change ----
cd "$tree" || exit 1
git checkout -q -b change
i=0
while [ $i -lt 12 ]; do
	printf 'int f%d(int a, int b) {\n  if (a) return %d;\n  return b;\n}\n' $i $i >"src/a/f$i.c"
	i=$((i + 1))
done
printf 'int added(int a) { return a; }\n' >src/a/new.c
cp src/deep.c src/b/deep2.c
git add -A && git -c user.name=t -c user.email=t@e commit -qm change
$A diff main...change -o "$TMP/diff-all.json" >/dev/null 2>&1
all=$?
codes=""
for k in 1 2 3; do
	$A diff --shard=$k/3 main...change -o "$TMP/diff-$k.json" >/dev/null 2>&1
	codes="$codes$?"
done
check "diff --shard: the shards gate every changed file once, old versions with new ones" \
	python3 - "$TMP/diff-all.json" "$TMP"/diff-1.json "$TMP"/diff-2.json "$TMP"/diff-3.json <<'PY'
import json, sys
whole = sorted(f["path"] for f in json.load(open(sys.argv[1]))["files"])
parts = [json.load(open(p)) for p in sys.argv[2:]]
got = sorted(f["path"] for d in parts for f in d["files"])
ok = got == whole and len(whole) == 14 and all(d["shard"]["command"] == "diff" for d in parts) \
     and sum(1 for d in parts if d["files"]) >= 2
sys.exit(0 if ok else (print(whole, got), 1)[1])
PY
check "diff --shard: the shard holding the new violation fails (exit 1), the others pass ($codes; whole $all)" \
	sh -c "test $all = 1 && test \"\$(echo $codes | tr -cd 1 | wc -c)\" = 1 && test \"\$(echo $codes | tr -cd 0 | wc -c)\" = 2"
expect_status "merge refuses the shards of a gate" 2 \
	$A merge "$TMP/diff-1.json" "$TMP/diff-2.json" "$TMP/diff-3.json"
check "... saying why" grep -q "diff-1.json: a shard of .assay diff., which gates its own part" "$TMP/err"

# A checkout with CRLF line ends (eol=crlf): git stores each file with LF, and a shard
# keys a file it never reads (generated: skipped before) by the index's id, the LF blob.
# A merge that must read the file (its stat data no longer vouch for it) takes the bytes'
# LF blob too: it refused them.
crlf="$TMP/crlf"
git init -q -b main "$crlf" && cd "$crlf" || exit 1
printf '*.c text eol=crlf\n' >.gitattributes
printf '// @generated\nint gen(int a) { return a; }\n' >gen.c
printf 'int f(int a) { if (a) return 1; return 0; }\n' >f.c
git add -A && git -c user.name=t -c user.email=t@e commit -qm crlf
rm gen.c f.c && git checkout -q -- .
check "the checkout has CRLF line ends" grep -q "$(printf '\r')" gen.c
$A --shard=1/2 -o "$TMP/crlf-1.json" >/dev/null 2>&1
$A --shard=2/2 -o "$TMP/crlf-2.json" >/dev/null 2>&1
expect_status "merge of a CRLF checkout's shards" 0 $A merge "$TMP/crlf-1.json" "$TMP/crlf-2.json"
touch -d '2001-01-01' gen.c f.c
expect_status "... also once its files must be read (their stat data changed)" 0 \
	$A merge "$TMP/crlf-1.json" "$TMP/crlf-2.json"
