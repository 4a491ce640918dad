# layout.sh - the shape docs/ARCHITECTURE.md describes holds (tests/support/layout.py):
# what runs in the sandbox includes nothing of the supervisor; no two files depend on
# each other; assay-worker links no supervisor library; files stay one job each. Each
# check is shown to fail on a planted breach first.
. "$(dirname "$0")/lib.shinc"

L="$SRC/tests/support/layout.py"
# clean NAME ARGS...: layout.py ARGS finds nothing (what it found is in the name).
clean() {
	name=$1
	shift
	python3 "$L" "$@" >"$TMP/out" 2>&1
	check "$name$(test -s "$TMP/out" && head -n 3 "$TMP/out" | tr '\n' ' ' | sed 's/^/: /')" \
		test ! -s "$TMP/out"
}
clean "no folder includes what it must not see" layers "$SRC"
clean "no source file over 800 lines, main.c over 150" sizes "$SRC"
clean "no dependency cycle between object files" cycles "$SRC" "$BUILD"
clean "assay-worker links no supervisor library" worker "$BUILD"
clean "assay links no grammar; assay-analyzer.so exports the core's entry points alone" core "$SRC" "$BUILD"
clean "every file testing a configure macro includes config.h" config "$SRC"

# The checks can fail: a planted include, a planted long file, a planted cycle, a
# planted library.
mkdir -p "$TMP/plant/src/analyze" "$TMP/plant/src/common" "$TMP/plant/sandbox"
printf '#include "store/cache.h"\n' >"$TMP/plant/src/analyze/bad.c"
expect_status "layers: an analyze/ file including store/ fails" 1 python3 "$L" layers "$TMP/plant"
check "layers: ... naming the file and line" grep -q 'src/analyze/bad.c:1: ' "$TMP/out"
printf '#ifdef ASSAY_SANITIZERS\n#endif\n' >"$TMP/plant/src/common/cfg.c"
cp "$SRC/config.h.in" "$TMP/plant/" 2>/dev/null || printf '#undef ASSAY_SANITIZERS\n' >"$TMP/plant/config.h.in"
expect_status "config: a file testing ASSAY_SANITIZERS without config.h fails" 1 python3 "$L" config "$TMP/plant"
check "config: ... naming it" grep -q 'src/common/cfg.c: uses ASSAY_SANITIZERS' "$TMP/out"
rm "$TMP/plant/src/common/cfg.c"
seq 1 801 | sed 's/^/int x/' >"$TMP/plant/src/common/long.c"
expect_status "sizes: an 801-line file fails" 1 python3 "$L" sizes "$TMP/plant"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$TMP/plant/src/common/a.c"
printf 'int a(void);\nint b(void) { return a(); }\n' >"$TMP/plant/src/common/b.c"
i=0
while [ $i -lt 50 ]; do	# the check wants a built tree
	printf 'int f%d(void) { return 0; }\n' $i >"$TMP/plant/src/common/f$i.c"
	i=$((i + 1))
done
(cd "$TMP/plant" && for f in src/common/*.c; do cc -c "$f" -o "${f%.c}.o" 2>/dev/null; done)
expect_status "cycles: two files using each other fail" 1 python3 "$L" cycles "$TMP/plant" "$TMP/plant"
check "cycles: ... naming both and the symbols" grep -q 'src/common/a.o -> src/common/b.o (b)' "$TMP/out"
printf '#include <sqlite3.h>\nint main(void) { return sqlite3_libversion_number() == 0; }\n' \
	>"$TMP/w.c"
if cc "$TMP/w.c" -o "$TMP/plant/assay-worker" -lsqlite3 2>/dev/null; then
	expect_status "worker: a worker linking SQLite fails" 1 python3 "$L" worker "$TMP/plant"
else
	not_ok "worker: cannot build the planted worker (cc, libsqlite3-dev)"
fi
# libsodium signs cache exports in the supervisor (docs/CACHE.md); never in the worker.
printf '#include <sodium.h>\nint main(void) { return sodium_init(); }\n' >"$TMP/s.c"
if cc "$TMP/s.c" -o "$TMP/plant/assay-worker" -lsodium 2>/dev/null; then
	expect_status "worker: a worker linking libsodium fails" 1 python3 "$L" worker "$TMP/plant"
	check "worker: ... naming it" grep -q 'assay-worker links libsodium' "$TMP/out"
else
	not_ok "worker: cannot build the planted worker (cc, libsodium-dev)"
fi
# A supervisor with the core linked in, a library exporting more than the core.
printf 'const void *tree_sitter_c(void) { return 0; }\nint main(void) { return 0; }\n' >"$TMP/g.c"
printf 'int analyzer_new(void) { return 0; }\nint helper(void) { return 1; }\n' >"$TMP/l.c"
if cc "$TMP/g.c" -o "$TMP/plant/assay" 2>/dev/null \
	&& cc -shared -fPIC "$TMP/l.c" -o "$TMP/plant/assay-analyzer.so" 2>/dev/null; then
	expect_status "core: a supervisor holding a grammar fails" 1 python3 "$L" core "$SRC" "$TMP/plant"
	check "core: ... naming it" grep -q 'assay holds the analysis core: tree_sitter_c' "$TMP/out"
	check "core: ... and the library's extra export" grep -q "exports \['helper'\]" "$TMP/out"
else
	not_ok "core: cannot build the planted supervisor and library (cc)"
fi
check "assay itself links or holds libsodium (the signatures of cache exports)" \
	sh -c "readelf -d '$BUILD/assay' | grep -q 'NEEDED.*libsodium' || nm -P '$BUILD/assay' | grep -q '^crypto_sign_ed25519_detached T'"
