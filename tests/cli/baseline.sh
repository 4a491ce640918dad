# baseline.sh - .assay-baseline: today's violators are accepted; new violators, and
# recorded ones that got worse, fail; fixed ones drop out when it is rewritten.
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git init -q "$repo"
cd "$repo" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
busy4='int busy(int a, int b, int c) { if (a && b && c) return 1; return 0; }'
busy5='int busy(int a, int b, int c) { if (a && b && c && a) return 1; return 0; }'
other='int other(int a, int b) { if (a || b) return 1; return 0; }'
printf '%s\n' "$busy4" >a.c
printf 'int fine(void) { return 0; }\n' >b.c
expect_status "without a baseline the violation fails" 1 "$ASSAY" --no-cache .
expect_status "baseline write" 0 "$ASSAY" baseline write --no-cache --no-git
check "the baseline is sorted, reviewable text" test "$(sed 's/,hash=[0-9]*$//' .assay-baseline)" = "$(printf '# assay baseline v1\na.c\tbusy\tccn=4')"
check "... with the function's body hash, in decimal" grep -qE '^a\.c	busy	ccn=4,hash=[0-9]+$' .assay-baseline
cp .assay-baseline "$TMP/with-hash"
# A function the rules (or a rename that kept its body) now name differently keeps its
# entry: matched by body hash when no unit has the entry's name any more.
sed 's/	busy	/	old_name	/' "$TMP/with-hash" >.assay-baseline
expect_status "an entry whose name is gone is matched by the body hash" 0 "$ASSAY" --no-cache .
# A real rename: the body hash leaves the function's own name out.
printf 'int busy(int a, int b, int c) { if (a && b && c) return busy(0, 0, 0); return 0; }\n' >a.c
"$ASSAY" baseline write --no-cache --no-git >/dev/null 2>&1
sed 's/busy/renamed/g' a.c >"$TMP/renamed.c" && cp "$TMP/renamed.c" a.c
expect_status "a function renamed in the source (its recursive call too) keeps its entry" 0 \
	"$ASSAY" --no-cache .
printf '%s\n' "$busy4" >a.c
sed 's/	busy	/	old_name	/; s/hash=[0-9]*/hash=12345/' "$TMP/with-hash" >.assay-baseline
expect_status "... and not when the hash differs" 1 "$ASSAY" --no-cache .
sed 's/,hash=[0-9]*//' "$TMP/with-hash" >.assay-baseline
expect_status "an entry without a hash (an older baseline) still matches by name" 0 "$ASSAY" --no-cache .
# A line from before hashes (an older assay's baseline) whose name is gone: matched when
# the file's one nameless violator has exactly its values, never when that is ambiguous.
sed 's/	busy	/	old_name	/; s/,hash=[0-9]*//' "$TMP/with-hash" >.assay-baseline
expect_status "a hash-less entry whose name is gone matches the one unit with its values" 0 "$ASSAY" --no-cache .
sed 's/	busy	/	old_name	/; s/,hash=[0-9]*//; s/ccn=4/ccn=5/' "$TMP/with-hash" >.assay-baseline
expect_status "... not a unit with other values" 1 "$ASSAY" --no-cache .
sed 's/	busy	/	old_name	/; s/,hash=[0-9]*//' "$TMP/with-hash" >.assay-baseline
sed 's/busy/busy2/' a.c >>a.c
expect_status "... nor when two units have them" 1 "$ASSAY" --no-cache .
sed -i '2d' a.c
sed 's/	busy	/	old_name	/' "$TMP/with-hash" >.assay-baseline
"$ASSAY" baseline write --no-cache --no-git >"$TMP/rekey.out" 2>&1
check "baseline write says how many entries it re-keyed" grep -q '^1 entries of the old baseline now carry the new names or paths' "$TMP/rekey.out"
check "... and writes them under the new name" grep -qE '^a\.c	busy	ccn=4,hash=[0-9]+$' .assay-baseline
# A file renamed (or a function moved out of a file now gone): the entry of the file gone
# stands for the function with its body hash in another file.
mv a.c moved.c
expect_status "a renamed file keeps its entries (by body hash, from the file gone)" 0 \
	"$ASSAY" --no-cache .
check "... and they are not called unused" sh -c "! grep -q 'match no function' '$TMP/err'"
# A run over part of the tree does not call a gone file's entries unused (their function
# may have moved where it did not look), so --prune of a part keeps them.
printf 'int fine(void) { return 0; }\n' >part.c
"$ASSAY" --no-cache part.c >/dev/null 2>"$TMP/part.err"
check "a run of one file does not call the moved entry unused" sh -c "! grep -q 'match no function' '$TMP/part.err'"
"$ASSAY" baseline write --no-cache --no-git --prune part.c >/dev/null 2>&1
check "... and baseline write --prune of that file keeps it" grep -q '^a\.c	busy' .assay-baseline
rm part.c
cp moved.c a.c
expect_status "... not while the first file is there (a copy is a new violator)" 1 "$ASSAY" --no-cache .
rm a.c
sed 's/	busy	/	old_name	/' .assay-baseline >"$TMP/two-gone"
sed 's/^a\.c/z.c/' "$TMP/two-gone" | tail -n 1 >>"$TMP/two-gone"
cp .assay-baseline "$TMP/before-move"
cp "$TMP/two-gone" .assay-baseline
# Two gone entries with its hash, neither named like it (two copies, both gone, one kept
# under a new name): it takes one (the first by path; their values are the same), and
# the other is called unused.
expect_status "... when two files gone have its hash under other names, it takes one" 0 "$ASSAY" --no-cache .
check "... the other is unused" grep -q '1 entries match no function over the limits any more (z.c old_name)' "$TMP/err"
# One entry stands for one function: a copy of it is new, in the file gone's stead or in
# the file itself.
sed 's/busy/copy/' moved.c >>moved.c
cp "$TMP/before-move" .assay-baseline
expect_status "a function moved with a copy beside it: the copy is a new violator" 1 "$ASSAY" --no-cache .
check "... it alone" sh -c "grep -q 'moved.c:2: copy: CCN 4' '$TMP/out' && ! grep -q 'moved.c:1: busy' '$TMP/out'"
sed 's/busy/first/' moved.c >a.c && rm moved.c
expect_status "a function renamed with a copy beside it: the copy is a new violator" 1 "$ASSAY" --no-cache .
check "... it alone" sh -c "grep -q 'a.c:2: copy: CCN 4' '$TMP/out' && ! grep -q 'a.c:1: first' '$TMP/out'"
mv a.c "$TMP/copies.c" && sed -n 1p "$TMP/copies.c" | sed 's/first/busy/' >moved.c
sed 's/^z\.c	old_name/z.c	busy/' "$TMP/two-gone" >.assay-baseline
expect_status "... but one of them with its name is its entry" 0 "$ASSAY" --no-cache .
cp "$TMP/before-move" .assay-baseline
"$ASSAY" baseline write --no-cache --no-git >"$TMP/move.out" 2>&1
check "baseline write records it under its new path" sh -c \
	"grep -qE '^moved\.c	busy	ccn=4,hash=[0-9]+\$' .assay-baseline && ! grep -q '^a\.c' .assay-baseline"
check "... and counts it carried over" grep -q '^1 entries of the old baseline' "$TMP/move.out"
mv moved.c a.c
cp "$TMP/before-move" .assay-baseline
expect_status "a recorded violation no worse is accepted" 0 "$ASSAY" --no-cache .
check "... and counted" grep -q '^  1 violations accepted by the baseline' "$TMP/out"
"$ASSAY" --no-cache -f json . >"$TMP/b.json" 2>/dev/null
check "JSON lists it as baselined" grep -q '"violations":\[\],"suppressed":\[\],"baselined":\["ccn"\]' "$TMP/b.json"
printf '%s\n%s\n' "$busy4" "$other" >a.c
expect_status "a new violator fails" 1 "$ASSAY" --no-cache .
check "only the new violator is listed" sh -c "grep -q ': other: CCN 3' '$TMP/out' && ! grep -q ': busy: CCN' '$TMP/out'"
printf '%s\n' "$busy5" >a.c
expect_status "a recorded violator that got worse fails" 1 "$ASSAY" --no-cache .
printf 'int busy(int a) { return a; }\n' >a.c
expect_status "a fixed function passes" 0 "$ASSAY" --no-cache .
"$ASSAY" baseline write --no-cache --no-git >/dev/null 2>&1
check "rewriting drops the fixed function" test "$(cat .assay-baseline)" = "# assay baseline v1"
printf '# assay baseline v1\nnot a line\n' >.assay-baseline
expect_status "a malformed baseline is a usage error" 2 "$ASSAY" --no-cache .
check "... naming file and line" grep -q '.assay-baseline:2: not a baseline line' "$TMP/err"
sed 's/ v1$/ v9/' "$TMP/with-hash" >.assay-baseline
expect_status "a baseline of a format this assay does not read is a usage error" 2 "$ASSAY" --no-cache .
check "... naming it" grep -q '.assay-baseline:1: a baseline of format v9, which this assay does not read' "$TMP/err"
rm .assay-baseline
# The baseline is read as a file to analyze is: never through a link, never a FIFO.
printf '# assay baseline v1\n' >"$TMP/outside"
ln -s "$TMP/outside" .assay-baseline
expect_status "a baseline that is a symbolic link is not read" 2 "$ASSAY" --no-cache .
check "... saying so" grep -q '.assay-baseline: symbolic link' "$TMP/err"
rm .assay-baseline
mkfifo .assay-baseline
expect_status "a baseline that is a FIFO is refused without hanging" 2 timeout 10 "$ASSAY" --no-cache .
check "... saying so" grep -q '.assay-baseline: not a regular file' "$TMP/err"
rm .assay-baseline
truncate -s 65M .assay-baseline
expect_status "a baseline over 64 MiB is refused" 2 "$ASSAY" --no-cache .
check "... saying so" grep -q '.assay-baseline: too large' "$TMP/err"
rm .assay-baseline
printf '# assay baseline v1\na.c\0x\tbusy\tccn=4\n' >.assay-baseline
expect_status "a NUL inside a baseline line is malformed" 2 "$ASSAY" --no-cache .
rm .assay-baseline	# baseline write refuses to write over it (below)
printf '%s\n' "$busy4" >a.c
git add -A && git -c user.name=t -c user.email=t@t commit -qm base
"$ASSAY" baseline write --no-cache >/dev/null 2>&1 && git add .assay-baseline
printf '%s\n%s\n' "$busy4" "$other" >a.c
git add a.c
expect_status "precommit honours the baseline too (the new function fails)" 1 "$ASSAY" precommit --no-cache --all -v
check "... and accepts the recorded one" grep -q '1 violations accepted by the baseline' "$TMP/out"
check "... read from the index, and it says so" \
	grep -q 'accepted by the baseline (.assay-baseline in the index)' "$TMP/out"
git -c user.name=t -c user.email=t@t commit -qm 'baseline, other' --no-verify

# The work tree's baseline never counts in the gate: precommit takes the index's.
printf '# assay baseline v1\na.c\tother\tccn=9\na.c\tbusy\tccn=9\n' >.assay-baseline
printf '%s\n%s\n' "$busy5" "$other" >a.c
git add a.c
expect_status "precommit ignores a modified, unstaged baseline (busy got worse)" 1 \
	"$ASSAY" precommit --no-cache --gate=changed
git add .assay-baseline
expect_status "... and applies it once staged" 0 "$ASSAY" precommit --no-cache --gate=changed
git -c user.name=t -c user.email=t@t commit -qm 'busy5' --no-verify
printf '%s\n%s\n' "$busy4" "$other" >a.c
git add a.c && git -c user.name=t -c user.email=t@t commit -qm 'busy4' --no-verify
base=$(git rev-parse HEAD)
printf '# assay baseline v1\n' >.assay-baseline
printf '%s\n%s\n' "$busy5" "$other" >a.c
git add -A && git -c user.name=t -c user.email=t@t commit -qm 'empty baseline, busy5' --no-verify
expect_status "diff takes the baseline of the revision it compares from" 0 \
	"$ASSAY" diff --no-cache --gate=changed "$base" HEAD
check "... and says so" grep -q "(.assay-baseline in $base)" "$TMP/out"

# baseline write records HEAD (or the index with --staged), never what is not committed.
fresh='int fresh(int a, int b) { if (a || b) return 1; return 0; }'
printf '%s\n' "$fresh" >new.c
printf '%s\n%s\n%s\n' "$busy5" "$other" "$fresh" >a.c
"$ASSAY" baseline write --no-cache >"$TMP/w.out" 2>"$TMP/w.err"
check "baseline write records HEAD: the uncommitted new violators are not whitelisted" \
	sh -c "! grep -q fresh .assay-baseline && grep -q 'a.c	busy' .assay-baseline"
check "... it prints what it recorded" \
	grep -q "^wrote .*/.assay-baseline from HEAD: 2 functions over the limits in 1 files" "$TMP/w.out"
check "... and warns, listing the files that differ from it" \
	grep -q "2 source files (or .assay) of the work tree differ from it.*a.c (modified), new.c (untracked)" "$TMP/w.err"
git add new.c
"$ASSAY" baseline write --no-cache --staged >"$TMP/w.out" 2>"$TMP/w.err"
check "--staged records the index" sh -c "grep -q 'new.c	fresh' .assay-baseline &&
	! grep -q 'a.c	fresh' .assay-baseline && grep -q 'from the index' '$TMP/w.out'"
git checkout -q a.c && git rm -q --cached new.c && rm new.c

# Entries that match nothing any more are reported, and --prune removes only them.
printf '# assay baseline v1\na.c\tbusy\tccn=5\na.c\tgone\tccn=4\nz.c\tlost\tccn=3\n' >.assay-baseline
printf '%s\n' "$other" >c.c
"$ASSAY" --no-cache . >/dev/null 2>"$TMP/u.err"
check "a run reports the entries that match no function over the limits" \
	grep -q "2 entries match no function over the limits any more (a.c gone, z.c lost)" "$TMP/u.err"
"$ASSAY" baseline write --no-cache --prune >"$TMP/w.out" 2>&1
check "--prune removes them, and adds nothing (c.c's other is not recorded)" \
	test "$(cat .assay-baseline)" = "$(printf '# assay baseline v1\na.c\tbusy\tccn=5')"
check "... saying what it removed" grep -q "2 entries removed (a.c gone, z.c lost), 1 kept" "$TMP/w.out"

# precommit's one line says when the baseline let a violation pass, and where it was read.
rm -f c.c
printf '# assay baseline v1\na.c\tbusy\tccn=5\n' >.assay-baseline
printf 'int busy(int a, int b, int c) { if (a && b && c && b) return 1; return 0; }\n' >a.c
git add -A
expect_status "precommit passes a recorded violator" 0 "$ASSAY" precommit --no-cache --gate=changed
check "... in one line naming the baseline in the index" \
	grep -q "^assay: .*(1 violations accepted by .assay-baseline in the index)" "$TMP/out"

# baseline write replaces the entries of the files it measured, and only theirs: a file it
# was not asked about, or could not measure, keeps its entries; a file gone loses them.
rm -rf "$TMP/part" && git init -q "$TMP/part" && cd "$TMP/part" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
printf '%s\n' "$busy4" >a.c
printf '%s\n' "$other" >b.c
git add -A && git commit -qm part
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
printf '%s\n' "$busy5" >a.c && git commit -qam 'a grows'
"$ASSAY" baseline write --no-cache a.c >"$TMP/part.out" 2>&1
check "baseline write PATH keeps the other files' entries" \
	grep -q "^b\.c	other	ccn=3" .assay-baseline
check "... and replaces the named file's" grep -q "^a\.c	busy	ccn=5" .assay-baseline
check "... saying how many it kept" grep -q "^1 entries of the old baseline kept" "$TMP/part.out"
cp .assay-baseline "$TMP/part.good" && echo 'garbage line' >>.assay-baseline
expect_status "baseline write PATH over a baseline it cannot read: exit 2" 2 \
	"$ASSAY" baseline write --no-cache a.c
check "... naming the line, and the old entries are all still there" sh -c \
	"grep -q 'assay-baseline:[0-9]*: not a baseline line.*not written over' '$TMP/err' \
	 && grep -q '^b\.c	other' .assay-baseline"
cp "$TMP/part.good" .assay-baseline
expect_status "baseline write of a path that is not there: exit 2" 2 "$ASSAY" baseline write gone.c
check "... naming it, without the hint about a repository with no commit" \
	sh -c "grep -q 'gone.c: no such file or directory' '$TMP/err' && ! grep -q -- '--staged' '$TMP/err'"
printf '[threshold]\n\tccn = 100\n' >.assay	# the work tree's, not HEAD's (ccn 2)
(cd "$TMP" && "$ASSAY" baseline write --no-cache "$TMP/part") >"$TMP/outside.out" 2>&1
check "baseline write PATH from outside the repository records PATH's HEAD with HEAD's .assay" \
	sh -c "grep -q 'from HEAD' '$TMP/outside.out' && grep -q '^a\.c	busy' .assay-baseline"
git checkout -q .assay
rm -rf "$TMP/nohead" && git init -q "$TMP/nohead" && (cd "$TMP/nohead" && printf '%s\n' "$other" >b.c && git add b.c)
expect_status "baseline write in a repository with no commit yet: exit 2" 2 \
	sh -c "cd '$TMP/nohead' && '$ASSAY' baseline write --no-cache"
check "... saying to record the index instead" grep -q 'HEAD: .*(record the index with --staged)' "$TMP/err"
printf '/* ASSAY-TEST-CRASH */\n%s\n' "$other" >b.c && git commit -qam 'b crashes the worker'
T=$(test_install)
"$T" baseline write --retries=0 >"$TMP/crash.out" 2>&1
check "a file that could not be measured keeps its entries" \
	grep -q "^b\.c	other	ccn=3" .assay-baseline
check "... and is not counted as measured" grep -q "in 1 files (of 1 measured)" "$TMP/crash.out"
git rm -q b.c && git commit -qm 'b gone'
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
check "a file gone loses its entries" sh -c "! grep -q '^b\.c' .assay-baseline"

# Two functions of one name (a property's getter and setter) have an entry each: each
# takes the one with its body hash, then the ones left in order.
rm -rf "$TMP/twins" && git init -q "$TMP/twins" && cd "$TMP/twins" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
{ printf 'class C:\n    @property\n    def x(self):\n'
  for v in a b c d e f g h i; do printf '        if self.%s: return 1\n' "$v"; done
  printf '        return 0\n\n    @x.setter\n    def x(self, v):\n'
  printf '        if v == 1: self.a = 1\n        if v == 2: self.b = 2\n        self.z = v\n'
} >m.py
git add -A && git commit -qm twins
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
check "two entries of one name are written" test "$(grep -c '^m\.py	C\.x	' .assay-baseline)" -eq 2
expect_status "... and accept both functions right after" 0 "$ASSAY" --no-cache .
sed 's/        self.z = v/        if v == 3: self.c = 3\n        self.z = v/' m.py >"$TMP/m.py" && cp "$TMP/m.py" m.py
expect_status "the setter got worse: it fails" 1 "$ASSAY" --no-cache .
check "... itself, not the getter" grep -q "^m\.py:[0-9]*: C\.x: CCN 4 (limit 2)" "$TMP/out"

# baseline write DIR covers DIR: an entry of a file gone from it is dropped, one of a file
# outside it kept. A file now skipped (generated) is not gated: its entries go, in a
# write as in --prune; one counted by lines only keeps them in both.
rm -rf "$TMP/dirs" && git init -q "$TMP/dirs" && cd "$TMP/dirs" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
mkdir d && printf '%s\n' "$busy4" >d/g.c && printf '%s\n' "$other" >d/h.c && printf '%s\n' "$other" >k.c
git add -A && git commit -qm dirs
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
git rm -q d/g.c && git commit -qm 'g gone'
"$ASSAY" baseline write --no-cache d >/dev/null 2>&1
check "baseline write DIR drops the entries of a file gone from DIR" \
	sh -c "! grep -q '^d/g\.c' .assay-baseline"
check "... and keeps those of files outside it" grep -q "^k\.c	other" .assay-baseline
printf '// Code generated by hand. DO NOT EDIT.\n%s\n' "$other" >k.c && git commit -qam 'k generated'
"$ASSAY" --no-cache . >/dev/null 2>"$TMP/gen.err"
check "a file now skipped as generated: its entry is reported unused" \
	grep -q "match no function over the limits any more (k\.c other)" "$TMP/gen.err"
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
check "... and baseline write drops it" sh -c "! grep -q '^k\.c' .assay-baseline"

# baseline write reads .assay from what it records: HEAD's, or the index's with --staged,
# as precommit reads the index's (the way forward precommit prints must agree with it).
rm -rf "$TMP/cfgsnap" && git init -q "$TMP/cfgsnap" && cd "$TMP/cfgsnap" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay && printf '%s\n' "$other" >k.c
git add -A && git commit -qm snap
printf '[threshold]\n\tccn = 10\n' >.assay
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
check "baseline write: HEAD's .assay, not the work tree's" grep -q "^k\.c	other" .assay-baseline
"$ASSAY" baseline write --no-cache --staged >/dev/null 2>&1
check "baseline write --staged: the index's .assay" grep -q "^k\.c	other" .assay-baseline
printf '%s\n' "$busy4" >>k.c && printf '[threshold]\n\tccn = 2\n' >.assay && git add k.c
printf '[threshold]\n\tccn = 10\n' >.assay
"$ASSAY" baseline write --no-cache --staged >/dev/null 2>&1 && git add .assay-baseline
expect_status "... so the precommit it unblocks passes" 0 "$ASSAY" precommit --no-cache

# Files left out for this run alone (-l, -x) decide nothing about their entries: a write
# keeps them, a run does not call them unused.
rm -rf "$TMP/only" && git init -q "$TMP/only" && cd "$TMP/only" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay && printf '%s\n' "$other" >k.c
printf 'def p(a, b):\n    if a or b:\n        return 1\n    return 0\n' >p.py
git add -A && git commit -qm only
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
"$ASSAY" baseline write --no-cache --no-git --language=python >/dev/null 2>&1
check "baseline write -l python keeps the C file's entry" grep -q "^k\.c	other" .assay-baseline
"$ASSAY" baseline write --no-cache -x k.c >/dev/null 2>&1
check "baseline write -x k.c keeps it too" grep -q "^k\.c	other" .assay-baseline
"$ASSAY" --no-cache --no-git --language=python . >/dev/null 2>"$TMP/only.err"
check "a run with -l python does not call it unused" sh -c "! grep -q baseline.unused '$TMP/only.err'"
printf '%s\n' "$busy4" >>k.c && git commit -qam 'k grows'
"$ASSAY" baseline write --no-cache --language=python >/dev/null 2>&1
check "in git too: baseline write -l python leaves the C file's entry as it was" \
	sh -c "grep -q '^k\.c	other' .assay-baseline && ! grep -q '^k\.c	busy' .assay-baseline"
printf '%s\n' "$busy5" >>k.c && git add k.c
expect_status "precommit -l python gates no C function" 0 "$ASSAY" precommit --no-cache -l python
check "... none of them counted" grep -q "^assay: 0 new or changed functions" "$TMP/out"
expect_status "... which precommit gates without -l" 1 "$ASSAY" precommit --no-cache
git reset -q --hard
printf '[language]\n\tinc = c\n' >>.assay && printf '%s\n' "$busy5" >m.inc
expect_status "-l python leaves out a file [language] makes C, in a plain run too" 0 \
	"$ASSAY" --no-cache -l python -f json .
check "... skipped as a language left out" python3 -c '
import json, sys
f = [x for x in json.load(open(sys.argv[1]))["files"] if x["path"].endswith("m.inc")]
sys.exit(not f or f[0]["status"] != "skipped")' "$TMP/out"
git checkout -q .assay && rm -f m.inc

# The paths named are those the run resolves: x/.. through a link x -> other/sub is other,
# so the entries of src/ stay.
rm -rf "$TMP/links" && git init -q "$TMP/links" && cd "$TMP/links" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay && mkdir -p src other/sub
printf '%s\n' "$other" >src/a.c && printf '%s\n' "$other" >other/d.c && ln -s other/sub x
git add -A && git commit -qm links
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
"$ASSAY" baseline write --no-cache x/.. >/dev/null 2>&1
check "baseline write x/.. (x a link into other/) keeps src/'s entries" grep -q "^src/a\.c	other" .assay-baseline
printf '[threshold]\n\tccn = 20\n' >.assay
"$ASSAY" baseline write --no-cache >/dev/null 2>"$TMP/links.err"
check "baseline write names an edited .assay it did not use" \
	grep -q "differ from it.*: \.assay (modified)" "$TMP/links.err"
rm .assay
"$ASSAY" baseline write --no-cache >/dev/null 2>"$TMP/links.err"
check "... and one deleted from the work tree as deleted" \
	grep -q "differ from it.*: \.assay (deleted)" "$TMP/links.err"

# A folder the walk leaves out (-x d, --no-git) keeps its entries: its files are there.
rm -rf "$TMP/xdir" && git init -q "$TMP/xdir" && cd "$TMP/xdir" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay && mkdir d
printf '%s\n' "$other" >d/m.c && printf '%s\n' "$other" >k.c
git add -A && git commit -qm xdir
"$ASSAY" baseline write --no-cache --no-git >/dev/null 2>&1
"$ASSAY" baseline write --no-cache --no-git -x d . >/dev/null 2>&1
check "baseline write --no-git -x d keeps d's entries" grep -q "^d/m\.c	other" .assay-baseline

# One entry stands for one function: of functions sharing its name (JavaScript's
# anonymous callbacks, overloads), a new one beside the recorded one is a new violator.
rm -rf "$TMP/shared" && git init -q "$TMP/shared" && cd "$TMP/shared" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
printf "app.get('/a', function (a, b, c) { if (a && b && c) return 1; return 0; });\n" >a.js
git add -A && git -c user.name=t -c user.email=t@e commit -qm shared
"$ASSAY" baseline write >/dev/null 2>&1 && git add -A && git -c user.name=t -c user.email=t@e commit -qm baseline
printf "app.get('/b', function (a, b, c) { if (a || b || c) return 1; return 0; });\n" >>a.js
expect_status "a second function of the entry's name is new, the recorded one still accepted" 1 "$ASSAY" .
check "... naming it alone" sh -c "grep -q 'a.js:2: (anonymous)' '$TMP/out' && ! grep -q 'a.js:1:' '$TMP/out'"
{ printf "app.get('/b', function (a, b, c) { if (a || b || c) return 1; return 0; });\n"; git show HEAD:a.js; } >a.js
expect_status "... before it in the file: the one with the entry's body keeps it" 1 "$ASSAY" .
check "... the new one named" sh -c "grep -q 'a.js:1: (anonymous)' '$TMP/out' && ! grep -q 'a.js:2:' '$TMP/out'"
git add a.js
expect_status "precommit: the new one fails" 1 "$ASSAY" precommit
expect_status "precommit --all: the new one fails" 1 "$ASSAY" precommit --all
check "... it alone" sh -c "grep -q 'a.js:1: (anonymous)' '$TMP/out' && ! grep -q 'a.js:2:' '$TMP/out'"
git reset -q && git checkout -q a.js
# A function under the limits takes no entry from one over them that shares its name:
# a small callback before the recorded one, whose body then changes, no worse.
printf "app.get('/s', function () { return 0; });\n" >a.js
printf "app.get('/a', function (a, b, c) { if (a && b && c) return 1; return 0; });\n" >>a.js
git add -A && git -c user.name=t -c user.email=t@e commit -qm small-first
"$ASSAY" baseline write >/dev/null 2>&1
sed -i '2s/return 0;/return 2;/' a.js
expect_status "a small function of the entry's name before it does not take its entry" 0 "$ASSAY" .
sed -i 's/,hash=[0-9]*//' .assay-baseline
expect_status "... nor that of an entry without a hash" 0 "$ASSAY" .
git checkout -q a.js .assay-baseline 2>/dev/null; git checkout -q HEAD~1 -- a.js .assay-baseline

# A gate of every function (--all) follows a renamed file's entries, as a plain run does:
# its baseline, read from git, learns from the change that the old path is gone.
rm -rf "$TMP/renamed" && git init -q "$TMP/renamed" && cd "$TMP/renamed" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay && printf '%s\n' "$busy4" >a.c
git add -A && git -c user.name=t -c user.email=t@e commit -qm a
"$ASSAY" baseline write >/dev/null 2>&1 && git add -A && git -c user.name=t -c user.email=t@e commit -qm baseline
git mv a.c b.c
expect_status "a renamed file: a plain run follows its entries" 0 "$ASSAY" .
expect_status "... precommit --all too" 0 "$ASSAY" precommit --all
expect_status "... diff HEAD --all too" 0 "$ASSAY" diff HEAD --all
git -c user.name=t -c user.email=t@e commit -qm renamed --no-verify
expect_status "... diff HEAD~1...HEAD --all too" 0 "$ASSAY" diff HEAD~1...HEAD --all
printf '%s\n' "$busy4" | sed 's/busy/copy/' >>b.c && git add b.c
expect_status "... and a copy beside it is still new" 1 "$ASSAY" precommit --all
check "... naming it" grep -q 'b.c:2: copy' "$TMP/out"
git reset -q --hard
# A file deleted (no rename git sees: its other functions stay behind), its recorded
# function in a new file with others: --all follows it, as a plain run does.
{ printf '%s\n' "$busy4"; for k in $(seq 1 30); do printf 'int g%d(void) { return %d; }\n' "$k" "$k"; done; } >b.c
git add -A && git -c user.name=t -c user.email=t@e commit -qm thirty --no-verify
"$ASSAY" baseline write >/dev/null 2>&1 && git add -A && git -c user.name=t -c user.email=t@e commit -qm baseline2
git rm -q b.c
{ printf '%s\n' "$busy4"; for k in $(seq 1 30); do printf 'int h%d(int a) { return a + %d; }\n' "$k" "$k"; done; } >z.c && git add z.c
expect_status "a deleted file's function in a new file: a plain run follows it" 0 "$ASSAY" .
expect_status "... precommit --all too" 0 "$ASSAY" precommit --all
git reset -q --hard
# A file replaced by a link is not gone: its entries excuse no function elsewhere.
git mv b.c c.c && ln -s c.c b.c && git add b.c
expect_status "a file replaced by a link: a plain run fails its function in the new file" 1 "$ASSAY" .
expect_status "... precommit --all too" 1 "$ASSAY" precommit --all
git reset -q --hard && rm -f c.c

# A cached result answers as the whole record does. Entry a.c busy; a.c now holds busy
# under another name (lengthy) and a new busy under the limits: the entry still names a
# unit, so lengthy is a new violator. A warm run of violations only took a summary of the
# units over the limits, did not see the small busy, and let the entry excuse lengthy.
rm -rf "$TMP/warm" && git init -q "$TMP/warm" && cd "$TMP/warm" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay && printf '%s\n' "$busy4" >a.c
git add -A && git -c user.name=t -c user.email=t@e commit -qm warm
"$ASSAY" baseline write >/dev/null 2>&1
{ sed 's/busy/lengthy/' a.c; printf 'int busy(int a) { return a; }\n'; } >"$TMP/warm.c" && mv "$TMP/warm.c" a.c
expect_status "an entry whose name a unit still has excuses no other body: cold, fails" 1 "$ASSAY" .
# (the unused entries were judged from the records pruned to their units over the limits)
check "... and the entry is unused (its function is under the limits now)" \
	grep -q '1 entries match no function over the limits any more (a.c busy)' "$TMP/err"
expect_status "... warm (a cache hit), fails the same" 1 "$ASSAY" .
check "... naming lengthy" grep -q 'a.c:1: lengthy: CCN 4' "$TMP/out"
check "... from the cache" grep -q 'cache: 1 hits' "$TMP/out"
expect_status "... warm, with JSON, the same" 1 "$ASSAY" -f json .
# Under --strict the baseline is refused, and still matched to say so: a warm run the
# same as a cold one there too.
expect_status "--strict, cold: the renamed copy's entry refused" 1 "$ASSAY" --strict --no-cache .
grep 'baseline entry refused\|entries match no function' "$TMP/out" "$TMP/err" | sed 's/run=.*//' >"$TMP/strict.cold"
"$ASSAY" --strict . >/dev/null 2>&1	# (a strict run's results are cached apart)
expect_status "--strict, warm" 1 "$ASSAY" --strict .
check "... from the cache" grep -q 'cache: 1 hits' "$TMP/out"
grep 'baseline entry refused\|entries match no function' "$TMP/out" "$TMP/err" | sed 's/run=.*//' >"$TMP/strict.warm"
check "... says what the cold run says of the baseline" cmp -s "$TMP/strict.cold" "$TMP/strict.warm"
check "... which is that the entry is unused" grep -q 'a.c busy' "$TMP/strict.cold"
# The summary is not enough here, and when the whole record behind it is gone (a summary
# without its row: `cache verify` removes a tampered row alone), the file is analyzed:
# a miss, not a hit and then a miss.
expect_status "a warm run from the summary" 1 "$ASSAY" .
python3 -c 'import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
n = d.execute("delete from results where lang != 0 and oid in (select oid from summaries)").rowcount
d.commit()
sys.exit(n != 1)' "$ASSAY_CACHE_DIR/cache.db"
expect_status "its whole record gone: the same verdict" 1 "$ASSAY" .
check "... counted as a miss alone" grep -q 'cache: 0 hits, 1 misses' "$TMP/out"
# ... also when one scan of the cache's summaries answers many files (64 or more).
for k in $(seq 1 70); do printf 'int f%d(void) { return %d; }\n' "$k" "$k" >"m$k.c"; done
git add m*.c a.c	# keyed from the index, as the scan needs
"$ASSAY" . >/dev/null 2>&1; "$ASSAY" . >/dev/null 2>&1
python3 -c 'import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
n = d.execute("delete from results where lang != 0 and oid = ?", (bytes.fromhex(sys.argv[2]),)).rowcount
d.commit()
sys.exit(n != 1)' "$ASSAY_CACHE_DIR/cache.db" "$(git hash-object a.c)"
expect_status "71 files, one whole record gone: the same verdict" 1 "$ASSAY" .
check "... one miss" grep -q 'cache: 70 hits, 1 misses' "$TMP/out"
git rm -q --cached m*.c && rm m*.c

# A function moved out of a file that stays (into another file, or a new one) keeps its
# entry: once every file is measured, an entry none of its file's functions has the name
# or body of any more stands for the unit with its body elsewhere; one entry, one unit.
rm -rf "$TMP/moved" && git init -q "$TMP/moved" && cd "$TMP/moved" || exit 1
printf '[threshold]\n\tccn = 2\n' >.assay
{ printf '%s\n' "$busy4"; printf 'int stays(void) { return 0; }\n'; } >a.c
git add -A && git -c user.name=t -c user.email=t@e commit -qm moved
"$ASSAY" baseline write >/dev/null 2>&1
printf 'int stays(void) { return 0; }\n' >a.c && printf '%s\n' "$busy4" >b.c
expect_status "a function moved out of a file that stays keeps its entry (exit 0)" 0 "$ASSAY" .
check "... which is not called unused" sh -c "! grep -q 'match no function' '$TMP/err'"
expect_status "... warm, the same" 0 "$ASSAY" .
check "... from the cache" grep -q 'cache: 2 hits' "$TMP/out"
# --strict refuses the baseline, and says which violations it would have accepted: the
# moved function's too, its entry not called unused.
expect_status "--strict: the moved function fails" 1 "$ASSAY" --strict --no-cache .
check "... its entry refused, not called unused" sh -c "grep -q 'b.c:1: busy: ccn baseline entry refused' '$TMP/out' && ! grep -q 'match no function' '$TMP/err'"
expect_status "--strict, warm: the same" 1 "$ASSAY" --strict .
check "... its entry refused" grep -q 'b.c:1: busy: ccn baseline entry refused' "$TMP/out"
# A gate of every function of the changed files (--all) follows the move as a run does.
git add -A
expect_status "precommit --all: the moved function keeps its entry" 0 "$ASSAY" precommit --all
check "... its summary counts functions, not new or changed ones, and accepted violations" \
	grep -q "^assay: [0-9]* functions in [0-9]* files, .*violations accepted by .assay-baseline" "$TMP/out"
expect_status "... --strict: fails, the entry refused" 1 "$ASSAY" precommit --all --strict -f json
check "... listed so" python3 -c 'import json, sys
b = json.load(open(sys.argv[1]))["strict"]["baselined"]
sys.exit([(x["qualified_name"], x["applied"]) for x in b] != [("busy", False)])' "$TMP/out"
printf '%s\n' "$busy4" >c.c && git add -A
expect_status "precommit --all, moved into two files: fails" 1 "$ASSAY" precommit --all
check "... the second (in path order) new" sh -c "grep -q 'c.c:1: busy' '$TMP/out' && ! grep -q 'b.c:1: busy' '$TMP/out'"
git reset -q
expect_status "moved into two files: the second (in path order) is new" 1 "$ASSAY" .
check "... it alone" sh -c "grep -q 'c.c:1: busy' '$TMP/out' && ! grep -q 'b.c:1: busy' '$TMP/out'"
rm c.c b.c && { printf '%s\n' "$busy4"; printf 'int stays(void) { return 0; }\n'; } >a.c
printf '%s\n' "$busy4" | sed 's/busy/copied/' >b.c
expect_status "a copy of a function still in its file is new" 1 "$ASSAY" .
check "... naming the copy" grep -q 'b.c:1: copied' "$TMP/out"
# The entry goes to the unit with its name first, wherever it stands in path order.
rm b.c && printf 'int stays(void) { return 0; }\n' >a.c
printf '%s\n' "$busy4" | sed 's/busy/copied/' >b.c && printf '%s\n' "$busy4" >c.c
expect_status "moved, with a copy under another name before it in path order" 1 "$ASSAY" .
check "... the copy is new, the function with the entry's name keeps it" \
	sh -c "grep -q 'b.c:1: copied' '$TMP/out' && ! grep -q 'c.c:1: busy' '$TMP/out'"
rm b.c
# baseline write --prune judges the entries as a run does: the moved one is kept.
git add -A && git -c user.name=t -c user.email=t@e commit -qm 'busy moved to c.c'
expect_status "after a move out of a file that stays, committed" 0 "$ASSAY" .
"$ASSAY" baseline write --prune >"$TMP/prune.out" 2>&1
check "baseline write --prune keeps the moved function's entry" grep -q '^a\.c	busy' .assay-baseline
check "... saying it removed none" grep -q '0 entries removed' "$TMP/prune.out"
expect_status "... and the run still passes" 0 "$ASSAY" .
cp .assay-baseline "$TMP/moved.baseline"
"$ASSAY" baseline write >"$TMP/write.out" 2>&1
check "baseline write gives the moved function's entry its new path" \
	sh -c "grep -q '^c\.c	busy' .assay-baseline && ! grep -q '^a\.c	busy' .assay-baseline"
check "... and says that the old entry carries it" \
	grep -q '^1 entries of the old baseline now carry the new names or paths' "$TMP/write.out"
cp "$TMP/moved.baseline" .assay-baseline
# A file counted by lines only (its worker crashed: no units) does not say its functions
# left: a copy elsewhere stays new.
mv c.c "$TMP/c.c.keep"
{ printf '%s\n' "$busy4"; printf 'int stays(void) { return 0; }\n'; } >a.c
printf '%s\n' "$busy4" | sed 's/busy/copied/' >b.c
T=$(test_install)
expect_status "a copy beside its original, measured" 1 "$T" .
printf '/* ASSAY-TEST-CRASH */\n' >>a.c
expect_status "... and beside its original counted by lines only (a crash): still new" 1 "$T" .
check "... naming the copy" grep -q 'b.c:1: copied' "$TMP/out"

# precommit's line counts the source files staged: the baseline staged with them (and any
# other file assay does not read) is no file of functions.
git_repo "$TMP/staged-baseline"
printf 'int one(int a) { return a; }\n' >s.c && git add s.c && git commit -qm one
printf 'int one(int a) { return a + 1; }\n' >s.c
"$ASSAY" baseline write --no-cache >/dev/null 2>&1
mkdir -p vendor && printf 'int v(void) { return 0; }\n' >vendor/v.c
git add s.c .assay-baseline vendor/v.c
expect_status "precommit of s.c with .assay-baseline and a vendored file staged beside it" 0 \
	"$ASSAY" precommit --no-cache
check "... counts one file of functions" grep -q "^assay: 1 new or changed functions in 1 file," "$TMP/out"

# What a baseline line cannot hold is left out with a warning, not written where the
# reader would take it for a comment or another format's header (a file named
# "# assay baseline v7.c" made every later run exit 2).
git_repo "$TMP/odd-names"
printf '[threshold]\n\tccn = 2\n' >.assay
printf 'int f(int a, int b, int c) { if (a && b && c) return 1; return 0; }\n' >ok.c
cp ok.c '# assay baseline v7.c' && cp ok.c '#hash.c'
git add -A && git commit -qm odd
expect_status "baseline write with files named # assay baseline v7.c and #hash.c" 0 "$ASSAY" baseline write
check "... says two functions are not recorded, and why" \
	grep -q "2 functions over the limits not recorded (they stay violations): .*starts with #" "$TMP/err"
check "... and records ok.c's" grep -q "^ok\.c	f	" .assay-baseline
expect_status "... the next run reads it, and the left-out functions stay violations" 1 "$ASSAY" .
check "... both of them" sh -c "grep -q '# assay baseline v7.c:1: f' '$TMP/out' && grep -q '#hash.c:1: f' '$TMP/out'"
# The format's header is line 1's only, and values are digits that fit.
printf '# assay baseline v1\n# assay baseline v7\nok.c\tf\tccn=4\n' >.assay-baseline
expect_status "a later \"# assay baseline v7\" line is a comment" 1 "$ASSAY" .
printf '# assay baseline v4294967297\n' >.assay-baseline
expect_status "a header version past 32 bits is not read as v1" 2 "$ASSAY" .
check "... saying so" grep -q -- "format v4294967297, which this assay does not read" "$TMP/err"
for v in 99999999999999999999999 +21 ' 38' 4294967296; do
	printf '# assay baseline v1\nok.c\tf\tccn=%s\n' "$v" >.assay-baseline
	expect_status "ccn=$v is not a baseline value" 2 "$ASSAY" .
	check "... saying so" grep -q -- ".assay-baseline:2: not a baseline line" "$TMP/err"
done
# A repository's baseline of more entries than any real one is refused, naming it, before
# it costs gigabytes.
awk 'BEGIN { print "# assay baseline v1"; for (i = 0; i <= 1000000; i++) printf "a\tf%d\t\n", i }' >.assay-baseline
expect_status "a baseline of over a million entries is refused" 2 "$ASSAY" .
check "... saying so" grep -q -- ".assay-baseline:1000002: more than 1000000 entries: not read" "$TMP/err"
