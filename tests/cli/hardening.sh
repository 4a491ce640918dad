# hardening.sh - the binaries are built hardened where configure found the flags (on by
# default, --disable-hardening to leave them out): full RELRO (-z relro -z now), the stack
# protector and _FORTIFY_SOURCE's checked libc calls, in the supervisor and in the worker,
# which parses the untrusted bytes.
. "$(dirname "$0")/lib.shinc"

flags=$(sed -n 's/^HARDENING_CFLAGS = //p' "$BUILD/Makefile")
ldflags=$(sed -n 's/^HARDENING_LDFLAGS = //p' "$BUILD/Makefile")

# has_dynamic BIN WORD: the dynamic section names WORD (readelf -d).
has_dynamic() {
	readelf -d "$1" | grep -q "$2"
}
# imports BIN PATTERN: BIN calls a libc function matching PATTERN (nm -D). A worker linked
# static-pie (configure's default: no NEEDED library) holds libc itself, whose own objects
# call the checks whatever our flags: there the objects it was linked from must.
imports() {
	if readelf -d "$1" | grep -q NEEDED; then
		nm -D --undefined-only "$1" | grep -q "$2"
	else
		nm --undefined-only "$BUILD"/src/worker/assay_worker-*.o "$BUILD/libassay_core.a" \
			"$BUILD/libtree_sitter.a" "$BUILD/libassay_grammars.a" 2>/dev/null | grep -q "$2"
	fi
}

# The in-process engine's library parses untrusted bytes too, where the build made it.
libs=
if [ -f "$BUILD/assay-analyzer.so" ]; then
	libs="$BUILD/assay-analyzer.so"
fi
for bin in "$ASSAY" "$BUILD/assay-worker" $libs; do
	which=${bin##*/}
	case $ldflags in
	*"-z,now"*)
		check "$which: bound at load (BIND_NOW)" has_dynamic "$bin" 'FLAGS.*NOW'
		check "$which: relocations read-only after (GNU_RELRO)" \
			sh -c "readelf -lW '$bin' | grep -q GNU_RELRO"
		;;
	*) echo "# $which: no full RELRO asked (configure found no -z now): not checked" ;;
	esac
	case $flags in
	*stack-protector*) check "$which: the stack protector is in" imports "$bin" '__stack_chk_fail' ;;
	*) echo "# $which: no stack protector asked: not checked" ;;
	esac
	case $flags in
	*FORTIFY_SOURCE=2*) check "$which: libc calls are checked (_FORTIFY_SOURCE)" imports "$bin" '__.*_chk' ;;
	*) echo "# $which: no _FORTIFY_SOURCE asked (-O0 or sanitizers): not checked" ;;
	esac
done
