# install.sh - `make install DESTDIR=...` yields an assay that runs from where it was
# installed: it finds its installed worker (../libexec from itself, never the build
# tree's), its man page and its documentation are in place.
. "$(dirname "$0")/lib.shinc"

if [ ! -f "$BUILD/Makefile" ]; then
	not_ok "install: no Makefile in $BUILD (configure first)"
	exit 0
fi
root="$TMP/root"
# A make of its own: not the jobserver of the make check that runs this.
(unset MAKEFLAGS MFLAGS MAKELEVEL; make -s -C "$BUILD" install DESTDIR="$root" \
	>"$TMP/install.log" 2>&1)
check "make install DESTDIR= succeeds" test $? -eq 0
prefix=$(sed -n 's/^prefix = //p' "$BUILD/Makefile")
bin=$root$prefix/bin/assay
check "assay is installed" test -x "$bin"
check "the man page is installed" test -f "$root$prefix/share/man/man1/assay.1"
check "the documentation is installed in docdir" \
	test -f "$root$prefix/share/doc/assay/METRICS.md" -a -f "$root$prefix/share/doc/assay/README.md"

# Moved elsewhere, as a package manager's staging area is: it still finds its worker.
mv "$root$prefix" "$TMP/moved"
bin=$TMP/moved/bin/assay
"$bin" version >"$TMP/version" 2>&1
worker=$(sed -n 's/^worker: //p' "$TMP/version")
check "the installed assay uses the installed worker ($worker)" \
	test "$worker" = "$TMP/moved/bin/../libexec/assay-worker"
case $worker in "$BUILD"/*) not_ok "the worker is the build tree's" ;; esac
check "... with the full sandbox or saying why not" grep -q '^sandbox level: ' "$TMP/version"
printf 'int f(int a) { if (a) return 1; return 0; }\n' >"$TMP/a.c"
(cd "$TMP" && "$bin" --no-cache a.c >"$TMP/run.txt" 2>&1)
check "the installed assay measures a file" grep -q '1 files analyzed (1 ok' "$TMP/run.txt"

# The analysis core the in-process engine loads is installed beside the worker, and the
# moved install finds it there: with a worker that cannot start, --allow-unsandboxed
# measures the file with it (a build that could not make the library links the core in).
if [ -f "$BUILD/assay-analyzer.so" ]; then
	check "assay-analyzer.so is installed beside the worker" \
		test -f "$TMP/moved/libexec/assay-analyzer.so"
	check "... and assay version names it" \
		grep -qx "in-process core: $TMP/moved/bin/../libexec/assay-analyzer.so" "$TMP/version"
	printf '#!/bin/sh\nexit 1\n' >"$TMP/moved/libexec/assay-worker"
	(cd "$TMP" && "$bin" --no-cache --allow-unsandboxed a.c >"$TMP/inproc.txt" 2>&1)
	check "... and the moved install analyzes in-process with it" \
		grep -q '1 files analyzed (1 ok' "$TMP/inproc.txt"
fi
