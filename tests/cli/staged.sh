# staged.sh - assay precommit's staged changes read through the index's cache tree (the
# TREE extension; src/git/view.c): for each way of staging, the files measured are the ones
# `git diff --cached` names, the functions gated are only the new ones, and the debug
# log says which way the changes were found (cache tree, or the whole index when the
# cache tree cannot be trusted).
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git_repo "$repo"
printf '[threshold]\n\tccn = 1\n' >.assay

# fn NAME: a C function called NAME with CCN 2 (a violation of ccn = 1).
fn() { printf 'int %s(int a) { if (a) return 1; return 0; }\n' "$1"; }
put() { mkdir -p "$(dirname "$1")" && fn "$2" >"$1"; }
put top.c top
put a/x.c ax
put a/b/y.c aby
put a/b/c/z.c abcz
put d/w.c dw
put e/keep.c keep
put f/g/h.c fgh
put wide/one.c one
put wide/two.c two
git add -A
git commit -qm one

# run NAME: runs precommit, keeps the JSON report, the debug log and the exit status.
run() {
	"$ASSAY" precommit --log-level=debug -f json >"$TMP/p.json" 2>"$TMP/log"
	echo $? >"$TMP/status"
}
measured() {	# the files of the last report
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(" ".join(sorted(f["path"] for f in r["files"])))' "$TMP/p.json"
}
gated() {	# the functions gated by the last report
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(" ".join(sorted(u["qualified_name"] for f in r["files"] for u in f.get("units", []))))' "$TMP/p.json"
}
staged_by_git() {	# what git names as added, modified, renamed or retyped (new paths)
	git diff --cached --name-only -M --diff-filter=AMRT | sort | tr '\n' ' ' | sed 's/ $//'
}
# scenario NAME WAY GATED: after the caller staged something, precommit must measure what
# git names, find it through WAY ("cache tree" or "whole index") and gate GATED.
scenario() {
	run
	check "$1: the files git names are measured" test "$(measured)" = "$(staged_by_git)"
	check "$1: only the new functions are gated" test "$(gated)" = "$3"
	if [ "$2" = "cache tree" ]; then
		check "$1: found through the cache tree" grep -q "through the index's cache tree" "$TMP/log"
	else
		check "$1: found by comparing the whole index" grep -q "comparing the whole index" "$TMP/log"
	fi
}

run
check "nothing staged: no file is measured" test "$(measured)" = ""
check "nothing staged: no path compared (the root's tree is HEAD's)" \
	grep -q "compared 0 paths with HEAD through the index's cache tree" "$TMP/log"

{ fn abcz; fn deep; } >a/b/c/z.c
git add a/b/c/z.c
scenario "a change three directories down" "cache tree" "deep"
git commit -qm deep

put n/m/new.c brandnew
scenario_add() { git add -A; }
scenario_add
scenario "a new directory" "cache tree" "brandnew"
git commit -qm new

git rm -q -r d
scenario "a deleted directory" "cache tree" ""
check "a deleted directory: the commit is allowed" test "$(cat "$TMP/status")" -eq 0
git commit -qm gone

git mv e/keep.c moved/keep.c 2>/dev/null || { mkdir -p moved && git mv e/keep.c moved/keep.c; }
scenario "a file moved to a new directory is a rename, not new code" "cache tree" ""
git commit -qm moved

# A file where HEAD has a directory, and a directory where HEAD has a file.
git rm -q -r f/g
mkdir -p f
fn fg >f/g
git rm -q top.c
# (a body of its own: top's body under another name would be top, moved and renamed)
mkdir -p top.c && printf 'int inner(int a) { if (a > 1) return 2; return 0; }\n' >top.c/inner.c
git add -A
scenario "a directory became a file and a file a directory" "cache tree" "inner"
git commit -qm swap

# A valid cache tree that is not HEAD's: the commit is undone, its index kept.
{ fn one; fn more; } >wide/one.c
git add wide/one.c
git commit -qm more
git reset -q --soft HEAD~1
scenario "a valid cache tree that differs from HEAD (reset --soft)" "cache tree" "more"
git commit -qm again

# Submodules: libgit2 matches their paths as patterns, not literally. Beside plainly
# named paths that changes nothing; beside a path a pattern misreads ('!x' excludes x),
# a submodule replaced by a file would be lost, so the whole index is compared.
git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),lib.c"
git commit -qm gitlink
{ fn one; fn more; fn beside; } >wide/one.c
git add wide/one.c
scenario "a submodule in a changed directory, plain names" "cache tree" "beside"
git commit -qm beside
git rm -q --cached lib.c
fn lib >lib.c
fn bang >'!lib.c'
git add lib.c '!lib.c'
scenario "a submodule became a file, beside a file named !lib.c" "whole index" "bang lib"
git commit -qm odd

# Where the cache tree cannot be trusted, the whole index is compared.
{ fn two; fn later; } >wide/two.c
git add wide/two.c
fn intent >wide/intent.c
git add -N wide/intent.c
scenario "an intent-to-add entry: the whole index instead (and it is not measured)" \
	"whole index" "later"
git rm -q --cached wide/intent.c
rm wide/intent.c

# The index's cache tree removed by hand (what an older or a foreign writer may leave):
# the same changes, found the long way.
python3 - .git/index <<'EOF'
import hashlib, struct, sys
path = sys.argv[1]
data = open(path, 'rb').read()
body = data[:-20]
count = struct.unpack('>I', body[8:12])[0]
off, version = 12, struct.unpack('>I', body[4:8])[0]
assert version in (2, 3)
for _ in range(count):
    flags = struct.unpack('>H', body[off + 60:off + 62])[0]
    fixed = 62 + (2 if flags & 0x4000 else 0)
    end = body.index(b'\0', off + fixed)
    off += (end - off + 8) & ~7
out = body[:off]
while off < len(body):
    sig, size = body[off:off + 4], struct.unpack('>I', body[off + 4:off + 8])[0]
    if sig != b'TREE':
        out += body[off:off + 8 + size]
    off += 8 + size
open(path, 'wb').write(out + hashlib.sha1(out).digest())
EOF
check "the test removed the cache tree" sh -c '! grep -q TREE .git/index'
scenario "no cache tree: the whole index instead" "whole index" "later"
git commit -qm later
run
check "after a commit the cache tree is back" \
	grep -q "compared 0 paths with HEAD through the index's cache tree" "$TMP/log"

# An index gitindex.c does not read (a split index): the debug log says why, naming the
# file; libgit2 1.5 cannot read it either, and the error names the file too.
git update-index --split-index
{ fn two; fn later; fn split; } >wide/two.c
git add wide/two.c
run
check "a split index: the whole index instead, saying which file and why" \
	grep -q "comparing the whole index with HEAD: .*\.git/index: .*split indexes are not read" "$TMP/log"
check "a split index libgit2 cannot read: exit 2, naming the index" \
	sh -c "test $(cat "$TMP/status") -eq 2 && grep -q '\.git/index: cannot read it' '$TMP/log'"

# GIT_DIR naming a linked work tree's git folder (git sets it for hooks) and no
# GIT_WORK_TREE: the work tree is the current folder, as git has it, not the one the
# folder's gitdir file recorded before the work tree was moved.
git_repo "$TMP/moved-main"
printf '[threshold]\n\tccn = 2\n' >.assay && printf 'int f(void) { return 0; }\n' >a.c
git add -A && git commit -qm i
git worktree add -q "$TMP/moved-wt" -b moved 2>/dev/null
mv "$TMP/moved-wt" "$TMP/moved-wt2"
mkdir -p "$TMP/moved-wt" && printf '[threshold]\n\tccn = 50\n' >"$TMP/moved-wt/.assay"
cd "$TMP/moved-wt2"
gd=$(git rev-parse --absolute-git-dir)
GIT_DIR="$gd" "$ASSAY" config >"$TMP/out" 2>"$TMP/err"
check "GIT_DIR of a moved linked work tree: the current folder is its top" \
	grep -q "^# repository root: $TMP/moved-wt2$" "$TMP/out"
check "... and its .assay is read, not the old place's" grep -q '^threshold.ccn = 2 ' "$TMP/out"
# The main work tree's core.worktree (in the shared configuration) is not the linked
# one's: git ignores it there, and so does assay.
git -C "$TMP/moved-main" config core.worktree "$TMP/moved-main"
GIT_DIR="$gd" "$ASSAY" config >"$TMP/out" 2>"$TMP/err"
check "... also when the main work tree's configuration sets core.worktree" \
	grep -q "^# repository root: $TMP/moved-wt2$" "$TMP/out"
git -C "$TMP/moved-main" config --unset core.worktree

# A staged change that leaves a symbolic link where a source file was is in the report,
# skipped as a plain run reports it (it vanished: "0 changed files", no files in JSON).
git_repo "$TMP/typechange"
printf 'int f(void) { return 0; }\n' >f.c && printf 'int g(void) { return 0; }\n' >g.c
git add -A && git commit -qm i
rm f.c && ln -s g.c f.c && git add f.c
"$ASSAY" precommit -f json >"$TMP/tc.json" 2>"$TMP/err"
check "precommit reports a source file staged as a link, skipped as one" python3 -c '
import json, sys
f = {x["path"]: x for x in json.load(open(sys.argv[1]))["files"]}
sys.exit(0 if f.get("f.c", {}).get("status") == "skipped" and "symbolic link" in f["f.c"]["reason"] else 1)' "$TMP/tc.json"
expect_status "... and -x takes it out, as it takes out a file (--fail-on=skipped passes)" 0 \
	"$ASSAY" precommit --fail-on=skipped -x f.c
