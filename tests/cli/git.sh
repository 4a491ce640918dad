# git.sh - assay precommit, diff and hook against real git repositories: partially staged
# files, git commit -a and git commit PATH through the installed hook (temporary index),
# renames, deletions, the initial commit, a merge conflict, a hostile .git/config, a
# linked worktree, the time budget, and the pre-commit framework.
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git_repo "$repo"
printf '[threshold]\n\tccn = 2\n' >.assay
simple='int simple(int a) { if (a) return 1; return 0; }'
busy='int busy(int a, int b, int c) { if (a && b && c) return 1; return 0; }'
fresh='int fresh(int a, int b, int c) { if (a || b || c) return 1; return 0; }'
printf '%s\n%s\n' "$simple" "$busy" >a.c
git add .assay a.c
gated() {	# the qualified names gated by the last JSON report
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(" ".join(sorted(u["qualified_name"] for f in r["files"] for u in f.get("units", []))))' "$TMP/p.json"
}
"$ASSAY" precommit -f json >"$TMP/p.json" 2>"$TMP/err"
check "the initial commit gates every function" test "$(gated)" = "busy simple"
git commit -qm one

printf '%s\n%s\n%s\n' "$simple" "$busy" "$fresh" >a.c
git add a.c
"$ASSAY" precommit -f json >"$TMP/p.json" 2>/dev/null
status=$?
check "only the new function is gated" test "$(gated)" = "fresh"
check "a new violation fails the commit" test "$status" -eq 1
"$ASSAY" precommit --all -f json >"$TMP/p.json" 2>/dev/null
check "--all gates every function of the changed files" test "$(gated)" = "busy fresh simple"

# Partially staged: the index is what counts, not the work tree.
git reset -q
printf '%s\n%s\n' "$simple" "$busy" >a.c
git add a.c
printf '%s\n%s\n%s\n' "$simple" "$busy" "$fresh" >a.c
expect_status "a partially staged file is measured as staged (nothing new)" 0 "$ASSAY" precommit
check "the work tree was not modified" grep -q fresh a.c
git checkout -q a.c

# Whitespace- and comment-only edits are not changes; a moved function is not new.
printf '/* moved */\n%s\n\n\n%s\n' "$busy" "$simple" >a.c
git add a.c
"$ASSAY" precommit -f json >"$TMP/p.json" 2>/dev/null
check "reordered, re-commented functions are not gated" test "$(gated)" = ""
git commit -qm reorder
git mv a.c b.c
expect_status "a renamed file is not new" 0 "$ASSAY" precommit
git commit -qm rename
git rm -q b.c
expect_status "a deletion passes" 0 "$ASSAY" precommit
git commit -qm delete
printf '%s\n' "$simple" >c.c
git add c.c
git commit -qm c

# The hook, through git commit -a and git commit PATH (both use a temporary index).
expect_status "hook install" 0 "$ASSAY" hook install
check "the hook is installed" test -x .git/hooks/pre-commit
printf '%s\n%s\n' "$simple" "$fresh" >c.c
expect_status "git commit -a with a new violation is refused by the hook" 1 git commit -qam bad
expect_status "git commit PATH with a new violation is refused by the hook" 1 git commit -qm bad c.c
printf '%s\n' "$simple" >c.c
printf 'int also(int a) { return a; }\n' >>c.c
expect_status "git commit -a with a clean change passes the hook" 0 git commit -qam good
expect_status "hook uninstall" 0 "$ASSAY" hook uninstall
check "the hook is gone" test ! -e .git/hooks/pre-commit
printf '#!/bin/sh\nexit 0\n' >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
expect_status "a foreign hook is not replaced" 2 "$ASSAY" hook install
expect_status "a foreign hook is not removed" 2 "$ASSAY" hook uninstall
expect_status "--force replaces it" 0 "$ASSAY" hook install --force
rm .git/hooks/pre-commit
git config core.hooksPath .githooks
expect_status "hook install honours core.hooksPath" 0 "$ASSAY" hook install
check "... writing the hook there" test -x .githooks/pre-commit
rm -rf .githooks
git config --unset core.hooksPath

# Nothing in the repository makes assay run a program.
marker="$TMP/ran"
cat >>.git/config <<CFG
[core]
	fsmonitor = touch $marker.fsmonitor
[diff]
	external = touch $marker.diff
[filter "evil"]
	clean = touch $marker.clean
	smudge = touch $marker.smudge
	process = touch $marker.process
CFG
printf '*.c filter=evil diff=evil\n' >.gitattributes
git -c core.fsmonitor= -c diff.external= add .gitattributes 2>/dev/null
printf '%s\n%s\n' "$simple" "$fresh" >d.c
git -c core.fsmonitor= -c filter.evil.clean= -c filter.evil.process= add d.c 2>/dev/null
rm -f "$marker".*
"$ASSAY" precommit >/dev/null 2>&1
"$ASSAY" diff HEAD >/dev/null 2>&1
"$ASSAY" . >/dev/null 2>&1
check "no fsmonitor, external diff or filter program ran" sh -c "! ls '$marker'.* >/dev/null 2>&1"
git config --remove-section core 2>/dev/null
git config core.bare false
git config --remove-section diff
git config --remove-section filter.evil
rm .gitattributes
git reset -q
rm d.c

# assay diff: between revisions, and against the work tree.
first=$(git rev-list --max-parents=0 HEAD)
"$ASSAY" diff -f json "$first" HEAD >"$TMP/p.json" 2>/dev/null
# a.c (simple, busy) became c.c (simple, also): git sees a rename, so only also is new.
check "diff BASE HEAD gates what changed between them" test "$(gated)" = "also"
printf '%s\n%s\n' "$simple" "$fresh" >e.c
"$ASSAY" diff -f json HEAD >"$TMP/p.json" 2>/dev/null
check "diff BASE against the work tree sees new files" test "$(gated)" = "fresh simple"
rm e.c
expect_status "diff without BASE is a usage error" 2 "$ASSAY" diff
# An edit that keeps the file's size, saved as editors do (a new file renamed over the
# old): libgit2 hashes the work-tree file for its id, an object that is in no database;
# the file is read from the work tree (with a cache, a row under that id hid the bug).
printf 'int same(int x)\n{\n\t/*...................*/\n\treturn x;\n}\n' >s.c
git add s.c && git commit -qm same
sleep 1.1	# the edit must not look racily clean to git's index
printf 'int same(int x)\n{\n\tif (x) x++; if (x) x--;\n\treturn x;\n}\n' >s.new && mv s.new s.c
"$ASSAY" diff --no-cache --ccn=2 -f json HEAD >"$TMP/p.json" 2>/dev/null
check "diff BASE: an edit that kept the file's size is measured and gated (exit 1)" test $? = 1
check "... the file was measured from the work tree" python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["files"]
sys.exit(0 if [x["status"] for x in f if x["path"].endswith("s.c")] == ["ok"] else 1)' "$TMP/p.json"
git checkout -q s.c

# A linked worktree.
git worktree add -q "$TMP/wt" 2>/dev/null
(cd "$TMP/wt" && printf '%s\n' "$fresh" >w.c && git add w.c && "$ASSAY" precommit -f json) >"$TMP/p.json" 2>/dev/null
check "precommit works in a linked worktree" test "$(gated)" = "fresh"

# A merge conflict.
git checkout -q -b other
printf 'int conflict(void) { return 1; }\n' >m.c
git add m.c && git commit -qm other
git checkout -q -
printf 'int conflict(void) { return 2; }\n' >m.c
git add m.c && git commit -qm main
git merge -q other >/dev/null 2>&1
expect_status "a merge conflict is an error" 2 "$ASSAY" precommit
check "... naming the file" grep -q 'merge conflicts; resolve them first: m.c' "$TMP/err"
# baseline write --staged would record the common ancestor's version (stage 1).
expect_status "baseline write --staged in a merge conflict is an error" 2 \
	"$ASSAY" baseline write --staged --no-cache
check "... naming the file, and writes no baseline" sh -c \
	"grep -q 'merge conflicts; resolve them first: m.c' '$TMP/err' && ! test -e .assay-baseline"
git merge --abort

# Concluding a merge: what the merged branch committed (gated there, or let through with
# --no-verify) is not this commit's change; what the resolution writes is.
git checkout -q -b side
printf 'int branchy(int a) { if (a) { if (a > 1) { if (a > 2) { return 3; } } } return 0; }\n' >side.c
git add side.c && git commit -qm side --no-verify
printf 'int conflict(void) { return 3; }\n' >m.c
git commit -qam 'side m' --no-verify
git checkout -q -
printf 'int conflict(void) { return 5; }\n' >m.c
git commit -qam 'main m' --no-verify
git merge -q side >/dev/null 2>&1
printf 'int conflict(void) { return 4; }\n' >m.c
git add m.c
expect_status "concluding a merge: the merged branch's own files are not gated (exit 0)" 0 \
	"$ASSAY" precommit --ccn=2
printf 'int conflict(int a) { if (a) { if (a > 1) { return 2; } } return 4; }\n' >m.c
git add m.c
expect_status "... what the resolution writes is (exit 1)" 1 "$ASSAY" precommit --ccn=2
git merge --abort
git reset -q --hard HEAD~1
git branch -q -D side
# An octopus merge: each merged branch's files (every MERGE_HEAD line).
for b in oct1 oct2; do
	git checkout -q -b "$b"
	printf 'int %s(int a) { if (a) { if (a > 1) { if (a > 2) { return 3; } } } return 0; }\n' "$b" >"$b.c"
	git add "$b.c" && git commit -qm "$b" --no-verify
	git checkout -q -
done
git merge --no-commit oct1 oct2 >/dev/null 2>&1
expect_status "an octopus merge: every merged branch's own files are not gated (exit 0)" 0 \
	"$ASSAY" precommit --ccn=2
git merge --abort 2>/dev/null || git reset -q --hard
git branch -q -D oct1 oct2
# An auto-merged file (both sides changed it, git merged it): the functions the merged
# branch brought as they are are not this commit's change; one the merge changes is.
printf 'int keep(int a) { return a; }\n\n\n\nint other(void) { return 0; }\n' >am.c
git add am.c && git commit -qm am --no-verify
git checkout -q -b amside
printf 'int keep(int a) { if (a) { if (a > 1) { if (a > 2) { return 3; } } } return a; }\n\n\n\nint other(void) { return 0; }\n' >am.c
git commit -qam 'amside' --no-verify
git checkout -q -
printf 'int keep(int a) { return a; }\n\n\n\nint other(void) { return 1; }\n' >am.c
git commit -qam 'main am' --no-verify
git merge --no-commit amside >/dev/null 2>&1
check "the file was merged by git (both sides in it)" sh -c "grep -q 'a > 2' am.c && grep -q 'return 1' am.c"
expect_status "an auto-merged file: the merged branch's functions as they are are not gated (exit 0)" 0 \
	"$ASSAY" precommit --ccn=2 --no-cache
cp am.c "$TMP/am.merged"
sed -n 's/^int keep(/int keep_copy(/p' am.c >>am.c && git add am.c
expect_status "... but a copy of one beside it, under another name, is new (exit 1)" 1 \
	"$ASSAY" precommit --ccn=2 --no-cache
cp "$TMP/am.merged" am.c && git add am.c
sed 's/return 3;/return 4;/' am.c >"$TMP/am.c" && cp "$TMP/am.c" am.c && git add am.c
expect_status "... one the merge changes is (exit 1)" 1 "$ASSAY" precommit --ccn=2 --no-cache
git merge --abort 2>/dev/null || git reset -q --hard
git branch -q -D amside
# Our branch renamed the file the merged branch changed: git merges their change into
# our name; their functions as they are are still not this commit's change (the merged
# tree has the file under its old name).
for i in 1 2 3 4 5 6 7 8; do printf 'int base%d(int a) { return a + %d; }\n' "$i" "$i"; done >rn.c
git add rn.c && git commit -qm rn --no-verify
git checkout -q -b rnside
printf 'int theirs(int a) { if (a) { if (a > 1) { if (a > 2) { return 3; } } } return a; }\n' >>rn.c
git commit -qam 'rnside' --no-verify
git checkout -q -
git mv rn.c renamed.c && { printf '/* ours */\n'; cat renamed.c; } >"$TMP/rn.c" && cp "$TMP/rn.c" renamed.c
git add renamed.c && git commit -qm 'main renames' --no-verify
git merge --no-commit rnside >/dev/null 2>&1
check "git merged their change into our renamed file" sh -c "grep -q theirs renamed.c && ! test -e rn.c"
expect_status "a file our branch renamed: the merged branch's functions as they are are not gated (exit 0)" 0 \
	"$ASSAY" precommit --ccn=2 --no-cache
sed 's/return 3;/return 4;/' renamed.c >"$TMP/rn.c" && cp "$TMP/rn.c" renamed.c && git add renamed.c
expect_status "... one the merge changes is (exit 1)" 1 "$ASSAY" precommit --ccn=2 --no-cache
git merge --abort 2>/dev/null || git reset -q --hard
git branch -q -D rnside
# A function moved to another file (extracted into a new one) is no change of the commit;
# a copy of one that stays is new, and so is the second of two copies of one that left.
mover='int mover(int a) { if (a) { if (a > 1) { if (a > 2) { return 3; } } } return a; }'
printf '%s\nint stay(void) { return 0; }\n' "$mover" >mv.c
git add mv.c && git commit -qm mv --no-verify
printf 'int stay(void) { return 0; }\n' >mv.c && printf '%s\n' "$mover" >mv_new.c
git add mv.c mv_new.c
expect_status "a function moved into a new file is not gated (exit 0)" 0 "$ASSAY" precommit --ccn=2 --no-cache
check "... the gate counts it unchanged" grep -q '0 new or changed functions' "$TMP/out"
printf '%s\n' "$mover" >mv_two.c && git add mv_two.c
expect_status "... moved into two files, the second copy is new (exit 1)" 1 "$ASSAY" precommit --ccn=2 --no-cache
check "... it alone" sh -c "grep -q 'mv_two.c:1: mover' '$TMP/out' && ! grep -q 'mv_new.c:1: mover' '$TMP/out'"
git rm -q --cached mv_two.c && rm mv_two.c
git checkout -q HEAD -- mv.c
expect_status "... a copy of one still in its file is new (exit 1)" 1 "$ASSAY" precommit --ccn=2 --no-cache
check "... naming the copy" grep -q 'mv_new.c:1: mover' "$TMP/out"
expect_status "... and --all gates every function of the changed files" 1 "$ASSAY" precommit --ccn=2 --no-cache --all
git rm -q --cached mv_new.c && rm mv_new.c
git rm -q mv.c && git commit -qm 'mv gone' --no-verify
# A file deleted and its functions moved to others (too little of it in any one for git
# to call it a rename): they are no change either.
{ printf '%s\n' "$mover"; for i in 1 2 3 4 5 6 7 8 9 10; do printf 'int filler%d(int a) { return a * %d + %d; }\n' "$i" "$i" "$i"; done; } >dl.c
git add dl.c && git commit -qm dl --no-verify
git rm -q dl.c && printf 'int other(void) { return 7; }\n%s\n' "$mover" >dl_new.c && git add dl_new.c
check "git sees a deletion and an addition, not a rename" sh -c "git diff --cached -M --name-status | grep -q '^D	dl.c'"
expect_status "a function moved out of a deleted file is not gated (exit 0)" 0 "$ASSAY" precommit --ccn=2 --no-cache
"$ASSAY" precommit --ccn=2 --no-cache -f json >"$TMP/p.json" 2>/dev/null
check "... the deleted file is not reported" python3 -c '
import json, sys
sys.exit(0 if [f["path"] for f in json.load(open(sys.argv[1]))["files"]] == ["dl_new.c"] else 1)' "$TMP/p.json"
expect_status "... nor with diff against the work tree" 0 "$ASSAY" diff --ccn=2 --no-cache HEAD
git reset -q --hard
# The deleted file's old version not measured in time (the budget): a function that may
# have moved out of it is not gated as new; its file is reported not reached.
{ printf '/* ASSAY-TEST-SLOW */\n%s\n' "$mover"; for i in 1 2 3 4 5 6 7 8 9 10; do printf 'int filler%d(int a) { return a * %d + %d; }\n' "$i" "$i" "$i"; done; } >dl.c
git add dl.c && git commit -qm 'dl slow' --no-verify
git rm -q dl.c && printf 'int other(void) { return 7; }\n%s\n' "$mover" >dl_new.c && git add dl_new.c
T=$(test_install)
"$T" precommit --ccn=2 -j1 --budget=1 -f json >"$TMP/p.json" 2>"$TMP/err"
check "a deleted file's old version not reached: the commit is not blocked as a violation (exit 0)" test $? -eq 0
check "... the file holding the moved function is reported not reached" \
	grep -q '"path":"dl_new.c","language":"c","status":"pending","reason":"not reached"' "$TMP/p.json"
git reset -q --hard
git rm -q dl.c
expect_status "a commit that only deletes a file measures nothing (not incomplete under block)" 0 \
	"$T" precommit --ccn=2 -j1 --budget=1 --on-error=block
git reset -q --hard

# The time budget: what it did not reach is listed; allow lets the commit through, block
# does not.
T=$(test_install)
for i in 1 2 3 4 5 6; do
	printf '/* ASSAY-TEST-SLOW */\nint slow%d(void) { return %d; }\n' "$i" "$i" >"s$i.c"
done
git add s?.c
"$T" precommit -j1 --budget=1 -f json >"$TMP/p.json" 2>"$TMP/err"
status=$?
check "past the budget the run ends, exit 0 with --on-error=allow" test "$status" -eq 0
check "the budget is an event" grep -q 'budget.exceeded' "$TMP/err"
check "files the budget did not reach are listed" grep -q '"status":"pending","reason":"not reached"' "$TMP/p.json"
expect_status "--on-error=block refuses an incomplete commit" 3 "$T" precommit -j1 --budget=1 --on-error=block -f json
check "... and its report says exit 3 too" grep -q '"exit_code":3' "$TMP/out"
"$ASSAY" config >"$TMP/cfg" 2>&1
check "assay config shows the 5 s budget precommit applies by default" \
	grep -q '^precommit.budget = 5 (default)' "$TMP/cfg"
printf '[precommit]\n\tbudget = off\n' >>.assay
git add .assay	# precommit reads the index's .assay
git rm -q --cached s4.c s5.c s6.c
"$T" precommit -j1 -f json >"$TMP/p.json" 2>"$TMP/err"
check "[precommit] budget = off: no budget, although the default is 5 s" \
	sh -c "! grep -q budget.exceeded '$TMP/err' && ! grep -q 'not reached' '$TMP/p.json'"
git reset -q
git checkout -q .assay
rm s?.c

# The pre-commit framework, from this repository's .pre-commit-hooks.yaml.
if command -v pre-commit >/dev/null 2>&1 && hooks_repo "$TMP/hooks"; then
	printf '%s\n' "$fresh" >f.c
	git add f.c
	PATH="$BUILD:$PATH" pre-commit try-repo "$TMP/hooks" assay >"$TMP/pc.out" 2>&1
	status=$?
	check "pre-commit try-repo runs assay and fails on a new violation" test "$status" -ne 0
	check "... saying why" grep -q 'fresh: CCN 4 (limit 2)' "$TMP/pc.out"
	git reset -q
	rm f.c
else
	not_ok "pre-commit (the Debian package) and git are needed"
fi

# File selection in a work tree: tracked and untracked files, not what git ignores.
sel="$TMP/sel"
git init -q "$sel"
cd "$sel" || exit 1
expect_status "diff HEAD with no commit yet: exit 2" 2 "$ASSAY" diff HEAD
check "... saying so (the error was empty)" grep -q "HEAD: no commit yet, nothing to compare with" "$TMP/err"
mkdir -p src build deep/er vendor/lib
printf 'int tracked(void) { return 0; }\n' >src/tracked.c
printf 'int untracked(void) { return 0; }\n' >src/new.c
printf 'int built(void) { return 0; }\n' >build/out.c
printf 'int nested(void) { return 0; }\n' >deep/er/skip.c
printf 'int local(void) { return 0; }\n' >src/local.c
printf 'int global(void) { return 0; }\n' >src/global.c
printf 'build/\n' >.gitignore
printf 'skip.c\n' >deep/er/.gitignore
printf 'local.c\n' >>.git/info/exclude
printf 'global.c\n' >"$TMP/excludes"
git config core.excludesFile "$TMP/excludes"
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 12345\n' \
	4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393 >src/big.c
# A script that merely starts with the pointer's version line is no pointer: measured.
printf 'version https://git-lfs.github.com/spec/v1\nint lfs_like(int a) { if (a) return 1; return 0; }\n' >src/lfs_like.c
# ... nor one that has a pointer's three lines, then code.
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 1\nint lfs_tail(int a) { if (a) return 1; return 0; }\n' \
	4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393 >src/lfs_tail.c
git add src/tracked.c src/big.c src/lfs_like.c src/lfs_tail.c .gitignore deep/er/.gitignore
git commit -qm sel
git -c protocol.file.allow=always submodule add -q "$repo" vendor/sub >/dev/null 2>&1
"$ASSAY" --no-cache -f json . >"$TMP/sel.json" 2>/dev/null
listed() {
	python3 -c 'import json,sys
print(" ".join(sorted(f["path"] + ("=" + f["status"] if f["status"] != "ok" else "")
      for f in json.load(open(sys.argv[1]))["files"] if f["path"].endswith(".c") or "sub" in f["path"])))' "$TMP/sel.json"
}
got=$(listed)
case " $got " in *" src/tracked.c "*) ok "a tracked file is analyzed" ;; *) not_ok "a tracked file is analyzed ($got)" ;; esac
case " $got " in *" src/new.c "*) ok "an untracked, unignored file is analyzed" ;; *) not_ok "an untracked file is analyzed ($got)" ;; esac
check "an ignored directory is not entered" sh -c "! echo '$got' | grep -q build/"
check "a nested .gitignore is honoured" sh -c "! echo '$got' | grep -q skip.c"
check ".git/info/exclude is honoured" sh -c "! echo '$got' | grep -q local.c"
check "core.excludesFile is honoured" sh -c "! echo '$got' | grep -q global.c"
check "a git-lfs pointer is skipped as such" grep -q '"path":"src/big.c","language":"c","status":"skipped","reason":"git-lfs pointer' "$TMP/sel.json"
check "... a file that only starts with its version line is measured (a way past --strict)" \
	grep -q '"path":"src/lfs_like.c","language":"c","status":"partial"\|"path":"src/lfs_like.c","language":"c","status":"ok"' "$TMP/sel.json"
check "... and one with code after a pointer's lines" \
	grep -q '"path":"src/lfs_tail.c","language":"c","status":"partial"\|"path":"src/lfs_tail.c","language":"c","status":"ok"' "$TMP/sel.json"
if [ -d vendor/sub ]; then
	check "a submodule is reported as skipped" grep -q '"path":"vendor/sub","language":null,"status":"skipped","reason":"git submodule' "$TMP/sel.json"
fi
"$ASSAY" --no-cache -f json build >"$TMP/named.json" 2>"$TMP/named.err"
check "a directory named on the command line that git ignores is walked whole" \
	grep -q '"path":"build/out.c","language":"c","status":"ok"' "$TMP/named.json"
check "... and assay says git ignores it" grep -q "build: git ignores this directory" "$TMP/named.err"
"$ASSAY" --no-cache --no-git -f json . >"$TMP/sel.json" 2>/dev/null
check "--no-git walks every file" sh -c "listed() { :; }; grep -q 'build/out.c' '$TMP/sel.json' && grep -q 'deep/er/skip.c' '$TMP/sel.json'"

# assay cache warm: a revision's files, from git objects, into the cache.
cd "$repo" || exit 1
export ASSAY_CACHE_DIR="$TMP/warm-cache"
expect_status "cache warm HEAD" 0 "$ASSAY" cache warm
check "cache warm says what it analyzed" grep -qE '^HEAD: [0-9]+ files, 0 already cached, [1-9][0-9]* analyzed$' "$TMP/out"
"$ASSAY" -f json . >"$TMP/w.json" 2>/dev/null
check "a run after cache warm hits every file" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["cache"]
sys.exit(0 if c["misses"] == 0 and c["hits"] > 0 else 1)' "$TMP/w.json"
expect_status "cache warm of a revision that is not there" 2 "$ASSAY" cache warm no-such-rev

# A repository named by GIT_DIR and GIT_WORK_TREE (no .git in the work tree).
sep="$TMP/sep"
mkdir -p "$sep/wt/build"
printf 'build/\n' >"$sep/wt/.gitignore"
printf 'int kept(void) { return 0; }\n' >"$sep/wt/kept.c"
printf 'int built(void) { return 0; }\n' >"$sep/wt/build/out.c"
GIT_DIR="$sep/meta" git init -q
(cd "$sep/wt" && GIT_DIR="$sep/meta" GIT_WORK_TREE="$sep/wt" "$ASSAY" --no-cache -f json .) >"$TMP/sep.json" 2>/dev/null
check "GIT_DIR/GIT_WORK_TREE: git's ignore rules apply" \
	sh -c "grep -q '\"path\":\"kept.c\"' '$TMP/sep.json' && ! grep -q 'build/out.c' '$TMP/sep.json'"
printf 'int fresh(int a, int b, int c) { if (a || b || c) return 1; return 0; }\n' >"$sep/wt/new.c"
(cd "$sep/wt" && GIT_DIR="$sep/meta" GIT_WORK_TREE="$sep/wt" git add new.c \
	&& GIT_DIR="$sep/meta" GIT_WORK_TREE="$sep/wt" "$ASSAY" precommit --no-cache -C 2 -f json) >"$TMP/p.json" 2>/dev/null
check "GIT_DIR/GIT_WORK_TREE: precommit reads that index" test "$(gated)" = "fresh"
# From a directory outside the work tree (as a tool that sets both may run it): the work
# tree's .assay applies and paths are from its top, as git's are.
printf '[threshold]\n\tccn = 2\n' >"$sep/wt/.assay"
(cd "$sep/wt" && GIT_DIR="$sep/meta" GIT_WORK_TREE="$sep/wt" git add .assay)
(cd "$TMP" && GIT_DIR="$sep/meta" GIT_WORK_TREE="$sep/wt" "$ASSAY" precommit --no-cache -f json) \
	>"$TMP/p.json" 2>/dev/null
check "GIT_DIR/GIT_WORK_TREE from outside the work tree: its .assay applies" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
f = [f for f in r["files"] if f["path"] == "new.c"]
sys.exit(not (f and f[0]["units"][0]["violations"] == ["ccn"]))' "$TMP/p.json"
(cd "$sep/wt" && GIT_DIR="$sep/meta" GIT_WORK_TREE="$sep/wt" git rm -qf .assay)

# The gate never fails open: with no worker able to start and --allow-unsandboxed, the
# in-process analysis reads the same staged or committed blobs as the workers would, not
# the work tree. The staged (and committed) version has a function of CCN 16; the work
# tree has it back at CCN 1.
open="$TMP/failopen"
git_repo "$open"
printf 'int gate(int a) { return a; }\n' >g.c
git add g.c && git commit -qm calm
cond=''
for i in $(seq 1 15); do cond="$cond if (a == $i) return $i;"; done
printf 'int gate(int a) {%s return 0; }\n' "$cond" >g.c
git add g.c
printf 'int gate(int a) { return a; }\n' >g.c
mkdir -p "$TMP/noworker"
cp "$ASSAY" "$TMP/noworker/assay"
printf '#!/bin/sh\nexit 1\n' >"$TMP/noworker/assay-worker"
chmod +x "$TMP/noworker/assay-worker"
with_core "$TMP/noworker"
expect_status "fail-open: precommit with workers fails on the staged CCN 16" 1 \
	"$ASSAY" precommit --no-cache
expect_status "fail-open: precommit in-process fails on it too" 1 \
	"$TMP/noworker/assay" precommit --no-cache --allow-unsandboxed
check "fail-open: ... and says it analyzed in-process" grep -q 'WITHOUT any sandbox' "$TMP/err"
git commit -qm busy
expect_status "fail-open: diff with workers fails on the committed CCN 16" 1 \
	"$ASSAY" diff --no-cache HEAD~1 HEAD
expect_status "fail-open: diff in-process fails on it too" 1 \
	"$TMP/noworker/assay" diff --no-cache --allow-unsandboxed HEAD~1 HEAD

# A FIFO where the index should be: libgit2 would block on it forever.
fifo="$TMP/fifo-index"
git init -q "$fifo"
rm -f "$fifo/.git/index"
mkfifo "$fifo/.git/index"
(cd "$fifo" && timeout 10 "$ASSAY" precommit) >"$TMP/out" 2>"$TMP/err"
status=$?
check "a FIFO .git/index fails precommit with exit 2, without hanging" test "$status" -eq 2
check "... naming the index and the cause" grep -q '.git/index: the git index is a FIFO, not a regular file' "$TMP/err"
# A split index (core.splitIndex): precommit cannot read it yet, and says how to undo it.
git init -q "$TMP/split" && (cd "$TMP/split" && printf 'int f(void) { return 0; }\n' >d.c \
	&& git add d.c && git update-index --split-index && printf 'int f(void) { return 1; }\n' >d.c \
	&& git add d.c && "$ASSAY" precommit) >"$TMP/out" 2>"$TMP/err"
check "a split index: precommit exits 2" test $? -eq 2
check "... saying how to make the index whole" grep -q 'a split index.*git update-index --no-split-index' "$TMP/err"
(cd "$TMP/split" && "$ASSAY" config --staged) >"$TMP/out" 2>"$TMP/err"
check "config --staged over a split index: exit 2, naming the index file" sh -c \
	"test $? -eq 2 && grep -q 'no index to read it from (.*split/.git/index: cannot read it' '$TMP/err'"
# A sparse index (git sparse-checkout --sparse-index): the same, with its own way back.
git init -q "$TMP/sparse-index" && (cd "$TMP/sparse-index" && mkdir a b \
	&& printf 'int f(void) { return 0; }\n' >a/x.c && printf 'int g(void) { return 0; }\n' >b/y.c \
	&& git add -A && git commit -qm i && git sparse-checkout set --cone --sparse-index a \
	&& "$ASSAY" precommit) >"$TMP/out" 2>"$TMP/err"
check "a sparse index: precommit exits 2" test $? -eq 2
check "... saying how to make the index whole" \
	grep -q 'a sparse index.*git sparse-checkout init --no-sparse-index' "$TMP/err"
# GIT_INDEX_FILE (git commit -a and git commit PATH run the hook with one) that cannot
# be read: the file and the cause, not "not in a git repository".
rm -f "$fifo/.git/index"
printf 'DIRC junk' >"$TMP/bad-index"
(cd "$fifo" && GIT_INDEX_FILE="$TMP/bad-index" "$ASSAY" precommit) >"$TMP/out" 2>"$TMP/err"
check "an unreadable GIT_INDEX_FILE: exit 2" test $? -eq 2
check "... naming it and the cause, not 'not in a git repository'" sh -c \
	"grep -q 'bad-index (GIT_INDEX_FILE): cannot read it' '$TMP/err' && ! grep -q 'not in a git repository' '$TMP/err'"

# A decompression bomb: 400 MB of zeros is a blob of about 400 KB. Its size is read from
# the object's header and it is skipped as too large without being inflated, by
# precommit, diff and cache warm, also as a rename candidate (a file deleted beside it).
bomb="$TMP/bomb"
git init -q "$bomb"
cd "$bomb" || exit 1
printf 'int gone(void) { return 0; }\n' >gone.c
git add gone.c
git -c user.name=t -c user.email=t@t commit -qm gone
git rm -q --cached gone.c
oid=$(head -c 400M /dev/zero | git hash-object -w --stdin)
git update-index --add --cacheinfo "100644,$oid,bomb.c"
peak() {	# peak NAME ARGS...: runs assay ARGS, its peak memory in MB and its stdout
	name=$1
	shift
	python3 - "$ASSAY" "$@" >"$TMP/$name.out" 2>&1 <<'PY'
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print("peak", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
print(p.stdout)
PY
	sed -n 's/^peak //p' "$TMP/$name.out"
}
mb=$(peak bomb precommit --no-cache -f json)
check "a staged decompression bomb is skipped as too large" \
	grep -q '"path":"bomb.c","language":"c","status":"skipped","reason":"too large (419430400 bytes' "$TMP/bomb.out"
check "... without being inflated by precommit (peak under 200 MB: $mb)" test "$mb" -lt 200
git -c user.name=t -c user.email=t@t commit -qm bomb
mb=$(peak bombdiff diff HEAD~1 HEAD --no-cache -f json)
check "... nor by diff (peak under 200 MB: $mb)" test "$mb" -lt 200
mb=$(ASSAY_CACHE_DIR="$TMP/bomb-cache" peak bombwarm cache warm HEAD)
check "... nor by cache warm (peak under 200 MB: $mb)" test "$mb" -lt 200
cd "$TMP" || exit 1
