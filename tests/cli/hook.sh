# hook.sh - the installed pre-commit hook outlives the binary that wrote it: it runs the
# recorded binary (whatever its path holds: quotes, spaces, $, backticks) while it is
# there, else assay on PATH, else it says assay is missing and lets the commit through, or
# refuses it when installed with --on-error=block. An older assay hook (v1) is replaced
# without --force; a foreign one still is not.
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git_repo "$repo"
printf '[threshold]\n\tccn = 2\n' >.assay
printf 'int simple(int a) { if (a) return 1; return 0; }\n' >a.c
git add .assay a.c
git commit -qm one
# The system's PATH without any assay: where git and sh are.
bare=/usr/bin:/bin
busy='int busy(int a, int b, int c) { if (a && b && c) return 1; return 0; }'

# A copy of assay and its worker in a folder whose name sh would misread unquoted.
moved="$TMP/it's a \$HOME \`true\` dir"
place() {
	mkdir -p "$moved"
	cp "$BUILD/assay" "$moved/assay"
	cp "$BUILD/assay-worker" "$moved/assay-worker"
}
# commit NAME WANT [PATH-FOR-THE-HOOK]: a clean change committed through the hook.
n=0
commit() {
	n=$((n + 1))
	printf 'int f%d(void) { return 0; }\n' "$n" >"f$n.c"
	git add "f$n.c"
	expect_status "$1" "$2" env PATH="${3:-$bare}" git commit -qm "f$n"
	[ "$2" -eq 0 ] || git reset -q
}

place
expect_status "hook install from a folder named with ', spaces, \$ and backticks" 0 \
	"$moved/assay" hook install
check "the hook is executable" test -x .git/hooks/pre-commit
commit "the hook runs the recorded binary, whatever its path holds" 0
printf '%s\n' "$busy" >b.c
git add b.c
expect_status "... which gates the commit" 1 env PATH="$bare" git commit -qm busy
check "... saying why" grep -q 'busy: CCN 4 (limit 2)' "$TMP/out" "$TMP/err"
git reset -q
rm b.c

rm -rf "$moved"
commit "the binary gone and no assay on PATH: the commit goes through" 0
check "... saying assay was not found" grep -q 'assay not found' "$TMP/err"
check "... and how to put it back" \
	sh -c "grep -q 'make install' '$TMP/err' && grep -q 'assay hook install' '$TMP/err'"
printf '%s\n' "$busy" >b.c
git add b.c
expect_status "the binary gone, assay on PATH: that one gates the commit" 1 \
	env PATH="$BUILD:$bare" git commit -qm busy
git reset -q
rm b.c
commit "... and lets a clean one through" 0 "$BUILD:$bare"

# The issue's case: a plain path, the binary moved away, an explicit --on-error=allow.
mkdir "$TMP/plain"
cp "$BUILD/assay" "$BUILD/assay-worker" "$TMP/plain/"
expect_status "hook install --on-error=allow from a plain folder" 0 "$TMP/plain/assay" hook \
	install --on-error=allow
mv "$TMP/plain" "$TMP/elsewhere"
commit "--on-error=allow: the binary moved, no assay on PATH, the commit goes through" 0
check "... saying assay was not found" grep -q 'assay not found' "$TMP/err"

place
expect_status "hook install --on-error=block" 0 "$moved/assay" hook install --on-error=block
check "... recorded for precommit too" grep -q 'precommit --on-error=block' .git/hooks/pre-commit
rm -rf "$moved"
commit "--on-error=block: no assay anywhere refuses the commit" 1
check "... saying assay was not found" grep -q 'assay not found' "$TMP/err"
check "... and why the commit is refused" grep -q 'Commit refused (on-error is block)' "$TMP/err"
expect_status "hook install --on-error=maybe is a usage error" 2 "$ASSAY" hook install \
	--on-error=maybe

# An older assay hook is assay's: replaced without --force. A foreign one is not.
printf '#!/bin/sh\n# written by assay hook install (assay-hook v1)\nexec %s precommit\n' \
	"'/gone/assay'" >.git/hooks/pre-commit
expect_status "an assay-hook v1 hook is replaced without --force" 0 "$ASSAY" hook install
check "... by the current format" grep -q 'assay-hook v3' .git/hooks/pre-commit
commit "... which finds assay" 0 "$BUILD:$bare"
# A hook assay wrote, edited since (another check added): not replaced nor removed
# without --force; the one assay wrote before the sum line (v2) still is.
printf 'echo another check\n' >>.git/hooks/pre-commit
expect_status "an assay hook edited since is not replaced" 2 "$ASSAY" hook install
check "... nor changed" grep -q '^echo another check$' .git/hooks/pre-commit
check "... saying it was edited" grep -q "has been edited since; not replacing it" "$TMP/err"
expect_status "... nor removed" 2 "$ASSAY" hook uninstall
expect_status "hook install --force replaces it" 0 "$ASSAY" hook install --force
check "... with the hook as assay writes it" sh -c "! grep -q '^echo another check$' .git/hooks/pre-commit"
printf 'echo another check\n' >>.git/hooks/pre-commit
expect_status "hook uninstall --force removes it" 0 "$ASSAY" hook uninstall --force
check "... it is gone" test ! -e .git/hooks/pre-commit
"$ASSAY" hook install >/dev/null 2>&1
sed '$d' .git/hooks/pre-commit >"$TMP/nosum" && printf 'echo another check\n' >>"$TMP/nosum"
cp "$TMP/nosum" .git/hooks/pre-commit
expect_status "an assay hook whose sum line was taken out is not removed" 2 "$ASSAY" hook uninstall
rm .git/hooks/pre-commit
printf '#!/bin/sh\n# written by assay hook install (assay-hook v2)\necho edited\n' >.git/hooks/pre-commit
expect_status "an assay-hook v2 hook (no sum line) is replaced without --force" 0 "$ASSAY" hook install
printf '#!/bin/sh\nexit 0\n' >.git/hooks/pre-commit
expect_status "a foreign hook is still not replaced" 2 "$ASSAY" hook install
check "... nor changed" grep -q '^exit 0$' .git/hooks/pre-commit
expect_status "hook uninstall leaves it too" 2 "$ASSAY" hook uninstall
rm .git/hooks/pre-commit

# A core.hooksPath of the repository's own .git/config stays in the repository: it cannot
# send the hook (and the folders made for it) into ~/.ssh, the user's global hooks
# folder or another project. The user's own configuration may put it anywhere.
for v in '~/.ssh' "$TMP/abs-hooks" '../outside/hooks'; do
	git config core.hooksPath "$v"
	expect_status "core.hooksPath = $v in .git/config: hook install refuses" 2 "$ASSAY" hook install
	check "... saying it leads outside" grep -q "core.hooksPath = .* leads outside the repository" "$TMP/err"
done
check "... and nothing was made there" sh -c "test ! -e '$HOME/.ssh' && test ! -e '$TMP/abs-hooks' && test ! -e '$TMP/outside'"
git config core.hooksPath 'tools/../.githooks'
expect_status "core.hooksPath inside the repository is honoured" 0 "$ASSAY" hook install
check "... where it leads" test -f .githooks/pre-commit
# The same folder reached through a linked parent (a linked home, /var on macOS) is the
# repository's, not outside it; a link in the repository leading out is still refused.
ln -s "$(dirname "$PWD")" "$TMP/linked-parent"
git config core.hooksPath "$TMP/linked-parent/$(basename "$PWD")/.githooks-abs"
expect_status "an absolute core.hooksPath through a linked parent folder is honoured" 0 "$ASSAY" hook install
check "... where it leads" test -f .githooks-abs/pre-commit
mkdir -p "$TMP/elsewhere-hooks" && ln -s "$TMP/elsewhere-hooks" .githooks-link
git config core.hooksPath "$PWD/.githooks-link"
expect_status "a core.hooksPath through a link in the repository leading out: refused" 2 "$ASSAY" hook install
check "... and nothing written there" test ! -e "$TMP/elsewhere-hooks/pre-commit"
# `link/..` is read as the system reads it, where git runs the hook: here outside.
mkdir -p "$TMP/other/sub" && ln -s "$TMP/other/sub" .hooks-lnk
git config core.hooksPath .hooks-lnk/../hk
expect_status "core.hooksPath = link/../hk, the link leading out: refused" 2 "$ASSAY" hook install
check "... naming where git would run it" grep -q "leads outside the repository, to $TMP/other/hk/pre-commit" "$TMP/err"
check "... and nothing written in the repository" test ! -e hk/pre-commit
rm -rf .hooks-lnk "$TMP/other"
rm -rf .githooks-abs .githooks-link "$TMP/linked-parent"
git config --unset core.hooksPath
git config --global core.hooksPath "$TMP/global-hooks"
expect_status "core.hooksPath in the user's own configuration may lead outside" 0 "$ASSAY" hook install
check "... and is honoured" test -f "$TMP/global-hooks/pre-commit"
# The user's own relative folder is the work tree's: a link the repository commits there
# does not lead it out; a relative path out as written (../) is the user's choice.
mkdir -p "$TMP/ssh-like" && ln -s "$TMP/ssh-like" .githooks-rel
git config --global core.hooksPath .githooks-rel
expect_status "the user's relative core.hooksPath through a link in the work tree: refused" 2 \
	"$ASSAY" hook install
check "... saying why, and writing nothing there" sh -c \
	"grep -q 'is relative to the work tree, where a link leads it outside' '$TMP/err' && test ! -e '$TMP/ssh-like/pre-commit'"
rm .githooks-rel
# (../hooks-beside from the test repository $TMP/repo: $TMP/hooks-beside)
mkdir -p "$TMP/hooks-beside" && git config --global core.hooksPath ../hooks-beside
expect_status "the user's relative core.hooksPath out of the work tree as written: honoured" 0 \
	"$ASSAY" hook install
check "... installed there" test -f "$TMP/hooks-beside/pre-commit"
rm -rf "$TMP/hooks-beside"
git config --global --unset core.hooksPath

# A .git file planted in a folder, naming another repository's git folder: hook install
# does not write into that project's hooks. A linked work tree's .git file is named back
# by its git folder, and is honoured.
mkdir -p "$TMP/planted"
printf 'gitdir: %s/.git\n' "$repo" >"$TMP/planted/.git"
rm -f .git/hooks/pre-commit
(cd "$TMP/planted" && "$ASSAY" hook install >"$TMP/out" 2>"$TMP/err")
status=$?
check "a planted .git file naming another repository: hook install refuses (exit $status, want 2)" \
	sh -c "test $status -eq 2 && grep -q 'planted/.git names the git folder .* which does not name this work tree back' '$TMP/err'"
check "... and writes nothing there" test ! -e .git/hooks/pre-commit
# A .git that is a link to another repository's git folder, and a git folder whose
# commondir names another's, are refused the same way.
mkdir -p "$TMP/linkgit" && ln -s "$repo/.git" "$TMP/linkgit/.git"
(cd "$TMP/linkgit" && "$ASSAY" hook install >"$TMP/out" 2>"$TMP/err")
status=$?
check "a .git linked to another repository's: hook install refuses (exit $status, want 2)" \
	sh -c "test $status -eq 2 && grep -q 'linkgit/.git is a symbolic link' '$TMP/err'"
check "... and writes nothing there" test ! -e .git/hooks/pre-commit
# (Android's repo makes such links: its users name a hooks folder of their own.)
git config --global core.hooksPath "$TMP/own-hooks"
(cd "$TMP/linkgit" && "$ASSAY" hook install >"$TMP/out" 2>"$TMP/err")
status=$?
check "... with core.hooksPath in the user's own configuration: installed there (exit $status)" \
	sh -c "test $status -eq 0 && test -f '$TMP/own-hooks/pre-commit' && test ! -e .git/hooks/pre-commit"
git config --global --unset core.hooksPath
rm -f .git/hooks/pre-commit
git init -q "$TMP/common" && printf '%s/.git\n' "$repo" >"$TMP/common/.git/commondir"
(cd "$TMP/common" && "$ASSAY" hook install >"$TMP/out" 2>"$TMP/err")
status=$?
check "a git folder whose commondir names another's: hook install refuses (exit $status, want 2)" \
	sh -c "test $status -eq 2 && grep -q 'common/.git/commondir names' '$TMP/err'"
check "... and writes nothing there" test ! -e .git/hooks/pre-commit
git worktree add -q "$TMP/linked" 2>/dev/null
expect_status "a linked work tree (git worktree add): hook install writes the shared hook" 0 \
	sh -c 'cd "$1" && "$2" hook install' sh "$TMP/linked" "$ASSAY"
check "... into the repository's hooks" test -f .git/hooks/pre-commit
# extensions.worktreeConfig: git reads core.hooksPath from the work tree's own
# config.worktree too (above .git/config), and runs the hook from there; so must hook
# install write it there (libgit2 1.5 does not read that file by itself).
rm -f .git/hooks/pre-commit
git config extensions.worktreeConfig true
git config --worktree core.hooksPath .wt-hooks
expect_status "core.hooksPath in config.worktree: hook install" 0 "$ASSAY" hook install
check "... writes the hook where git runs it ($(git rev-parse --git-path hooks))" \
	sh -c 'test -f .wt-hooks/pre-commit && test ! -e .git/hooks/pre-commit'
git config --worktree core.hooksPath "$TMP/wt-outside"
expect_status "core.hooksPath in config.worktree leading outside: refused" 2 "$ASSAY" hook install
check "... as the repository's own setting, naming config.worktree" sh -c \
	"grep -q '(.*/.git/config.worktree) leads outside the repository' '$TMP/err' && test ! -e '$TMP/wt-outside'"
git config --worktree --unset core.hooksPath
git config --unset extensions.worktreeConfig
rm -rf .wt-hooks

# hook install takes no option of the run: the hook it writes runs plain `assay precommit`,
# so a strict hook asked for would silently not be one.
rm -f .git/hooks/pre-commit
expect_status "hook install --strict: refused" 2 "$ASSAY" hook install --strict
check "... saying the hook runs assay precommit as .assay configures it" \
	grep -q "hook does not take --strict: the hook it writes runs .assay precommit., which reads" "$TMP/err"
expect_status "hook install -C 3: refused" 2 "$ASSAY" hook install -C 3
expect_status "hook install -v, --shard: refused" 2 "$ASSAY" hook install -v --shard=1/2
check "... and no hook is written" test ! -e .git/hooks/pre-commit

# git init --separate-git-dir makes a .git file whose folder does not name the work tree
# back: refused as a planted one would be, saying what works.
git init -q --separate-git-dir="$TMP/sep.git" "$TMP/sep"
(cd "$TMP/sep" && "$ASSAY" hook install >"$TMP/out" 2>"$TMP/err")
status=$?
check "a --separate-git-dir repository: hook install refuses (exit $status, want 2)" test "$status" -eq 2
check "... and says to set core.hooksPath in the user's own configuration" \
	grep -q 'separate-git-dir made it, set core.hooksPath in your own git configuration' "$TMP/err"
