# oom.sh - the supervisor running out of memory: the first failed allocation releases the
# reserve set aside at start-up and stops the run as a signal would, so what was measured
# is committed to the cache and reported, marked incomplete ("out of memory"), and assay
# exits 4. assay-testpoint makes the next allocation fail at a named point
# (ASSAY_TESTPOINT=POINT:NOMEM:N, tests/support/testpoint.c), so the place is the same on
# every machine.
. "$(dirname "$0")/lib.shinc"

T="$BUILD/assay-testpoint"
twenty_dirs "$TMP/tree"

# ---- analysis: stop, commit, report, exit 4 ------------------------------------------
C="$TMP/c"
at engine.result:NOMEM:2 "analysis: out of memory exits 4" 4 --cache-dir="$C" -j1 -o "$TMP/r.json" -o "$TMP/r.sarif" "$TMP/tree"
check "analysis: the text summary says the supervisor ran out of memory" \
	grep -q '^  incomplete: the supervisor ran out of memory' "$TMP/out"
check "analysis: the event run.out_of_memory is logged" grep -q 'run.out_of_memory' "$TMP/err"
check "analysis: not said to be a signal" sh -c "! grep -q 'interrupted' '$TMP/out' '$TMP/err'"
check "analysis: the JSON report is marked incomplete, stopped by out of memory" \
	grep -q '"schema_version":"1.3",.*"status":"incomplete","exit_code":4,"stopped_by":"out of memory"' \
	"$TMP/r.json"
check "analysis: the SARIF run did not succeed" \
	grep -q '"invocations":\[{"executionSuccessful":false,"exitCode":4,' "$TMP/r.sarif"
check "analysis: ... and a notification says why" \
	grep -q '^{"level":"error","message":{"text":"assay ran out of memory' "$TMP/r.sarif"
measured=$(grep -c '"status":"ok"' "$TMP/r.json" 2>/dev/null) || measured=0
pending=$(grep -c '"status":"pending"' "$TMP/r.json" 2>/dev/null) || pending=0
check "analysis: it stopped measuring ($measured measured, $pending not reached)" \
	test "$measured" -ge 1 -a "$pending" -ge 1 -a $((measured + pending)) -eq 20
check "analysis: what was measured is in the cache ($(entries "$C") entries)" \
	test "$(entries "$C")" -eq "$measured"
expect_status "analysis: the cache verifies after it" 0 "$ASSAY" --cache-dir="$C" cache verify
expect_status "analysis: a second run completes" 0 "$ASSAY" --cache-dir="$C" -j1 -f json "$TMP/tree"
check "analysis: ... and hits the $measured files measured before" \
	grep -q "\"cache\":{\"enabled\":true,\"hits\":$measured,\"misses\":$pending," "$TMP/out"

# ---- discovery: the walk stops at the next directory ---------------------------------
# At the first directory, read alone (see interrupt.sh: at a later one, the walk's other
# thread could read the whole tree first).
at discover.dir:NOMEM:1 "discovery: out of memory exits 4" 4 --no-cache -f json "$TMP/tree"
check "discovery: the report is marked incomplete, stopped by out of memory" \
	grep -q '"status":"incomplete","exit_code":4,"stopped_by":"out of memory"' "$TMP/out"
files=$(grep -o '"path":"[^"]*"' "$TMP/out" | wc -l)
check "discovery: the walk stopped early ($files of 20 files listed)" test "$files" -lt 20

# ---- precommit: the gate fails closed and says why ------------------------------------
mkdir "$TMP/repo"
(cd "$TMP/repo" && git init -q && cp -R "$TMP/tree/d1" "$TMP/tree/d2" "$TMP/tree/d3" . \
	&& git add .) >/dev/null 2>&1
(cd "$TMP/repo" && at engine.result:NOMEM:1 "precommit: out of memory exits 4" 4 --no-cache \
	-j1 precommit)
check "precommit: the summary says the supervisor ran out of memory" \
	grep -q 'incomplete: the supervisor ran out of memory' "$TMP/out"
check "precommit: the event run.out_of_memory is logged" grep -q 'run.out_of_memory' "$TMP/err"

# ---- the same run without the failure: nothing of the above --------------------------
expect_status "no failure: exits 0" 0 "$T" --no-cache -f json "$TMP/tree"
check "no failure: no stopped_by" sh -c "! grep -q stopped_by '$TMP/out'"
