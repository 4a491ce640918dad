# framework.sh - the pre-commit framework's hooks of .pre-commit-hooks.yaml, run offline by
# pre-commit itself (language: system, assay on PATH): `assay` gates the staged changes,
# `assay-all` measures the files pre-commit passes (so --all-files checks them all), its
# types select a file of every language assay reads that identify has a tag for, and a
# run with no matching file is skipped, not a run of assay over the whole tree.
. "$(dirname "$0")/lib.shinc"

if ! command -v pre-commit >/dev/null 2>&1 || ! hooks_repo "$TMP/hooks"; then
	not_ok "pre-commit (the Debian package) and git are needed"
	exit 0
fi
expect_status "pre-commit validate-manifest accepts .pre-commit-hooks.yaml (every type tag known)" \
	0 pre-commit validate-manifest "$SRC/.pre-commit-hooks.yaml"

git_repo "$TMP/repo"
printf '[threshold]\n\tccn = 2\n' >.assay
printf 'int busy(int a, int b, int c) { if (a && b && c) return 1; return 0; }\n' >busy.c
printf 'def fine():\n    return 1\n' >fine.py
printf 'not code\n' >notes.txt
git add -A
git commit -qm one
# try HOOK ARGS...: pre-commit try-repo of this checkout (its uncommitted changes too).
try() {
	hook=$1
	shift
	PATH="$BUILD:$PATH" pre-commit try-repo "$TMP/hooks" "$hook" "$@" >"$TMP/pc.out" 2>&1
}
try assay-all --all-files
check "assay-all --all-files fails on a committed violation" test $? -eq 1
check "... saying why" grep -q 'busy.c:1: busy: CCN 4 (limit 2)' "$TMP/pc.out"
check "... having measured the source files it was given" \
	grep -q '2 files analyzed (2 ok' "$TMP/pc.out"
try assay-all --files fine.py
check "assay-all passes on a clean file" test $? -eq 0
try assay-all --files notes.txt
check "assay-all with no file of its types passes" test $? -eq 0
check "... skipped by pre-commit (assay does not measure the whole tree)" \
	grep -q 'no files to check.*Skipped' "$TMP/pc.out"
try assay --all-files
check "assay (precommit) --all-files: nothing staged, nothing checked" test $? -eq 0

# One file of each language identify tags (Elixir and Elm have no tag there): each is
# passed to assay and measured.
git rm -q busy.c
for f in a.c a.cc a.py a.pyi a.js a.jsx a.ts a.tsx a.go a.rs A.java a.cs a.kt a.rb a.php \
	a.swift a.scala a.lua a.dart a.sh a.m a.vue a.svelte a.zig a.gd a.ps1 a.sol a.pl a.hs \
	a.ml a.jl a.groovy a.v a.sv a.sql; do
	printf '\n' >"$f"
done
git add -A
git commit -qm languages
try assay-all --all-files --verbose
check "assay-all selects a file of every language identify tags (35 files, 32 languages, and fine.py)" \
	grep -q '36 files analyzed' "$TMP/pc.out"
printf 'val x : int\n' >a.mli && git add a.mli
try assay-all --files a.mli
check "assay-all given only a file of its types that assay does not measure (.mli) passes" test $? -eq 0
