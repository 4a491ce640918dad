# gitload.sh - libgit2 is loaded only when a run needs it (src/git/libgit2.c): a plain
# work tree is found and keyed without it (src/git/locate.c); what locate.c leaves to
# libgit2 (ignore rules, attribute files, linked work trees, GIT_DIR, a configuration that
# moves the work tree) gets the answers it got before; a libgit2 that cannot be loaded
# ends the run that needs it with exit 4, naming it, and no other run.
. "$(dirname "$0")/lib.shinc"

# loads CMD...: 0 when the run loaded libgit2 (the dynamic linker's own account).
loads() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -q 'file=libgit2\.so'
}
not_loads() {
	! loads "$@"
}

git_repo "$TMP/plain"
mkdir src && cp "$FIXTURES/c/control.c" src/a.c && cp "$FIXTURES/c/control.c" src/b.c
printf '[threshold]\n\tccn = 1\n' >.assay
git add . && git commit -qm one
cd src || exit 1
expect_status "plain work tree, one file from a subfolder: the .assay at the top applies" 1 \
	"$ASSAY" --no-cache a.c
check "plain work tree, one file: libgit2 is not loaded" not_loads "$ASSAY" a.c
"$ASSAY" --stats a.c >/dev/null 2>"$TMP/hit.err"
check "... and a second run is a cache hit" grep -q "cache_hit_rate=1.000" "$TMP/hit.err"
cd .. || exit 1
check "plain work tree, the whole tree (all tracked): libgit2 is not loaded" not_loads "$ASSAY" .
"$ASSAY" --stats . >/dev/null 2>"$TMP/stats0"
check "... and --stats says so (libgit2=0)" grep -q " libgit2=0$" "$TMP/stats0"

# Outside any repository (git finds none either): no attribute file can apply, and the
# run loads no libgit2, for a miss or a hit (it did, to be told there was no repository:
# 6 ms and 8 million instructions of a run).
mkdir -p "$TMP/norepo" && cp "$FIXTURES/c/control.c" "$TMP/norepo/a.c"
check "a directory in no repository (as git sees it)" sh -c \
	'! git -C "$1" rev-parse --git-dir >/dev/null 2>&1' sh "$TMP/norepo"
check "outside any repository: libgit2 is not loaded (a miss)" not_loads "$ASSAY" "$TMP/norepo"
"$ASSAY" --stats "$TMP/norepo" >/dev/null 2>"$TMP/norepo.err"
check "... nor for a hit (libgit2=0)" grep -q "cache_hit_rate=1.000.* libgit2=0$" "$TMP/norepo.err"
# ... nor where the search meets a file system boundary, where libgit2 (opened without
# GIT_REPOSITORY_OPEN_CROSS_FS) stops too: /dev/shm is a file system of its own where it is
# a tmpfs, as a tmpfs /tmp is on many systems. Checked where that is so here.
if [ -d /dev/shm ] && [ -w /dev/shm ] \
   && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d /dev)" ]; then
	# mktemp's template (a fresh name); removed at exit too, like $TMP.
	if shm=$(mktemp -d /dev/shm/assay-cli.XXXXXX); then
		trap 'rm -rf "$TMP" "$shm"' EXIT
		cp "$FIXTURES/c/control.c" "$shm/a.c"
		check "below a file system boundary, no repository: libgit2 is not loaded" \
			not_loads "$ASSAY" --no-cache "$shm"
		rm -rf "$shm"
	else
		not_ok "below a file system boundary: no folder could be made in /dev/shm"
	fi
fi

# A tracked file touched but not changed (its stat data no longer match the index) is read
# and looked up with its plain SHA-1 blob id (src/git/sha1.c): a hit without libgit2.
touch -d '+1 minute' src/a.c
"$ASSAY" --stats src/a.c >/dev/null 2>"$TMP/touched"
check "a touched, unchanged file: a cache hit ..." grep -q "cache_hit_rate=1.000" "$TMP/touched"
check "... without libgit2 (libgit2=0)" grep -q " libgit2=0$" "$TMP/touched"
# A changed one misses; its result is stored under assay's own SHA-1 blob id, which is
# git's, with the digest of its bytes (src/git/keys.h), and libgit2 is never loaded.
printf '/* changed */\n' >>src/a.c
"$ASSAY" --stats src/a.c >/dev/null 2>"$TMP/changed"
check "a changed file: a miss, without libgit2" \
	grep -q "cache_hit_rate=0.000.* libgit2=0$" "$TMP/changed"
"$ASSAY" cache why src/a.c >"$TMP/why" 2>&1
check "... stored under git's blob id of it" \
	grep -q "^key: blob $(git hash-object src/a.c), " "$TMP/why"
check "... found by the next run" grep -q "^cached: yes" "$TMP/why"
"$ASSAY" --stats src/a.c >/dev/null 2>"$TMP/again"
check "... a hit, without libgit2" grep -q "cache_hit_rate=1.000.* libgit2=0$" "$TMP/again"

# digest DIR FILE: the digest stored with FILE's row in the cache DIR ("none", or its
# length in bytes; "no row" when there is none).
digest() {
	python3 -c 'import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "select digest from results where oid = ? and lang != 0", (bytes.fromhex(sys.argv[2]),)
).fetchall()
print("no row" if not rows else "none" if rows[0][0] is None else len(rows[0][0]))' \
		"$1/cache.db" "$(git hash-object --no-filters "$2")"
}
check "... with the 32-byte digest of its bytes (no id of git's confirms it)" \
	test "$(digest "$ASSAY_CACHE_DIR" src/a.c)" = 32
# blob_sha256_stored DIR FILE: FILE's row in DIR carries the SHA-256 of its blob, "blob
# <len>\0" and the bytes (its id in a git repository of the SHA-256 object format).
blob_sha256_stored() {
	python3 -c 'import hashlib, sqlite3, sys
data = open(sys.argv[3], "rb").read()
want = hashlib.sha256(b"blob %d\0" % len(data) + data).digest()
rows = sqlite3.connect(sys.argv[1]).execute(
    "select digest from results where oid = ? and lang != 0", (bytes.fromhex(sys.argv[2]),)
).fetchall()
sys.exit(0 if rows == [(want,)] else 1)' "$1/cache.db" "$(git hash-object --no-filters "$2")" "$2"
}
check "... which is the SHA-256 of its blob" blob_sha256_stored "$ASSAY_CACHE_DIR" src/a.c
git checkout -q src/a.c
touch -d '+2 minutes' src/a.c
"$ASSAY" --cache-dir="$TMP/fresh" src/a.c >/dev/null 2>&1
check "a touched file whose bytes hash to its index entry's id: stored with their digest too" \
	test "$(digest "$TMP/fresh" src/a.c)" = 32
git checkout -q src/a.c
rm -rf "$TMP/fresh"
"$ASSAY" --cache-dir="$TMP/fresh" src/a.c >/dev/null 2>&1
check "a file keyed from the index and read to be measured: stored with the bytes' digest" \
	test "$(digest "$TMP/fresh" src/a.c)" = 32

# Two contents with one SHA-1 (simulated: the testpoint gives every content the same id;
# no such pair is known for git's blob ids): the row of one never answers for the other,
# its digest tells them apart.
printf '/* one */\n' >>src/a.c
ASSAY_TESTPOINT=keys.collide:TRUE "$BUILD/assay-testpoint" -f json src/a.c >/dev/null 2>&1
printf 'int collide_probe(void)\n{\n\treturn 1;\n}\n' >>src/a.c
ASSAY_TESTPOINT=keys.collide:TRUE "$BUILD/assay-testpoint" --stats -f json src/a.c \
	>"$TMP/collide.json" 2>"$TMP/collide.err"
check "a second content under the same SHA-1: a miss ..." \
	grep -q "cache_hit_rate=0.000" "$TMP/collide.err"
check "... measured: its new function is reported" grep -q '"collide_probe"' "$TMP/collide.json"
git checkout -q src/a.c
printf '/* one */\n' >>src/a.c
ASSAY_TESTPOINT=keys.collide:TRUE "$BUILD/assay-testpoint" cache why src/a.c >"$TMP/why" 2>&1
check "... which cache why explains for the first content, whose row it replaced" \
	grep -q "^why: its row was measured from other bytes with the same SHA-1" "$TMP/why"
git checkout -q src/a.c

# alter_index NAME HEX: NAME's entry in the git index given the blob id HEX, its stat data
# kept (a hostile repository can write any id there).
alter_index() {
	python3 - .git/index "$1" "$2" <<'PY'
import hashlib, sys
path, name, new = sys.argv[1], sys.argv[2].encode(), bytes.fromhex(sys.argv[3])
data = bytearray(open(path, "rb").read())
at = data.find(name + b"\0") - 62  # the entry: 62 bytes (stat data, id, flags), its name
assert at > 12 and data[at + 60:at + 62] == (len(name) & 0xfff).to_bytes(2, "big")
data[at + 40:at + 60] = new
data[-20:] = hashlib.sha1(bytes(data[:-20])).digest()
open(path, "wb").write(bytes(data))
PY
}

# A collision and an altered index together (simulated: every content's SHA-1 is 5a..5a,
# and the index claims that id for a.c, touched): a.c's bytes hash to the id its entry
# holds, but that entry is the repository's, not git's, so a.c's row still carries its
# digest, and another content with that SHA-1, met later outside this repository, is
# measured, not answered with a.c's result.
alter_index src/a.c 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a
touch -d '+3 minutes' src/a.c
ASSAY_TESTPOINT=keys.collide:TRUE ASSAY_CACHE_DIR="$TMP/pair" "$BUILD/assay-testpoint" src/a.c \
	>/dev/null 2>&1
touch -d '-1 minute' src/a.c
git read-tree HEAD && git update-index -q --refresh
mkdir -p "$TMP/elsewhere"
printf 'int other_half(int a)\n{\n\treturn a;\n}\n' >"$TMP/elsewhere/half.c"
ASSAY_TESTPOINT=keys.collide:TRUE ASSAY_CACHE_DIR="$TMP/pair" "$BUILD/assay-testpoint" \
	-f json "$TMP/elsewhere/half.c" >"$TMP/pair.json" 2>/dev/null
check "an index claiming a colliding id for a.c: the other content is measured, not answered" \
	sh -c 'grep -q "\"name\":\"other_half\"" "$1" && ! grep -q "\"name\":\"classify\"" "$1"' \
	sh "$TMP/pair.json"

# An altered index: a.c's entry, its stat data intact, given small.c's blob id (a hostile
# repository can write any id there). a.c's result must not be stored under that id,
# where every later run of the user's, in any repository, would find it for small.c's
# bytes.
printf 'int lone_small(int a)\n{\n\treturn a;\n}\n' >src/small.c
git add src/small.c && git commit -qm small
alter_index src/a.c "$(git hash-object src/small.c)"
ASSAY_CACHE_DIR="$TMP/forged" "$ASSAY" -f json src/a.c >"$TMP/forged-a.json" 2>"$TMP/forged-a.err"
check "an index giving a.c another content's id: a.c is measured for what it is" \
	grep -q '"name":"classify"' "$TMP/forged-a.json"
check "... a warning names it" \
	grep -q "src/a.c: the git index's id for this file is not that of its bytes" "$TMP/forged-a.err"
git read-tree HEAD
ASSAY_CACHE_DIR="$TMP/forged" "$ASSAY" -f json src/small.c >"$TMP/forged-b.json" 2>/dev/null
check "... and small.c, the index put right, is not answered with a.c's result" \
	sh -c 'grep -q "\"name\":\"lone_small\"" "$1" && ! grep -q "\"name\":\"classify\"" "$1"' \
	sh "$TMP/forged-b.json"
git rm -q src/small.c && git commit -qm unsmall

# A checkout with CRLF line ends (eol=crlf, core.autocrlf): the index holds the id of the
# LF blob, the file's bytes are CRLF. That is no altered index: no warning, and a run on
# an unchanged tree counts each file once (a hit), not a miss and then a hit.
git_repo "$TMP/crlf"
printf '*.c text eol=crlf\n' >.gitattributes
for i in 1 2 3; do printf 'int f%d(int x)\n{\n\treturn x > %d;\n}\n' $i $i >f$i.c; done
git add -A 2>/dev/null && git commit -qm crlf && rm f?.c && git checkout -- . && sleep 1
git status --short >/dev/null	# the index refreshed: its stat data now key the files
check "(the files are checked out with CRLF)" grep -q "$(printf '\r')" f1.c
for run in 1 2 3; do
	ASSAY_CACHE_DIR="$TMP/crlf-cache" "$ASSAY" . >"$TMP/crlf$run.out" 2>"$TMP/crlf$run.err"
done
check "CRLF checkout: no key.index warning" sh -c "! grep -q 'key.index\|not that of its bytes' '$TMP'/crlf?.err"
check "CRLF checkout: a first run counts 3 misses" grep -q 'cache: 0 hits, 3 misses' "$TMP/crlf1.out"
check "CRLF checkout: a later run 3 hits, 0 misses" grep -q 'cache: 3 hits, 0 misses' "$TMP/crlf3.out"
cd "$TMP/plain" || exit 1

printf '*.c diff=cpp\n' >.gitattributes && git add .gitattributes && git commit -qm attrs
check "... nor with a .gitattributes that does not mention linguist" not_loads "$ASSAY" .
check "... nor for one file" not_loads "$ASSAY" src/a.c
printf 'src/b.c linguist-generated\n' >>.gitattributes && git commit -qam linguist
check "a .gitattributes that mentions linguist: libgit2 reads it" loads "$ASSAY" .
"$ASSAY" -f json . >"$TMP/tracked.json" 2>/dev/null
check "... and b.c is generated" \
	sh -c "case '$(outcomes "$TMP/tracked.json" src/b.c)' in 'skipped: generated'*) ;; *) exit 1;; esac"
git rm -q .gitattributes && git commit -qm no-attrs

# An untracked file: git's ignore rules are asked, so libgit2 is loaded, and they apply.
printf 'gen/\n' >.gitignore && mkdir gen && cp "$FIXTURES/c/control.c" gen/c.c
cp "$FIXTURES/c/control.c" src/new.c
check "an untracked file: libgit2 is loaded for the ignore rules" loads "$ASSAY" .
"$ASSAY" --stats . >/dev/null 2>"$TMP/stats1"
check "... and --stats says so (libgit2=1)" grep -q " libgit2=1$" "$TMP/stats1"
"$ASSAY" -f json . >"$TMP/walk.json" 2>/dev/null
check "... the ignored folder is left out, the untracked file is measured" sh -c "
	grep -q 'src/new.c' '$TMP/walk.json' && ! grep -q 'gen/c.c' '$TMP/walk.json'"

# Loaded late, libgit2's initialisation still skips the CA bundle and libssh2 (tls_skip.c):
# the executable's definitions are the ones it binds (Debian's libgit2 is built on mbedTLS).
LD_DEBUG=bindings "$ASSAY" --no-cache . 2>&1 >/dev/null | grep "binding file .*libgit2" >"$TMP/bind"
check "libgit2 binds mbedtls_x509_crt_parse_file to assay's" \
	grep -q "to $ASSAY \[0\]: normal symbol .mbedtls_x509_crt_parse_file" "$TMP/bind"
check "... and libssh2_init" grep -q "to $ASSAY \[0\]: normal symbol .libssh2_init" "$TMP/bind"

# Attribute files outside the tree are found without libgit2 being asked first.
printf '*.c linguist-generated\n' >"$TMP/attrs"
printf '[core]\n\tattributesFile = %s\n' "$TMP/attrs" >"$HOME/.gitconfig"
"$ASSAY" -f json src/a.c >"$TMP/gen.json" 2>/dev/null
check "core.attributesFile in the user's configuration: the file is generated" \
	sh -c "case '$(outcomes "$TMP/gen.json")' in 'skipped: generated'*) ;; *) exit 1;; esac"
rm "$HOME/.gitconfig"
mkdir -p "$HOME/.config/git" && printf '*.c linguist-generated\n' >"$HOME/.config/git/attributes"
"$ASSAY" -f json src/a.c >"$TMP/xdg.json" 2>/dev/null
check "the user's default attribute file: the file is generated" \
	sh -c "case '$(outcomes "$TMP/xdg.json")' in 'skipped: generated'*) ;; *) exit 1;; esac"
rm -r "$HOME/.config"
mkdir -p .git/info && printf 'src/a.c linguist-generated\n' >.git/info/attributes
"$ASSAY" -f json src/a.c >"$TMP/info.json" 2>/dev/null
check "\$GIT_DIR/info/attributes: the file is generated" \
	sh -c "case '$(outcomes "$TMP/info.json")' in 'skipped: generated'*) ;; *) exit 1;; esac"
rm .git/info/attributes
"$ASSAY" -f json src/a.c >"$TMP/none.json" 2>/dev/null
check "... and with none of them, it is measured" test "$(outcomes "$TMP/none.json")" = "ok"

# What locate.c leaves to libgit2: the same work tree, the same configuration, the same
# keys as git finds them.
git worktree add -q "$TMP/linked" 2>/dev/null
cd "$TMP/linked/src" || exit 1
expect_status "a linked work tree (.git is a file): its .assay applies" 1 "$ASSAY" --no-cache a.c
check "... libgit2 found it" loads "$ASSAY" a.c
"$ASSAY" --stats a.c >/dev/null 2>"$TMP/linked.err"
check "... and a second run is a cache hit" grep -q "cache_hit_rate=1.000" "$TMP/linked.err"
cd "$TMP/plain/src" || exit 1
expect_status "GIT_DIR and GIT_WORK_TREE name the repository: its .assay applies" 1 \
	env GIT_DIR="$TMP/plain/.git" GIT_WORK_TREE="$TMP/plain" "$ASSAY" --no-cache a.c
git_repo "$TMP/moved"
mkdir tree && cp "$FIXTURES/c/control.c" tree/a.c && printf '[threshold]\n\tccn = 1\n' >tree/.assay
git config core.worktree "$TMP/moved/tree"
git add -A && git commit -qm moved
cd tree || exit 1
expect_status "core.worktree: the work tree it names holds the .assay that applies" 1 \
	"$ASSAY" --no-cache a.c
check "... libgit2 read it" loads "$ASSAY" a.c

# A libgit2 that cannot be loaded: only the runs that need it fail, exit 4, naming it.
mkdir -p "$TMP/badlib" && printf 'not a library' >"$TMP/badlib/libgit2.so.1.5"
cd "$TMP/plain" || exit 1
expect_status "libgit2 unloadable, a run that does not need it: exit 0" 0 \
	env LD_LIBRARY_PATH="$TMP/badlib" "$ASSAY" --no-cache src/a.c --ccn=99
LD_LIBRARY_PATH="$TMP/badlib" "$ASSAY" --no-cache . >/dev/null 2>"$TMP/bad.err"
check "libgit2 unloadable, a run that needs it: exit 4" test $? -eq 4
check "... naming libgit2 and why" grep -q "libgit2 could not be loaded (.*libgit2.so" "$TMP/bad.err"
