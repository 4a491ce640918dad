# gitfiles.sh - what libgit2 opens of a hostile repository (src/git/open_guard.c): a FIFO
# where it looks (an ignore or attribute file, .git/info/exclude, a configuration file
# or one it includes, MERGE_HEAD, packed-refs), a device (core.excludesFile = /dev/zero),
# a link or a file over 1 MiB for an ignore or attribute file, a sparse file of git's own,
# configuration over 16 MiB. Each is refused with a warning naming it, and the run goes
# on; before, a FIFO blocked the supervisor for ever, and a sparse file cost its size.
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git_repo "$repo"
printf 'int f(void) { return 0; }\n' >a.c
git add a.c && git commit -qm init
printf 'int g(void) { return 1; }\n' >>a.c
git add a.c
printf 'int u(void) { return 2; }\n' >untracked.c

# guarded NAME WANT COMMAND...: the command ends (killed after 20 s, else) with WANT.
guarded() {
	name=$1 want=$2
	shift 2
	expect_status "$name" "$want" timeout -s KILL 20 "$@"
}
warned() {	# WHAT: the warning names the file and says why
	check "... with a warning naming it ($1)" grep -q "$1: not read for git" "$TMP/err"
}

mkfifo .git/info/exclude 2>/dev/null || { rm -f .git/info/exclude && mkfifo .git/info/exclude; }
guarded ".git/info/exclude a FIFO: a run ends" 0 "$ASSAY" --no-cache .
warned "$repo/.git/info/exclude: a FIFO"
rm .git/info/exclude

mkfifo "$TMP/included"
cp .git/config "$TMP/config.orig"
printf '[include]\n\tpath = %s\n' "$TMP/included" >>.git/config
guarded "a configuration including a FIFO: a run ends" 0 "$ASSAY" --no-cache .
warned "$TMP/included: a FIFO"
check "... once, though libgit2 reads the configuration again and again" \
	test "$(grep -c 'included: a FIFO' "$TMP/err")" -eq 1
cp "$TMP/config.orig" .git/config

printf '[core]\n\texcludesFile = /dev/zero\n' >>.git/config
guarded "core.excludesFile = /dev/zero: a run ends" 0 "$ASSAY" --no-cache .
warned "/dev/zero: a character device"
cp "$TMP/config.orig" .git/config
printf '[core]\n\texcludesFile = /dev/null\n' >>.git/config
guarded "core.excludesFile = /dev/null is taken as empty" 0 "$ASSAY" --no-cache .
check "... without a warning" sh -c "! grep -q 'not read for git' '$TMP/err'"
cp "$TMP/config.orig" .git/config

mkfifo .gitattributes
guarded "a .gitattributes FIFO in the work tree: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/.gitattributes: a FIFO"
rm .gitattributes
truncate -s 5M .gitattributes
guarded "a 5 MiB .gitattributes: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/.gitattributes: larger than 1 MiB"
rm .gitattributes
printf '*.c linguist-generated\n' >"$TMP/attrs"
ln -s "$TMP/attrs" .gitattributes
guarded "a .gitattributes link: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/.gitattributes: a symbolic link"
rm .gitattributes

mkfifo .git/MERGE_HEAD
guarded "MERGE_HEAD a FIFO: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/.git/MERGE_HEAD: a FIFO"
rm .git/MERGE_HEAD

git pack-refs --all
mv .git/packed-refs "$TMP/packed-refs"
mkfifo .git/packed-refs
guarded "packed-refs a FIFO: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/.git/packed-refs: a FIFO"
rm .git/packed-refs
mv "$TMP/packed-refs" .git/packed-refs
guarded "the repository as it was: precommit gates the one new function" 0 \
	"$ASSAY" --no-cache precommit
check "... with no warning" sh -c "! grep -q 'not read for git' '$TMP/err'"

# core.worktree naming another folder: the repository is not used, nothing there is read,
# measured or written (before, a run measured the other folder's files and read its
# .assay, and baseline write wrote its .assay-baseline there).
mkdir -p "$TMP/elsewhere/src"
printf 'int secret_function_name(void) { return 0; }\n' >"$TMP/elsewhere/src/v.c"
printf '[threshold]\n\tccn = x\n' >"$TMP/elsewhere/.assay"
cp "$TMP/config.orig" .git/config
printf '[core]\n\tworktree = %s\n' "$TMP/elsewhere" >>.git/config
guarded "core.worktree elsewhere: a run measures the folder named, plainly" 0 \
	"$ASSAY" --no-cache -f json .
check "... not the other folder" sh -c "! grep -q secret_function_name '$TMP/out'"
check "... saying why the repository is not used" grep -q "its repository's work tree is $TMP/elsewhere (core.worktree" "$TMP/err"
guarded "core.worktree elsewhere: precommit refuses (exit 2)" 2 "$ASSAY" --no-cache precommit
check "... naming the setting" grep -q "core.worktree in $repo/.git/config" "$TMP/err"
guarded "core.worktree elsewhere: diff refuses (exit 2)" 2 "$ASSAY" --no-cache diff HEAD
guarded "core.worktree elsewhere: baseline write writes here" 0 "$ASSAY" baseline write
check "... and nothing there" test ! -e "$TMP/elsewhere/.assay-baseline"
cp "$TMP/config.orig" .git/config

# The index assay reads itself (src/git/index.c): its header is checked before the file is
# read, and its holes, so a sparse file of gigabytes planted there costs nothing; a link
# is not followed.
cp .git/index "$TMP/index.orig"
truncate -s 100M .git/index
guarded "a sparse 100 MB index: a run ends" 0 "$ASSAY" --no-cache .
check "... saying it is no index" grep -q "$repo/.git/index: not a git index" "$TMP/err"
ln -sf "$TMP/index.orig" .git/index
guarded "a linked index: a run ends" 0 "$ASSAY" --no-cache .
check "... saying it was not followed" grep -q "$repo/.git/index: a symbolic link: not read" "$TMP/err"
cp --remove-destination "$TMP/index.orig" .git/index
# A header that claims 100 000 entries makes a 200 MB file a plausible size: a sparse one
# is still not read (before, the run read all of it, to find the first entry empty).
printf 'DIRC\0\0\0\2\0\1\206\240' >.git/index
truncate -s 200M .git/index
guarded "a sparse 200 MB index claiming 100 000 entries: a run ends" 0 "$ASSAY" --no-cache .
check "... saying it is sparse" grep -q "$repo/.git/index: not a git index (a sparse file" "$TMP/err"
guarded "... precommit refuses it (exit 2)" 2 "$ASSAY" --no-cache precommit
check "... libgit2 did not read it either" grep -q "$repo/.git/index: a sparse file: not read for git" "$TMP/err"
cp --remove-destination "$TMP/index.orig" .git/index

# libgit2 reads most of git's files whole: configuration over 16 MiB is not read (before,
# a sparse 400 MB include cost 418 MB of memory), nor one of git's files with a hole.
truncate -s 400M "$TMP/sparse-include"
printf '[include]\n\tpath = %s\n' "$TMP/sparse-include" >>.git/config
guarded "a configuration including a sparse 400 MB file: a run ends" 0 "$ASSAY" --no-cache .
warned "$TMP/sparse-include: larger than 16 MiB"
guarded "... precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$TMP/sparse-include: larger than 16 MiB"
truncate -s 8M "$TMP/sparse-include"
guarded "a configuration including a sparse 8 MB file: a run ends" 0 "$ASSAY" --no-cache .
warned "$TMP/sparse-include: a sparse file"
cp "$TMP/config.orig" .git/config
git pack-refs --all
mv .git/packed-refs "$TMP/packed-refs"
cp "$TMP/packed-refs" .git/packed-refs
truncate -s 300M .git/packed-refs
guarded "a sparse 300 MB packed-refs: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/.git/packed-refs: a sparse file"
mv "$TMP/packed-refs" .git/packed-refs
head -c 17M /dev/zero | tr '\0' '#' >"$TMP/big-exclude"
printf '[core]\n\texcludesFile = %s\n' "$TMP/big-exclude" >>.git/config
guarded "core.excludesFile of 17 MiB: a run ends" 0 "$ASSAY" --no-cache .
warned "$TMP/big-exclude: larger than 16 MiB"
cp "$TMP/config.orig" .git/config
rm "$TMP/sparse-include" "$TMP/big-exclude"

# core.worktree naming a parent folder holds the path, but is not where the .git is: not
# used either (it would read the parent's .assay and write its baseline there).
printf '[threshold]\n\tccn = x\n' >"$TMP/.assay"
printf '[core]\n\tworktree = %s\n' "$TMP" >>.git/config
guarded "core.worktree a parent folder: a run measures the folder named, plainly" 0 \
	"$ASSAY" --no-cache .
check "... saying why" grep -q "its repository's work tree is $TMP (core.worktree" "$TMP/err"
guarded "core.worktree a parent folder: baseline write writes here" 0 "$ASSAY" baseline write
check "... and nothing in the parent" test ! -e "$TMP/.assay-baseline"
rm "$TMP/.assay"
cp "$TMP/config.orig" .git/config

# The user's own ignore files are followed through links, as git follows them (a
# dotfiles manager links ~/.gitignore); so is a linked .git/info/exclude.
printf 'int gen(int a) { if (a && a > 1 && a > 2) return 1; return 0; }\n' >gen.c
printf 'gen.c\n' >"$TMP/dotfiles-ignore"
ln -s "$TMP/dotfiles-ignore" "$HOME/.gitignore"
git config --global core.excludesFile '~/.gitignore'
guarded "a linked core.excludesFile of the user's: followed, gen.c ignored" 0 "$ASSAY" --no-cache -C 2 .
check "... without a warning" sh -c "! grep -q 'not read for git' '$TMP/err'"
git config --global --unset core.excludesFile
rm "$HOME/.gitignore"
rm -f .git/info/exclude
ln -s "$TMP/dotfiles-ignore" .git/info/exclude
guarded "a linked .git/info/exclude: followed, gen.c ignored" 0 "$ASSAY" --no-cache -C 2 .
check "... without a warning" sh -c "! grep -q 'not read for git' '$TMP/err'"
rm .git/info/exclude gen.c

# A tracked .gitattributes gone from the work tree is read from its index blob by a diff
# to the work tree (a plain run reads the work tree's only): a blob over 1 MiB is not (a
# few KB packed can be hundreds of MB), as a work tree file is not.
yes '*.zz -diff' | head -n 200000 >.gitattributes
git add .gitattributes && git commit -qm big-attributes
rm .gitattributes
guarded "a 2 MB .gitattributes blob, the file gone: diff HEAD ends" 0 "$ASSAY" diff --no-cache HEAD
check "... saying it was not read" grep -q "\.gitattributes: larger than 1 MiB ([0-9]* bytes in the index): not read for git" "$TMP/err"
git rm -q --cached .gitattributes && git commit -qm drop

# libgit2 opens a file again under another name: a relative core.attributesFile first as
# given, then in the work tree. The second open of a refused file is refused too (before,
# it passed as a work tree file, and the sparse 400 MB file cost 418 MB).
truncate -s 400M big-rules
printf 'int h(void) { return 3; }\n' >>a.c && git add a.c
cp .git/config "$TMP/config.orig"
printf '[core]\n\tattributesFile = big-rules\n\texcludesFile = big-rules\n' >>.git/config
guarded "a relative core.attributesFile of 400 MB: precommit ends" 0 "$ASSAY" --no-cache precommit
warned "$repo/big-rules: larger than 16 MiB"
guarded "... a run ends" 0 "$ASSAY" --no-cache .
warned "$repo/big-rules: larger than 16 MiB"
cp "$TMP/config.orig" .git/config
rm big-rules

# A git folder in the work tree under another name (`gitdir: meta`, as git allows): its
# files are git's own, not the work tree's (before, libgit2 read a sparse 1.6 GB index
# there whole: 1.7 GB, 28 s).
mv .git meta && printf 'gitdir: meta\n' >.git
cp meta/index "$TMP/index.meta"
printf 'DIRC\0\0\0\2\0\6\032\200' >meta/index
truncate -s 1600M meta/index
guarded "a sparse index in a git folder named meta: precommit refuses it (exit 2)" 2 \
	"$ASSAY" --no-cache precommit
check "... libgit2 did not read it" grep -q "$repo/meta/index: a sparse file: not read for git" "$TMP/err"
cp --remove-destination "$TMP/index.meta" meta/index
rm .git && mv meta .git

# A submodule's repository is not opened to compare it, not even its .git file (before,
# libgit2 read a 400 MB one whole).
git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),sub"
git commit -qm submodule
mkdir sub && truncate -s 400M sub/.git
guarded "a submodule's .git file of 400 MB: diff ends" 0 "$ASSAY" --no-cache diff HEAD
check "... never reading it" sh -c "! grep -q 'sub/.git' '$TMP/err'"
rm -r sub

# $GIT_INDEX_FILE (git commit -a runs the hook with .git/index.lock, git commit PATH with
# next-index-*.lock) is an index, large in large repositories, not configuration.
cp .git/index "$TMP/other-index"
truncate -s 20M "$TMP/other-index"
GIT_INDEX_FILE="$TMP/other-index" guarded "a sparse 20 MB GIT_INDEX_FILE: precommit ends" 2 \
	"$ASSAY" --no-cache precommit
warned "$TMP/other-index: a sparse file"
check "... taken for an index (no 16 MiB cap: a real index of that size is read)" \
	sh -c "! grep -q 'other-index: larger than 16 MiB' '$TMP/err'"

# While libgit2 compares the work tree (diff BASE, baseline write) it reads tracked files
# of any size; a core.excludesFile in the work tree is still configuration then, held to
# 16 MiB (before: 1 GB of memory for a sparse 1 GB file).
truncate -s 1G big-excludes
cp .git/config "$TMP/config.orig"
printf '[core]\n\texcludesFile = %s\n' "$repo/big-excludes" >>.git/config
guarded "core.excludesFile a sparse 1 GB work tree file: diff HEAD ends" 0 \
	"$ASSAY" --no-cache diff HEAD
warned "$repo/big-excludes: larger than 16 MiB"
cp "$TMP/config.orig" .git/config
rm big-excludes

# What a file is goes by where it really is, not by how a configuration spells it: a
# file in .git/objects or in the work tree is not an object or an index for being named
# objects/big or ../logs/x (before: no 16 MiB cap for them).
head -c 20M /dev/zero | tr '\0' '#' >.git/objects/big
mkdir -p cfg && cp .git/objects/big cfg/index
printf '[include]\n\tpath = objects/big\n\tpath = ../cfg/index\n' >>.git/config
guarded "includes named objects/big and ../cfg/index, 20 MB each: a run ends" 0 "$ASSAY" --no-cache .
warned "$repo/.git/objects/big: larger than 16 MiB"
warned "$repo/.git/../cfg/index: larger than 16 MiB"
cp "$TMP/config.orig" .git/config
rm -r .git/objects/big cfg

# A submodule's repository is not opened to compare it (assay measures no submodule's
# files): one whose git folder lies in the work tree, with a sparse 1.6 GB index, cost
# its size and ran past a minute.
git init -q --separate-git-dir="$repo/subgit" sub
git -C sub -c user.name=t -c user.email=t@t commit -q --allow-empty -m sub
printf 'gitdir: ../subgit\n' >sub/.git
printf 'subgit/\n' >>.git/info/exclude
git add sub 2>/dev/null
printf 'DIRC\0\0\0\2\0\6\032\200' >subgit/index
truncate -s 1600M subgit/index
guarded "a submodule with a sparse 1.6 GB index in the work tree: diff HEAD ends" 0 \
	"$ASSAY" --no-cache diff HEAD
check "... never opening it" sh -c "! grep -q 'subgit/index' '$TMP/err'"
git rm -q --cached -f sub
rm -rf sub subgit

# A tracked file up to --max-size (64M at most) is read for its changed lines, in the
# work tree too (before: refused over 16 MiB outside the comparison itself).
# (One line of a comment: skipped as minified, so no worker spends its time on it.)
{ printf '/*'; head -c 17M /dev/zero | tr '\0' x; printf '*/\n'; } >big.c
git add big.c && git commit -qm big
printf 'int y;\n' >>big.c
guarded "a 17 MB tracked file changed in the work tree, --max-size=32M: diff HEAD ends" 0 \
	"$ASSAY" --no-cache --max-size=32M diff HEAD
check "... without refusing it" sh -c "! grep -q 'big.c: larger than' '$TMP/err'"
git rm -q -f big.c && git commit -qm drop-big

# A sparse tracked file (cp --sparse, ZFS's zero blocks) is hashed as any other: the
# comparison of the work tree does not fail on it (it did, exit 2).
head -c 2M /dev/zero >zeros.bin
git add zeros.bin && git commit -qm zeros
cp --sparse=always zeros.bin zeros.tmp && mv zeros.tmp zeros.bin
guarded "a sparse tracked file, not stat-clean: diff HEAD passes" 0 "$ASSAY" --no-cache diff HEAD
check "... without a warning" sh -c "! grep -q 'not read for git' '$TMP/err'"
git rm -q -f zeros.bin && git commit -qm drop-zeros

# Objects moved to another disk (.git/objects a link to a folder of another name), and
# $GIT_INDEX_FILE in the git folder under a name of its own: git's large files still
# (before: packs over 16 MiB refused, HEAD unreadable; the index refused).
head -c 24M /dev/urandom >noise.bin
git add noise.bin && git commit -qm noise && git repack -qad
printf 'int extra(void) { return 4; }\n' >>a.c && git add a.c
mv .git/objects "$TMP/objects-elsewhere" && ln -s "$TMP/objects-elsewhere" .git/objects
guarded "objects linked to another folder, a 24 MB pack: precommit passes" 0 "$ASSAY" --no-cache precommit
check "... without a warning" sh -c "! grep -q 'not read for git' '$TMP/err'"
rm .git/objects && mv "$TMP/objects-elsewhere" .git/objects
# An index over 16 MiB: the real one, with an optional extension of 17 MB (git skips it).
python3 -c '
import hashlib, struct, sys
data = open(sys.argv[1], "rb").read()[:-20]
data += b"ZPAD" + struct.pack(">I", 17 << 20) + b"x" * (17 << 20)
open(sys.argv[2], "wb").write(data + hashlib.sha1(data).digest())' .git/index .git/index.custom
GIT_INDEX_FILE="$repo/.git/index.custom" guarded "GIT_INDEX_FILE=.git/index.custom of 17 MB: precommit passes" 0 \
	"$ASSAY" --no-cache precommit
check "... without a warning" sh -c "! grep -q 'not read for git' '$TMP/err'"
rm .git/index.custom
git rm -q --cached noise.bin && rm noise.bin && git commit -qm drop-noise
