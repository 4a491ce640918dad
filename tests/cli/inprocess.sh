# inprocess.sh - the in-process fallback (--allow-unsandboxed, when no worker can start).
# It says plainly what it risks, and parses each file in a forked child: a file that
# crashes or hangs the parser costs that file, as with a worker, not the run (Debian's
# tree-sitter 0.20.7 corrupting its heap aborted the supervisor itself). The budget and
# the timeout hold as with workers. assay-testpoint's point inprocess.analyze delivers a
# signal where a file is parsed (every file: each child counts from its parent's zero).
. "$(dirname "$0")/lib.shinc"

dir="$TMP/noworker"
mkdir -p "$dir"
cp "$BUILD/assay-testpoint" "$dir/assay"
printf '#!/bin/sh\nexit 1\n' >"$dir/assay-worker"
chmod +x "$dir/assay-worker"
with_core "$dir"
A="$dir/assay"
tree="$TMP/tree"
mkdir -p "$tree"
for f in a b c; do
	printf 'int %s(int x) { if (x) return 1; return 0; }\n' "$f" >"$tree/$f.c"
done

"$A" --no-cache --allow-unsandboxed -f json "$tree" >"$TMP/plain.json" 2>"$TMP/plain.err"
check "without a signal every file is measured ($(outcomes "$TMP/plain.json"))" \
	test "$(outcomes "$TMP/plain.json")" = ok
check "the fallback says a hostile file can crash or compromise the run" \
	grep -q 'WITHOUT any sandbox.*a hostile file can now crash or compromise this run' \
	"$TMP/plain.err"
"$A" --no-cache --allow-unsandboxed -f sarif "$tree" >"$TMP/plain.sarif" 2>/dev/null
check "SARIF states the in-process run as JSON does (level off, in-process)" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["runs"][0]["properties"]["sandbox"]
j = json.load(open(sys.argv[2]))["sandbox"]
assert s == j and s["level"] == "off" and s["detail"] == "in-process (--allow-unsandboxed)", (s, j)
' "$TMP/plain.sarif" "$TMP/plain.json"

# A parser that crashes (SIGSEGV where the file is parsed). The timeouts (timeout(1))
# only bound the test when the run itself hangs.
# --allow-empty: every file failing would otherwise be "nothing measured" (exit 2).
ASSAY_TESTPOINT=inprocess.analyze:SEGV timeout -k 5 60 "$A" --no-cache --allow-unsandboxed --allow-empty \
	-f json "$tree" >"$TMP/crash.json" 2>"$TMP/crash.err"
status=$?
check "a file that crashes the parser does not end the run (exit $status)" test "$status" -eq 0
got=$(outcomes "$TMP/crash.json")
check "... it fails as crashed, as with a worker ($got)" test "$got" = "failed: crashed (SIGSEGV)"
check "... and the crash is a warning naming it" \
	grep -q 'a.c: crashed (SIGSEGV) \[worker.crash\]' "$TMP/crash.err"

# A parser that hangs (SIGSTOP): --timeout ends it.
ASSAY_TESTPOINT=inprocess.analyze:STOP timeout -k 5 60 "$A" --no-cache --allow-unsandboxed --allow-empty \
	--timeout=1 -f json "$tree" >"$TMP/hang.json" 2>"$TMP/hang.err"
status=$?
check "a file that hangs the parser does not hang the run (exit $status)" test "$status" -eq 0
got=$(outcomes "$TMP/hang.json")
check "... it fails as timeout after --timeout ($got)" test "$got" = "failed: timeout"

# The budget (precommit): past it nothing new is parsed.
git_repo "$TMP/repo" >/dev/null 2>&1
cp "$tree"/*.c .
git add a.c b.c c.c
ASSAY_TESTPOINT=inprocess.analyze:STOP timeout -k 5 60 "$A" precommit --no-cache \
	--allow-unsandboxed -j1 --timeout=1 --budget=1 -f json >"$TMP/budget.json" 2>"$TMP/budget.err"
status=$?
check "in-process, the budget ends the gate (exit $status)" test "$status" -eq 0
check "... with the budget event" grep -q 'budget.exceeded' "$TMP/budget.err"
check "... and the files it did not reach listed" \
	grep -q '"status":"pending","reason":"not reached"' "$TMP/budget.json"
# The budget ends the run even while a child still parses (long before its --timeout):
# the child is killed and its file is not reached, not failed.
start=$(date +%s%N)
ASSAY_TESTPOINT=inprocess.analyze:STOP timeout -k 5 60 "$A" precommit --no-cache \
	--allow-unsandboxed -j1 --timeout=20 --budget=0.5 -f json >"$TMP/budget.json" 2>"$TMP/budget.err"
ms=$((($(date +%s%N) - start) / 1000000))
check "in-process, the budget stops the child still parsing ($ms ms)" test "$ms" -lt 3000
check "... whose file is not reached ($(outcomes "$TMP/budget.json"))" \
	test "$(outcomes "$TMP/budget.json")" = "pending: not reached"

# Where fork fails (a preloaded fork() that always does stands in for a process limit),
# files are parsed in the supervisor itself, as before, and the user is told so.
printf '#include <errno.h>\n#include <sys/types.h>\npid_t fork(void) { errno = EAGAIN; return -1; }\n' \
	>"$TMP/nofork.c"
if cc -shared -fPIC -o "$TMP/nofork.so" "$TMP/nofork.c" 2>/dev/null; then
	# ASan wants its runtime first in the library list; the shim only replaces fork.
	LD_PRELOAD="$TMP/nofork.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$A" --no-cache --allow-unsandboxed -f json "$tree" >"$TMP/nofork.json" 2>"$TMP/nofork.err"
	got=$(outcomes "$TMP/nofork.json")
	check "without fork the files are parsed in the supervisor itself ($got)" test "$got" = ok
	check "... and the user is told, once" \
		test "$(grep -c 'cannot fork (.*): parsing in this process itself.*\[analysis.nofork\]' "$TMP/nofork.err")" -eq 1
else
	not_ok "cc is needed to build the fork-less shim"
fi

# The core is assay-analyzer.so beside the worker (engine/analyzer_lib.h): without it, or
# with another library in its place, nothing is analyzed and the run says why (exit 4),
# never reporting the files clean.
if [ -f "$BUILD/assay-analyzer.so" ]; then
	mv "$dir/assay-analyzer.so" "$TMP/analyzer.so"
	"$A" --no-cache --allow-unsandboxed -f json "$tree" >"$TMP/nocore.json" 2>"$TMP/nocore.err"
	status=$?
	check "without assay-analyzer.so the run cannot analyze (exit $status)" test "$status" -eq 4
	check "... and says where it looked" grep -q \
		"the in-process engine cannot run either: cannot find assay-analyzer.so next to this program" \
		"$TMP/nocore.err"
	check "... its files are not reached ($(outcomes "$TMP/nocore.json"))" \
		test "$(outcomes "$TMP/nocore.json")" = "pending: not reached"
	# refused NAME WANT: a library built from $TMP/NAME.c in the core's place is refused
	# (exit 4), with WANT in the error.
	refused() {
		if cc -shared -fPIC -o "$dir/assay-analyzer.so" "$TMP/$1.c" 2>/dev/null; then
			"$A" --no-cache --allow-unsandboxed "$tree" >/dev/null 2>"$TMP/$1.err"
			status=$?
			check "$1: refused in the core's place (exit $status)" test "$status" -eq 4
			check "... saying why" grep -qF "$2" "$TMP/$1.err"
		else
			not_ok "cc is needed to build a library in the core's place ($1)"
		fi
	}
	printf 'int not_the_core(void) { return 0; }\n' >"$TMP/other.c"
	refused other "$dir/assay-analyzer.so: not assay's analysis core (a symbol is missing)"
	# Every entry point, but of another build (its analyzer_abi differs).
	cat >"$TMP/otherbuild.c" <<'EOF'
const char *analyzer_abi(void) { return "0.0.0/proto 0/record 0/options 0"; }
void *analyzer_new(void) { return 0; }
void analyzer_free(void *a) { (void)a; }
int analyzer_run(void) { return -1; }
int analyzer_answer(void) { return -1; }
EOF
	refused otherbuild \
		"the analysis core of another build (0.0.0/proto 0/record 0/options 0, not this one's)"
	mv "$TMP/analyzer.so" "$dir/assay-analyzer.so"
fi
