# runtime.sh - the parser runtime assay is built with is the one contrib/grammars.lock
# pins, and it survives the broken files that corrupt the heap of Debian 12's
# libtree-sitter 0.20.7: error recovery gathering 65 536 subtrees into one node wraps a
# 16-bit child count there (docs/SECURITY.md, "The parser runtime is vendored, and
# pinned"). The inputs are generated here, not kept in the repository. Each must be
# analyzed (ok, or partial with its parse error), by a worker and in-process alike,
# never crashed or killed.
. "$(dirname "$0")/lib.shinc"

lock_runtime=$(grep -v '^#' "$SRC/contrib/grammars.lock" | head -n 1 | awk '{print $1 " " $2}')
check "assay version names the runtime the lock pins ($lock_runtime)" \
	sh -c "'$ASSAY' version | grep -qx 'tree-sitter: runtime $lock_runtime (.*)'"

t="$TMP/heap"
mkdir -p "$t"
python3 - "$t" <<'PY'
import os, string, sys
t = sys.argv[1]
def write(name, text):
    with open(os.path.join(t, name), "w") as f:
        f.write(text)
# 65 532 lines of "{" after a function head (65 531 do not reach the wrap).
write("braces.c", "int f(){\n" + "{\n" * 65532)
# 3 000 lines of an unclosed template argument list in a C++ function.
write("templates.cpp", "void f() {\n" + ("<".join(string.ascii_uppercase[:22]) + "\n") * 3000 + "}\n")
# 20 000 lines of an unfinished impl with a higher-ranked bound in Rust.
write("bounds.rs", "fn f( { impl <T where for<'a>\n" * 20000)
PY

# expect_analyzed HOW JSON: each generated file is analyzed in the report JSON: ok, or
# partial with the line of its first parse error.
expect_analyzed() {
	for f in braces.c templates.cpp bounds.rs; do
		got=$(outcomes "$2" "$f")
		case $got in
		ok | "partial (error at line "*) ok "$1 $f: $got" ;;
		*) not_ok "$1 $f: $got" ;;
		esac
	done
}

# The timeout is generous: the sanitizer build (make check-asan) parses several times
# slower.
"$ASSAY" --no-cache -j1 --timeout=120 -f json "$t" >"$TMP/workers.json" 2>"$TMP/workers.err"
check "the run with workers finishes" python3 -m json.tool "$TMP/workers.json" /dev/null
expect_analyzed "a worker analyzes" "$TMP/workers.json"

# The in-process fallback parses in the supervisor itself: a worker that cannot start,
# --allow-unsandboxed.
mkdir -p "$TMP/broken"
cp "$ASSAY" "$TMP/broken/assay"
printf '#!/bin/sh\nexit 1\n' >"$TMP/broken/assay-worker"
chmod +x "$TMP/broken/assay-worker"
with_core "$TMP/broken"
"$TMP/broken/assay" --no-cache --allow-unsandboxed --timeout=120 -f json "$t" \
	>"$TMP/inprocess.json" 2>"$TMP/inprocess.err"
status=$?
check "the in-process run finishes (exit $status)" test "$status" -eq 0
expect_analyzed "in-process analysis of" "$TMP/inprocess.json"
