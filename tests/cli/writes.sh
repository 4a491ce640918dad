# writes.sh - the files assay writes (reports, the metrics file, the trace, baselines,
# cache exports, the git hook) in a tree built to hurt: links planted at the names a
# temporary file used to have (<target>.tmp<pid>, pre-commit.assay-tmp), a target that is
# a link, a directory of the path that is a link, a FIFO where the hook goes. Nothing may
# be written through a link, and a refusal names the path and says why.
. "$(dirname "$0")/lib.shinc"

t="$TMP/tree"
mkdir -p "$t" "$TMP/elsewhere"
cd "$t" || exit 1
printf 'int f(int a) { if (a) return 1; return 0; }\n' >f.c
victim="$TMP/victim"
printf 'precious\n' >"$victim"
chmod 0600 "$victim"
intact() { test "$(cat "$victim")" = precious && test "$(stat -c %a "$victim")" = 600; }

# with_planted NAME CMD...: runs CMD as the same process that plants links to the victim
# at NAME.tmp<its pid> (the old temporary name), so a write through one would show.
with_planted() {
	name=$1
	shift
	sh -c 'ln -s "$0" "$1.tmp$$"; shift; exec "$@"' "$victim" "$name" "$@" >"$TMP/out" 2>"$TMP/err"
}

with_planted out.sarif "$ASSAY" --no-cache -f sarif -o out.sarif f.c
check "-o: a link at the temporary name is not written through" intact
check "-o: the report is written" grep -q '"version": *"2.1.0"' out.sarif
with_planted m.prom "$ASSAY" --no-cache --metrics-file m.prom f.c
check "--metrics-file: a link at the temporary name is not written through" intact
check "--metrics-file: the file is written" grep -q '^assay_' m.prom
with_planted trace.json "$ASSAY" --no-cache --trace trace.json f.c
check "--trace: a link at the temporary name is not written through" intact
with_planted .assay-baseline "$ASSAY" --no-cache baseline write
check "baseline write: a link at the temporary name is not written through" intact
with_planted exported "$ASSAY" cache export exported
check "cache export: a link at the temporary name is not written through" intact
check "cache export: the export is written" test -s exported
check "no temporary file is left beside the targets" \
	sh -c "! ls -a '$t' | grep -q '^\.assay-.*\.tmp$'"

ln -s "$victim" linked.sarif
expect_status "-o to a link is refused before anything is measured: exit 2" 2 \
	"$ASSAY" --no-cache -o linked.sarif f.c
check "... and the victim is intact" intact
check "... saying why" grep -q 'linked.sarif: is a symbolic link, which assay never writes through' "$TMP/err"
check "... and no report was written: nothing was measured" test ! -s "$TMP/out"
expect_status "--trace to a link is refused before anything is measured: exit 2" 2 \
	"$ASSAY" --no-cache --trace linked.sarif f.c
check "... saying why" grep -q 'cannot write the trace: linked.sarif: is a symbolic link' "$TMP/err"
expect_status "precommit -o to a link is refused too: exit 2" 2 \
	"$ASSAY" precommit --no-git -o linked.sarif
check "... saying why" grep -q 'linked.sarif: is a symbolic link, which assay never writes through' "$TMP/err"
expect_status "-o where no file can be made (/proc): exit 2, before measuring" 2 \
	"$ASSAY" --no-cache -o /proc/assay-report.json f.c
check "... saying so" grep -q "/proc/assay-report.json: cannot create a file beside it" "$TMP/err"
if [ "$(id -u)" = 0 ]; then	# another user's file in a sticky folder: only its owner may replace it
	mkdir -p "$TMP/sticky" && chmod 1777 "$TMP/sticky" && printf 'old\n' >"$TMP/sticky/r.json"
	cp f.c "$TMP/sticky/f.c" && chmod 755 "$TMP" && chmod 644 "$TMP/sticky/f.c"
	expect_status "-o over another user's file in a sticky folder: exit 2, before measuring" 2 \
		setpriv --reuid=1500 --regid=1500 --clear-groups env HOME="$TMP/sticky" \
		XDG_CONFIG_HOME="$TMP/sticky" "$ASSAY" --no-cache -o "$TMP/sticky/r.json" "$TMP/sticky/f.c"
	check "... saying why" grep -q "r.json: belongs to uid 0 in a sticky folder" "$TMP/err"
	chmod 700 "$TMP"
fi
expect_status "cache export to a link: exit 2, as -o" 2 "$ASSAY" cache export linked.sarif
check "... saying why" grep -q "linked.sarif: is a symbolic link" "$TMP/err"
expect_status "-o into a folder that is not there: exit 2, before measuring" 2 \
	"$ASSAY" --no-cache -o nowhere/r.json f.c
check "... naming the folder" grep -q "nowhere/r.json: cannot open the directory 'nowhere'" "$TMP/err"
ln -s "$TMP/elsewhere" reports
expect_status "-o through a linked directory is refused" 2 "$ASSAY" --no-cache -o reports/r.json f.c
check "... nothing is written there" test ! -e "$TMP/elsewhere/r.json"
check "... saying which component" grep -q "reports/r.json: 'reports' is a symbolic link" "$TMP/err"
rm -f .assay-baseline
ln -s "$victim" .assay-baseline
expect_status "baseline write to a link is refused: exit 2, the repository's to fix" 2 \
	"$ASSAY" --no-cache baseline write
check "... and the victim is intact" intact
check "... saying what to do" grep -q "\.assay-baseline: is a symbolic link, which assay never writes through (remove it: " "$TMP/err"
rm .assay-baseline
mkfifo fifo.json
expect_status "-o to a FIFO is refused" 2 "$ASSAY" --no-cache -o fifo.json f.c
check "... saying why" grep -q 'fifo.json: exists and is a FIFO, not a regular file' "$TMP/err"

# The hook: a hooks folder inside the work tree (husky style) is the repository's to shape.
git init -q "$TMP/repo"
cd "$TMP/repo" || exit 1
git config core.hooksPath .githooks
mkdir .githooks
ln -s "$victim" .githooks/pre-commit.assay-tmp
expect_status "hook install with a planted temporary link" 0 "$ASSAY" hook install
check "... does not write through it" intact
check "... installs an executable hook" test -x .githooks/pre-commit
rm .githooks/pre-commit .githooks/pre-commit.assay-tmp
ln -s "$victim" .githooks/pre-commit
expect_status "a hook that is a link is not replaced, even with --force" 2 "$ASSAY" hook install --force
check "... the victim is intact and not made executable" intact
check "... saying why" grep -q 'pre-commit: is a symbolic link, not a regular file' "$TMP/err"
expect_status "hook uninstall leaves a linked hook alone" 2 "$ASSAY" hook uninstall
check "... the link is still there" test -L .githooks/pre-commit
rm .githooks/pre-commit
mkfifo .githooks/pre-commit
expect_status "a FIFO where the hook goes is reported, without hanging" 2 \
	timeout 10 "$ASSAY" hook install --force
check "... saying it is a FIFO" grep -q 'pre-commit: is a FIFO, not a regular file' "$TMP/err"
rm .githooks/pre-commit
mkdir .githooks/pre-commit
expect_status "a directory where the hook goes is reported" 2 "$ASSAY" hook install --force
check "... saying it is a directory" grep -q 'pre-commit: is a directory, not a regular file' "$TMP/err"
rmdir .githooks/pre-commit
rmdir .githooks
ln -s "$TMP/elsewhere" .githooks
expect_status "a hooks folder that is a link is refused" 2 "$ASSAY" hook install
check "... nothing is written there" test ! -e "$TMP/elsewhere/pre-commit"
rm .githooks

# core.hooksPath starting with ~ is the home directory, as git reads it (set in the
# user's own configuration: the repository's may not lead outside it, hook.sh).
mkdir -p "$TMP/home"
git config --unset core.hooksPath
HOME="$TMP/home" git config --global core.hooksPath '~/hooks'
HOME="$TMP/home" "$ASSAY" hook install >"$TMP/out" 2>"$TMP/err"
check "core.hooksPath ~/hooks is under HOME" test -x "$TMP/home/hooks/pre-commit"
check "... and not a folder named ~" test ! -e "$TMP/repo/~"
HOME="$TMP/home" git config --global --unset core.hooksPath

# core.hooksPath naming folders a fresh clone does not have yet: each one is made.
git config core.hooksPath tools/git/hooks
expect_status "core.hooksPath tools/git/hooks, tools missing: installed" 0 "$ASSAY" hook install
check "... an executable hook there" test -x tools/git/hooks/pre-commit
rm -rf tools
ln -s "$TMP/elsewhere" tools
expect_status "... but not through a link on the way" 2 "$ASSAY" hook install
check "... nothing made there" test ! -e "$TMP/elsewhere/git"
rm tools

# A bare repository: a relative core.hooksPath is taken from $GIT_DIR, where git runs its
# hooks, not from the current directory.
git init -q --bare "$TMP/bare.git"
git -C "$TMP/bare.git" config core.hooksPath hk/a
mkdir -p "$TMP/cwd" && cd "$TMP/cwd" || exit 1
expect_status "hook install in a bare repository" 0 env GIT_DIR="$TMP/bare.git" "$ASSAY" hook install
check "... under \$GIT_DIR, where git runs hooks" test -x "$TMP/bare.git/hk/a/pre-commit"
check "... nothing made in the current directory" test ! -e "$TMP/cwd/hk"
