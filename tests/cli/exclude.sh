# exclude.sh - one glob dialect (gitignore's, src/files/glob.h) for -x on the command line and
# [exclude] path in .assay: a table of globs, each run both ways on the same tree, each
# excluding exactly the files a person reading gitignore's rules expects. And the hint
# for a lizard-style -x glob that excludes nothing.
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git_repo "$repo"
for f in top.c src/a.c src/sub/b.c src/gen/g.c lib/src/c.c tests/t.c src/tests/u.c \
	vendor/v.c lib/vendor/w.c x.gen.c src/y.gen.c; do
	mkdir -p "$(dirname "$f")"
	printf 'int f(void) { return 0; }\n' >"$f"
done

# excluded_by ARGS...: the tree's .c files the run did not measure, sorted, space-separated
# (a folder -x excludes is not even walked: it is in the report as one entry). The
# tree's vendor/ folders are there for the globs: --include-vendored keeps them in.
excluded_by() {
	"$ASSAY" --no-cache --include-vendored -f json "$@" >"$TMP/ex.json" 2>"$TMP/ex.err"
	git ls-files -o --exclude-standard '*.c' | sort >"$TMP/all"
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
measured = {f["path"] for f in r["files"] if f["status"] == "ok"}
print(" ".join(p for p in open(sys.argv[2]).read().split() if p not in measured))' \
		"$TMP/ex.json" "$TMP/all"
}

# case GLOB EXPECTED...: -x GLOB and [exclude] path = GLOB both exclude exactly EXPECTED.
case_glob() {
	glob=$1
	shift
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//')
	rm -f .assay
	got_cli=$(excluded_by -x "$glob" .)
	printf '[exclude]\n\tpath = %s\n' "$glob" >.assay
	got_file=$(excluded_by .)
	rm -f .assay
	check "-x '$glob' excludes: ${want:-nothing}" test "$got_cli" = "$want"
	check "[exclude] path = $glob excludes the same" test "$got_file" = "$want"
}

case_glob 'src/*.c' src/a.c src/y.gen.c
case_glob '*.c' top.c src/a.c src/sub/b.c src/gen/g.c lib/src/c.c tests/t.c src/tests/u.c \
	vendor/v.c lib/vendor/w.c x.gen.c src/y.gen.c
case_glob '/*.c' top.c x.gen.c
case_glob '*.gen.c' x.gen.c src/y.gen.c
case_glob 'src/**/*.c' src/a.c src/sub/b.c src/gen/g.c src/tests/u.c src/y.gen.c
case_glob '**/tests/**' tests/t.c src/tests/u.c
case_glob 'tests' tests/t.c src/tests/u.c
case_glob '/tests' tests/t.c
case_glob 'vendor/' vendor/v.c lib/vendor/w.c
case_glob 'src/gen' src/gen/g.c
case_glob 'src/?.c' src/a.c
case_glob '*/tests/*' src/tests/u.c

# Every file or folder excluded is in the report, skipped as excluded: a folder -x matches
# is one entry (not walked), [exclude] lists its files.
"$ASSAY" --no-cache -x src/gen -f json . >"$TMP/ex.json" 2>/dev/null
check "-x FOLDER: the folder is in the JSON report, skipped as excluded" python3 -c 'import json, sys
f = {f["path"]: (f["status"], f.get("reason")) for f in json.load(open(sys.argv[1]))["files"]}
sys.exit(f.get("src/gen") != ("skipped", "excluded") or "src/gen/g.c" in f)' "$TMP/ex.json"
"$ASSAY" --no-cache -x src/gen . >"$TMP/ex.txt" 2>&1
check "... and the text summary counts it" grep -q " skipped (.*1 excluded)" "$TMP/ex.txt"

# A lizard-style glob ('*' crossing '/') that excludes nothing says so, once, with the
# gitignore glob that would, and excludes nothing.
got=$(excluded_by -x 'lib/*.c' .)
check "-x 'lib/*.c' excludes nothing ('*' does not cross '/')" test -z "$got"
check "... and a hint names a file lizard's reading would take and the glob for it" \
	grep -q "warning: -x 'lib/\*.c' excluded nothing: '\*' does not cross '/' .* lib/src/c.c; did you mean 'lib/\*\*/\*.c'? \[exclude.unmatched\]" "$TMP/ex.err"
excluded_by -x 'lib/**/*.c' . >/dev/null
check "the suggested glob gives no hint" test ! -s "$TMP/ex.err"
excluded_by -x 'li*.c' . >/dev/null
check "a glob no rewrite fixes is not suggested back: how to write one instead" sh -c \
	"grep -q \"excluded nothing.*write the folders out\" '$TMP/ex.err' && ! grep -q \"did you mean 'li\\*.c'\" '$TMP/ex.err'"
got=$(excluded_by -x 'nothing/*.c' .)
check "a glob that matches nothing either way gives no hint" test ! -s "$TMP/ex.err"
# A symbolic link -x names is excluded, as a file is: not skipped as a link (which
# --fail-on=skipped fails on), nor said to have excluded nothing.
ln -s src/a.c linked.c
"$ASSAY" --no-cache -x linked.c --fail-on=skipped . >"$TMP/out" 2>"$TMP/err"
status=$?
check "-x LINK excludes the link (exit $status, want 0 with --fail-on=skipped)" test "$status" -eq 0
check "... without saying -x excluded nothing" sh -c "! grep -q 'excluded nothing' '$TMP/err'"
rm linked.c
