# gitindex.sh - the git index reader (src/git/index.c) against git itself: every index
# version, conflicts, intent-to-add, extensions, refusals; and a warm run keying every
# tracked file from the index without reading it.
. "$(dirname "$0")/lib.shinc"

DUMP="$ASSAY_BUILDDIR/tests/unit/gitindex_dump"
repo="$TMP/r"
g() { git -C "$repo" -c user.name=t -c user.email=t@t "$@"; }
mkdir -p "$repo/a/b" "$repo/deep/er/still"
g init -q
printf 'int f(void) { return 1; }\n' >"$repo/a/b/c.c"
printf 'x = 1\n' >"$repo/a.py"
printf 'y\n' >"$repo/sp ace.txt"
printf 'z\n' >"$repo/deep/er/still/z.go"
long=$(printf 'n%.0s' $(seq 1 200))
mkdir -p "$repo/$long" && printf 'w\n' >"$repo/$long/$long.rs"
ln -s a.py "$repo/link"
g add -A && g commit -qm base

# compare NAME: the reader's listing and stat data equal git's for the current index.
compare() {
	"$DUMP" "$repo/.git/index" >"$TMP/ours" 2>&1
	g ls-files --stage >"$TMP/git"
	check "$1: entries as git lists them" cmp -s "$TMP/ours" "$TMP/git"
	"$DUMP" -d "$repo/.git/index" >"$TMP/ours.d" 2>&1
	g ls-files --debug | awk '
		/^  ctime: / { c = $2; next }
		/^  mtime: / { m = $2; next }
		/^  dev: / { ino = $4; next }
		/^  uid: / { next }
		/^  size: / { print path " ctime=" c " mtime=" m " ino=" ino " size=" $2; next }
		{ path = $0 }' >"$TMP/git.d"
	check "$1: stat data as git has them" cmp -s "$TMP/ours.d" "$TMP/git.d"
}
compare "version 2"
printf 'new\n' >"$repo/n.c"
g add -N n.c
check "intent-to-add makes a version 3 index" test "$(od -An -tu1 -j7 -N1 "$repo/.git/index" | tr -d ' ')" -eq 3
compare "version 3 (intent-to-add)"
g update-index --index-version 4
compare "version 4 (compressed paths)"
g update-index --index-version 2
g rm -q --cached n.c && rm "$repo/n.c"
g update-index --untracked-cache && g status --porcelain >/dev/null
compare "untracked cache extension"
g checkout -qb other && printf 'x = 2\n' >"$repo/a.py" && g commit -qam other
g checkout -q - && printf 'x = 3\n' >"$repo/a.py" && g commit -qam main
g merge -q other >/dev/null 2>&1
compare "a merge conflict (stages 1-3)"
g checkout -q --theirs a.py && g add a.py
compare "a resolved conflict (resolve-undo extension)"
g commit -qm merged

# The cache tree (TREE extension): after a commit, a node for every directory of HEAD
# holding HEAD's tree id; a staged change invalidates the nodes on its path only.
"$DUMP" -t "$repo/.git/index" >"$TMP/tree" 2>&1
{
	echo "/ $(g rev-parse 'HEAD^{tree}')"
	g ls-tree -r -d --name-only HEAD | while read -r d; do
		echo "$d/ $(g rev-parse "HEAD:$d")"
	done
} | sort >"$TMP/tree.git"
sort "$TMP/tree" >"$TMP/tree.ours"
check "the cache tree after a commit: every directory, with HEAD's tree ids" \
	cmp -s "$TMP/tree.ours" "$TMP/tree.git"
printf 'int g(void) { return 2; }\n' >>"$repo/a/b/c.c"
g add a/b/c.c
"$DUMP" -t "$repo/.git/index" >"$TMP/tree" 2>&1
check "a staged change invalidates the nodes on its path" \
	test "$(grep invalid "$TMP/tree" | sort | tr '\n' ' ')" = "/ invalid a/ invalid a/b/ invalid "
check "... and no other" test "$(grep -vc invalid "$TMP/tree")" -eq "$(($(wc -l <"$TMP/tree.git") - 3))"
g checkout -q HEAD -- a/b/c.c

cp "$repo/.git/index" "$TMP/index"
g update-index --split-index
"$DUMP" "$repo/.git/index" >"$TMP/split" 2>&1
check "a split index is refused, saying why" grep -q "split index" "$TMP/split"
g update-index --no-split-index
head -c 200 "$TMP/index" >"$TMP/short"
expect_status "a truncated index is refused" 1 "$DUMP" "$TMP/short"
printf 'DIRC\0\0\0\5\0\0\0\0%020d' 0 >"$TMP/v5"
expect_status "an unknown version is refused" 1 "$DUMP" "$TMP/v5"

# A version 4 entry whose path-compression varint needs more than 64 bits: ten bytes that
# wrap to 0 in plain 64-bit arithmetic, which would keep the whole previous path ("a"),
# making the second path "ab". git refuses such a varint (varint.c); so must we.
python3 - "$TMP/v4-overflow" <<'PY'
import struct, sys
def entry(path_len, varint, suffix):	# stat data, mode, oid, flags, path
    fixed = struct.pack(">10I", 0, 0, 0, 0, 0, 0, 0o100644, 0, 0, 0) + b"\x11" * 20
    return fixed + struct.pack(">H", path_len) + varint + suffix + b"\0"
body = b"DIRC" + struct.pack(">II", 4, 2)
body += entry(1, b"\0", b"a")
body += entry(2, bytes([0x80] + [0xfe] * 7 + [0xff, 0x00]), b"b")
open(sys.argv[1], "wb").write(body + b"\0" * 20)
PY
expect_status "a path-compression varint over 64 bits is refused" 1 "$DUMP" "$TMP/v4-overflow"
check "... as bad path compression" grep -q 'bad path compression' "$TMP/out" "$TMP/err"

# An index read before is reused while the file is unchanged, and read again once it
# changed (a run reads it to walk the tree, then for its .gitattributes).
n_before=$(g ls-files | wc -l)
"$DUMP" -r "$repo/.git/index" sh -c "printf 'q\\n' >'$repo/new.txt' && git -C '$repo' add new.txt" \
	>"$TMP/reread" 2>&1
check "an unchanged index opened again is not read again" \
	grep -qx "again $n_before reused" "$TMP/reread"
check "... a changed one is, with its new entry" grep -qx "after $((n_before + 1)) read" "$TMP/reread"
"$DUMP" -r "$repo/.git/index" sh -c "git -C '$repo' update-index --force-remove new.txt" \
	>"$TMP/reread2" 2>&1
check "... and after an entry is removed" \
	grep -qx "after $n_before read" "$TMP/reread2"
rm -f "$repo/new.txt"

# A warm run keys every tracked analyzable file from the index (none is read for it).
export ASSAY_CACHE_DIR="$TMP/cache"
sleep 1	# entries as new as the index are racily clean and would be hashed
g update-index --refresh >/dev/null
(cd "$repo" && "$ASSAY" . >/dev/null 2>&1)
(cd "$repo" && "$ASSAY" --stats . 2>"$TMP/stats" >/dev/null)
check "a warm run takes every analyzable file's key from the index" \
	grep -qE '^assay-stats: .* analyzed=4 keyed=4 ' "$TMP/stats"
g update-index --index-version 4
sleep 1
g update-index --refresh >/dev/null
(cd "$repo" && "$ASSAY" --stats . 2>"$TMP/stats4" >/dev/null)
check "... from a version 4 index too" grep -qE '^assay-stats: .* analyzed=4 keyed=4 ' "$TMP/stats4"
printf 'int f(void) { return 2; }\n' >"$repo/a/b/c.c"
(cd "$repo" && "$ASSAY" --stats . 2>"$TMP/stats5" >/dev/null)
check "a changed file is not keyed from its stale entry" \
	grep -qE '^assay-stats: .* analyzed=4 keyed=3 ' "$TMP/stats5"
printf 'garbage' >"$repo/.git/index"
(cd "$repo" && "$ASSAY" --stats . 2>"$TMP/stats6" >"$TMP/out6")
check "an unreadable index: a warning naming it, every file still measured" \
	sh -c "grep -q '.git/index: not a git index' '$TMP/stats6' && grep -qE '^assay-stats: .* analyzed=4 keyed=0 ' '$TMP/stats6'"
