# interrupt.sh - every command ends promptly on SIGINT, SIGTERM and SIGHUP with 130, 143
# and 129 wherever the signal lands, and leaves the cache consistent: assay-testpoint
# sends the signal to itself at a named point (src/util/testpoint.h), so each place is
# reached on every machine, however fast.
. "$(dirname "$0")/lib.shinc"

T="$BUILD/assay-testpoint"

# ---- discovery: the walk stops at the next directory --------------------------------
# The signal comes as the first directory (the root) is read: the walk has two threads,
# and only the first directory is read alone. At a later one, a thread preempted between
# counting its pass and raising the signal let the other walk the whole tree first (one
# run in about 500 on a loaded machine).
twenty_dirs "$TMP/tree"
for s in INT:130 TERM:143 HUP:129; do
	at "discover.dir:${s%:*}:1" "discovery: SIG${s%:*} exits ${s#*:}" "${s#*:}" \
		--no-cache -f json "$TMP/tree"
	check "discovery: SIG${s%:*}: the report is marked interrupted" \
		grep -q "\"status\":\"incomplete\",\"exit_code\":${s#*:},\"interrupted_by\":\"SIG${s%:*}\"" \
		"$TMP/out"
	files=$(grep -o '"path":"[^"]*"' "$TMP/out" | wc -l)
	check "discovery: SIG${s%:*}: the walk stopped early ($files of 20 files listed)" \
		test "$files" -lt 20
done

# ---- analysis: what was measured is reported and kept --------------------------------
at "engine.result:TERM:2" "analysis: SIGTERM exits 143" 143 -j1 -f json "$TMP/tree"
check "analysis: the measured files are in the report" grep -q '"status":"ok"' "$TMP/out"
check "analysis: ... and kept in the cache" test "$(entries "$ASSAY_CACHE_DIR")" -ge 2
expect_status "analysis: the cache verifies after it" 0 "$ASSAY" cache verify
# Every format lists the files the signal left unmeasured, never as if clean.
for f in sarif checkstyle codeclimate warnings csv; do
	ASSAY_TESTPOINT=engine.result:TERM:2 "$T" --no-cache -j1 -f "$f" "$TMP/tree" \
		>"$TMP/int.$f" 2>/dev/null
	n=$(grep -o 'not reached' "$TMP/int.$f" | wc -l)
	check "analysis: $f lists the files not reached ($n)" test "$n" -ge 10
done
check "analysis: SARIF says the run did not end well" \
	grep -q '"executionSuccessful":false,"exitCode":143' "$TMP/int.sarif"

# ---- a kill -9 of assay itself: what the recycled workers answered is kept -----------
# A worker's answers are stored once it has ended well; it is recycled after 500 files, so
# a kill -9 of the supervisor (SIGKILL at its 700th result, -j1: no handler of its own or
# of a sanitizer runs) loses the last worker's and the open batch (up to 256 rows or half
# a second), not the first worker's 512. With a worker for 5 000 files it lost the whole
# run.
mkdir -p "$TMP/many"
i=0
while [ $i -lt 800 ]; do
	printf 'int f%d(int a) { return a + %d; }\n' $i $i >"$TMP/many/f$i.c"
	i=$((i + 1))
done
C="$TMP/crashed"
ASSAY_TESTPOINT=engine.result:KILL:700 "$T" --cache-dir="$C" -j1 "$TMP/many" >/dev/null 2>&1
check "a kill -9 of assay at its 700th result: it died of the signal" test $? -eq 137
n=$(entries "$C")
check "... the recycled worker's results are in the cache, but for an open batch ($n)" \
	test "${n:-0}" -ge 256

# ---- writing the report: a signal while the pipe's reader is slow -------------------
# The write to a full pipe is interrupted: the report is not whole, and the run exits as
# interrupted at once, the reader still not reading (it said "Interrupted system call"
# and exited 4, once the reader read).
C="$TMP/cw"
"$ASSAY" --cache-dir="$C" -f json "$FIXTURES" >/dev/null 2>&1	# warm: the report at once
check "a signal while standard output's reader is slow: exit 130, the report not whole, said so" \
	python3 - "$ASSAY" "$C" "$FIXTURES" <<'PY'
import signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "--cache-dir=" + sys.argv[2], "-f", "json", sys.argv[3]],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
# Until assay waits in write(1, ...) on the full pipe (x86-64's write is 1, arm64's 64).
for _ in range(600):
    try:
        f = open("/proc/%d/syscall" % p.pid).read().split()
    except OSError:
        f = []
    if len(f) > 1 and f[0] in ("1", "64") and f[1] == "0x1":
        break
    time.sleep(0.05)
p.send_signal(signal.SIGINT)
# It ends with the pipe still full: no more writing once one was interrupted (stdio's own
# stream dropped the buffer and waited in the next write, for a reader that never comes).
try:
    p.wait(timeout=10)
    ended = True
except subprocess.TimeoutExpired:
    ended = False
    p.kill()
out, err = p.communicate()
ok = ended and p.returncode == 130 and b"not whole: interrupted while written" in err \
    and b"Interrupted system call" not in err
print("# ended %s, exit %d, %d bytes, %r" % (ended, p.returncode, len(out), err[-200:]))
sys.exit(0 if ok else 1)
PY

# ---- the cache commands ------------------------------------------------------------
C="$TMP/c1"
"$ASSAY" --cache-dir="$C" "$FIXTURES" >/dev/null 2>&1
n=$(entries "$C")
check "a cache of the fixtures ($n entries)" test "$n" -gt 20

at "cache.row:INT:3" "cache verify: SIGINT exits 130" 130 --cache-dir="$C" cache verify
check "cache verify: says it was interrupted" grep -q 'interrupted' "$TMP/err"
check "cache verify: no entry lost" test "$(entries "$C")" -eq "$n"
# Interrupted in its integrity check, verify has found nothing wrong: the database stays.
at "cache.check:INT" "cache verify, in its integrity check: SIGINT exits 130" 130 \
	--cache-dir="$C" cache verify
check "cache verify, in its integrity check: says it was interrupted" \
	grep -q 'verification interrupted; the cache is consistent' "$TMP/err"
check "cache verify, in its integrity check: the database is not set aside" \
	sh -c "! ls '$C'/cache.db.corrupt-* >/dev/null 2>&1"
check "cache verify, in its integrity check: no entry lost" test "$(entries "$C")" -eq "$n"

at "cache.row:TERM:3" "cache export: SIGTERM exits 143" 143 --cache-dir="$C" cache export \
	"$TMP/x.export"
check "cache export: no file left, whole or partial" \
	test -z "$(find "$TMP" -maxdepth 1 -name 'x.export*')"

"$ASSAY" cache keygen --output="$TMP/k" >/dev/null 2>&1
at "cache.row:TERM:3" "cache export, signed: SIGTERM exits 143" 143 --cache-dir="$C" cache \
	export --signing-key="$TMP/k.key" "$TMP/x.export"
check "cache export, signed: no file left, whole or partial" \
	test -z "$(find "$TMP" -maxdepth 1 -name 'x.export*')"

"$ASSAY" --cache-dir="$C" cache export --signing-key="$TMP/k.key" "$TMP/full.export" \
	>/dev/null 2>&1
at "cache.row:HUP:5" "cache import: SIGHUP exits 129" 129 --cache-dir="$TMP/c2" cache import \
	--trusted-key="$TMP/k.pub" "$TMP/full.export"
check "cache import: nothing imported (rolled back)" test "$(entries "$TMP/c2")" -eq 0
expect_status "cache import: the cache verifies" 0 "$ASSAY" --cache-dir="$TMP/c2" cache verify
expect_status "cache import: a second import completes" 0 "$ASSAY" --cache-dir="$TMP/c2" cache \
	import --trusted-key="$TMP/k.pub" "$TMP/full.export"
check "cache import: ... with every entry" test "$(entries "$TMP/c2")" -eq "$n"

at "cache.gc:INT" "cache gc: SIGINT exits 130" 130 --cache-dir="$C" --cache-max=1 cache gc
check "cache gc: nothing evicted" test "$(entries "$C")" -eq "$n"
at "cache.clear:TERM" "cache clear: SIGTERM exits 143" 143 --cache-dir="$C" cache clear
check "cache clear: nothing removed (rolled back)" test "$(entries "$C")" -eq "$n"
expect_status "the cache verifies after all that" 0 "$ASSAY" --cache-dir="$C" cache verify

# ---- the git commands ----------------------------------------------------------------
git_repo "$TMP/repo"
cp "$FIXTURES/c/control.c" a.c
cp "$FIXTURES/c/control.c" b.c
git add a.c b.c && git commit -qm one
at "engine.result:INT" "cache warm: SIGINT exits 130" 130 --cache-dir="$TMP/c3" -j1 cache warm
check "cache warm: the file measured is kept" test "$(entries "$TMP/c3")" -ge 1
expect_status "cache warm: the cache verifies" 0 "$ASSAY" --cache-dir="$TMP/c3" cache verify

"$ASSAY" --cache-dir="$TMP/c4" . >/dev/null 2>&1	# every file keyed and cached
at "lookup.file:INT" "lookup: SIGINT exits 130" 130 --cache-dir="$TMP/c4" -f json .
check "lookup: the report is marked interrupted" grep -q '"interrupted_by":"SIGINT"' "$TMP/out"

echo 'int g(int a) { return a ? 1 : 2; }' >>a.c
git add a.c
at "engine.result:INT" "precommit: SIGINT exits 130" 130 --no-cache precommit
at "engine.result:TERM" "diff: SIGTERM exits 143" 143 --no-cache diff HEAD
at "engine.result:INT" "baseline write: SIGINT exits 130" 130 --no-cache baseline write
check "baseline write: no baseline written" test ! -e .assay-baseline
at "engine.result:HUP" "explain: SIGHUP exits 129" 129 --no-cache explain a.c:g
at "config.print:TERM" "config: SIGTERM exits 143" 143 config
at "hook.write:INT" "hook install: SIGINT exits 130" 130 hook install
check "hook install: no hook, nor its temporary file" \
	test -z "$(find .git/hooks -name 'pre-commit*' ! -name '*.sample')"
