# resilience.sh - the pool past the easy half: work stealing, retries with backoff, a
# worker that dies on every file told apart from files that kill workers, the line-count
# fallback after a crash or a timeout, and memory: --memory and pressure during the run.
# Uses the test worker (assay-worker-test), whose marker strings crash, hang or slow it.
. "$(dirname "$0")/lib.shinc"

T=$(test_install)
tree="$TMP/tree"
mkdir -p "$tree"

json_get() {	# json_get JSON PATH-SUFFIX KEY
	python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
f=[f for f in r["files"] if f["path"].endswith(sys.argv[2])]
print(f[0].get(sys.argv[3]) if f else "MISSING")' "$1" "$2" "$3"
}
deaths() {	# deaths JSON: the workers' crash count
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["workers"]["crashed"])' "$1"
}

# ---- work stealing --------------------------------------------------------------------
# Four slow files (two seconds each), the largest, land in the first worker's batch; the
# second worker runs dry on the small ones and must take over slow files the first has
# not started. The trace says which worker ran which file.
steal_tree() {	# steal_tree DIR: 36 small files and the 4 slow ones, the largest
	for i in $(seq 1 36); do
		printf 'int f%d(int a) { if (a) return %d; return 0; }\n' "$i" "$i" >"$1/small$i.c"
	done
	for i in 1 2 3 4; do
		{ printf '/* ASSAY-TEST-SLOW */\nint slow%d(void) { return %d; }\n' "$i" "$i"
		  for k in $(seq 1 40); do printf '/* padding so the slow files are the largest */\n'; done
		} >"$1/slow$i.c"
	done
}
slow_threads() {	# slow_threads TRACE: how many worker threads ran slow files
	python3 -c 'import json,sys
t=json.load(open(sys.argv[1]))["traceEvents"]
print(len({e["tid"] for e in t if e.get("ph")=="X" and "slow" in e.get("name","") and e.get("args",{}).get("status")=="ok"}))' "$1"
}
steal_tree "$tree"
"$T" -j2 -f json --trace="$TMP/trace.json" --stats "$tree" >"$TMP/steal.json" 2>"$TMP/steal.err"
slots=$(slow_threads "$TMP/trace.json")
check "stealing: both workers ran slow files (the trace's threads: $slots)" test "$slots" -eq 2
check "stealing: --stats counts the stolen files" grep -Eq 'stolen=[1-9]' "$TMP/steal.err"
"$T" -j1 -f json "$tree" >"$TMP/steal1.json" 2>/dev/null
strip() { python3 -c 'import json,sys
r=json.load(open(sys.argv[1])); print(json.dumps(r["files"], sort_keys=True)); print(r["summary"]["ok"])' "$1"; }
check "stealing: the files' results are the same as with one worker" \
	test "$(strip "$TMP/steal.json")" = "$(strip "$TMP/steal1.json")"
# The race: a worker starts a file just as it is withdrawn, and both workers answer it
# (assay-testpoint lets a worker's started head file be stolen). The first answer is the
# file's, the other a "late" span in the trace.
mkdir -p "$TMP/tp"
cp "$BUILD/assay-testpoint" "$TMP/tp/assay"
cp "$BUILD/assay-worker-test" "$TMP/tp/assay-worker"
ASSAY_TESTPOINT=engine.steal_head:TRUE "$TMP/tp/assay" --no-cache -j2 -f json \
	--trace="$TMP/race.trace" "$tree" >"$TMP/race.json" 2>/dev/null
late_spans() { python3 -c 'import json,sys
t=json.load(open(sys.argv[1]))["traceEvents"]
print(len([e for e in t if e.get("ph")=="X" and e.get("args",{}).get("late")]))' "$1"; }
check "a file analyzed by two workers (withdrawn once started): late spans in the trace" \
	test "$(late_spans "$TMP/race.trace")" -ge 1
check "... one result per file, the same as with one worker" \
	test "$(strip "$TMP/race.json")" = "$(strip "$TMP/steal1.json")"
rm -f "$tree"/slow*.c

# ---- retries ----------------------------------------------------------------------------
printf '/* ASSAY-TEST-CRASH */\nint crash(void) { return 1; }\n' >"$tree/crash.c"
"$T" -j2 -f json "$tree" >"$TMP/r1.json" 2>"$TMP/r1.err"
check "retries: by default one retry, alone (two deaths)" test "$(deaths "$TMP/r1.json")" -eq 2
"$T" -j2 --retries=0 -f json "$tree" >"$TMP/r0.json" 2>"$TMP/r0.err"
check "--retries=0: no retry (one death)" test "$(deaths "$TMP/r0.json")" -eq 1
check "--retries=0: no 'retrying' event" sh -c "! grep -q retrying '$TMP/r0.err'"
start=$(date +%s.%N)
"$T" -j2 --retries=2 --retry-delay=0.4 -f json "$tree" >"$TMP/r2.json" 2>"$TMP/r2.err"
took=$(echo "$(date +%s.%N) - $start" | bc)
check "--retries=2: three deaths" test "$(deaths "$TMP/r2.json")" -eq 3
check "--retries=2: two 'retrying alone' events" test "$(grep -c 'retrying alone' "$TMP/r2.err")" -eq 2
check "--retry-delay=0.4: the retries waited 0.4 s then 0.8 s (took $took s)" \
	test "$(echo "$took >= 1.2" | bc)" -eq 1
check "retries: every other file is measured" test "$(json_get "$TMP/r2.json" small7.c status)" = ok
expect_status "--retries=11 is refused" 2 "$T" --retries=11 "$tree"
expect_status "--retry-delay=x is refused" 2 "$T" --retry-delay=x "$tree"

# ---- the line-count fallback ------------------------------------------------------------
check "a crashing file falls back to line counts" test "$(json_get "$TMP/r1.json" crash.c status)" = fallback
check "... with the crash as its reason" test "$(json_get "$TMP/r1.json" crash.c reason)" = "crashed (SIGSEGV)"
check "... its lines counted (1 code, 1 comment)" \
	test "$(json_get "$TMP/r1.json" crash.c code)/$(json_get "$TMP/r1.json" crash.c comment)" = 1/1
"$T" -j2 "$tree" >"$TMP/r1.txt" 2>&1
check "text: the fallback file is listed with its cause" grep -q 'crash.c: fallback: crashed (SIGSEGV)' "$TMP/r1.txt"
check "text: the summary counts it as incomplete, lines only" \
	grep -q '^  incomplete: 0 files failed, 1 line counts only, 0 not reached' "$TMP/r1.txt"
for fmt in sarif checkstyle warnings codeclimate csv html; do
	"$T" -j2 -f "$fmt" "$tree" >"$TMP/r1.$fmt" 2>/dev/null
	check "$fmt: the fallback file is reported as line counts only, with its cause" \
		grep -Eq 'line counts only: crashed \(SIGSEGV\)|crash.c","c","fallback","crashed \(SIGSEGV\)"' \
		"$TMP/r1.$fmt"
done
# Prometheus carries counts, not causes: the file is counted as a fallback, the run as
# incomplete.
"$T" -j2 -f prometheus "$tree" >"$TMP/r1.prom" 2>/dev/null
check "prometheus: the fallback file is counted, the run incomplete" \
	sh -c "grep -Eq '^assay_files\{[^}]*status=\"fallback\"[^}]*\} 1\$' '$TMP/r1.prom' && grep -Eq '^assay_run_incomplete(\{[^}]*\})? 1\$' '$TMP/r1.prom'"
expect_status "a fallback file is incomplete for --fail-on=incomplete" 3 \
	"$T" -j2 --fail-on=incomplete "$tree"
expect_status "... and under --strict" 3 "$T" -j2 --strict "$tree"
# precommit gates staged files: a staged file that only falls back blocks the commit under
# --on-error=block (the default lets it through with a warning).
pc="$TMP/pc"
mkdir -p "$pc" && cp "$tree/crash.c" "$pc/crash.c"
git -C "$pc" init -q && git -C "$pc" add crash.c
expect_status "precommit --on-error=block: a staged file that falls back blocks (exit 3)" 3 \
	sh -c "cd '$pc' && '$T' precommit --on-error=block"
expect_status "precommit: ... which the default lets through" 0 sh -c "cd '$pc' && '$T' precommit"
rm "$tree/crash.c"
printf '/* ASSAY-TEST-LOOP */\nint spin(void) { return 1; }\n' >"$tree/spin.c"
"$T" -j2 --timeout=1 -f json "$tree" >"$TMP/t.json" 2>/dev/null
check "a file that times out falls back to line counts" \
	test "$(json_get "$TMP/t.json" spin.c status): $(json_get "$TMP/t.json" spin.c reason)" = "fallback: timeout (after 1 s)"
rm "$tree/spin.c"
printf '/* ASSAY-TEST-CRASH ASSAY-TEST-EVERYWHERE */\nint crash(void) { return 1; }\n' >"$tree/crash.c"
"$T" -j2 -f json "$tree" >"$TMP/e.json" 2>/dev/null
check "a file the fallback crashes on too is failed, with its first cause" \
	test "$(json_get "$TMP/e.json" crash.c status): $(json_get "$TMP/e.json" crash.c reason)" = "failed: crashed (SIGSEGV)"
"$T" -j2 -f checkstyle "$tree" >"$TMP/e.xml" 2>/dev/null
check "checkstyle: a failed file is a warning on its line 1" \
	grep -q 'line="1" severity="warning" message="not measured: crashed (SIGSEGV)" source="assay.incomplete"' "$TMP/e.xml"
rm "$tree/crash.c"
if "$ASSAY" version | grep -q '^sandbox level: full'; then
	printf '/* ASSAY-TEST-OPEN */\nint sneak(void) { return 1; }\n' >"$tree/sneak.c"
	"$T" -j2 -f json "$tree" >"$TMP/v.json" 2>/dev/null
	check "a sandbox violation does not fall back" test "$(json_get "$TMP/v.json" sneak.c status)" = failed
	rm "$tree/sneak.c"
fi

# ---- a worker that dies on every file ---------------------------------------------------
mkdir -p "$TMP/broken"
cp "$BUILD/assay" "$TMP/broken/assay"
cp "$BUILD/assay-worker-test" "$TMP/broken/assay-worker"	# "broken" in its path: crashes always
with_core "$TMP/broken"
expect_status "workers that die on every file: exit 4" 4 "$TMP/broken/assay" --no-cache -j2 "$tree"
check "... saying so" grep -q 'workers die on every file' "$TMP/err"
check "... after a few deaths, not one per file" test "$(grep -c 'worker.crash' "$TMP/err")" -le 4
"$TMP/broken/assay" --no-cache -j2 --allow-unsandboxed -f json "$tree" >"$TMP/b.json" 2>"$TMP/b.err"
check "... --allow-unsandboxed then measures in-process" test "$(json_get "$TMP/b.json" small5.c status)" = ok
printf '/* ASSAY-TEST-CRASH */\nint crash(void) { return 1; }\n' >"$tree/crash.c"
printf '/* ASSAY-TEST-ABORT */\nint crash2(void) { return 1; }\n' >"$tree/crash2.c"
"$T" -j1 -f json "$tree" >"$TMP/c.json" 2>"$TMP/c.err"
check "files that kill workers are not mistaken for broken workers" \
	test "$(json_get "$TMP/c.json" small5.c status)/$(json_get "$TMP/c.json" crash2.c status)" = ok/fallback
rm "$tree/crash.c" "$tree/crash2.c"

# ---- memory -----------------------------------------------------------------------------
"$T" -j4 --memory=300M "$tree" >"$TMP/m.txt" 2>&1
check "--memory=300M: one worker of four, said in the summary" \
	grep -q 'memory: ran 1 of 4 workers' "$TMP/m.txt"
"$T" -j4 --memory=300M --stats "$tree" >/dev/null 2>"$TMP/m.err"
check "... and in --stats (four asked, at most one)" \
	grep -q 'workers_asked=4 workers_at_most=1 ' "$TMP/m.err"
expect_status "--memory below 256M is refused" 2 "$T" --memory=100M "$tree"
# Pressure during the run: the memory watch reads a meminfo of the test's own
# (assay-testpoint), which says memory is plentiful, then, a moment later, that it is not.
for i in 1 2 3 4 5 6; do
	printf '/* ASSAY-TEST-SLOW */\nint slow%d(void) { return %d; }\n' "$i" "$i" >"$tree/slow$i.c"
done
printf 'MemTotal: 16000000 kB\nMemAvailable: 8000000 kB\n' >"$TMP/meminfo"
ASSAY_TESTPOINT_FILE="/proc/meminfo=$TMP/meminfo" "$TMP/tp/assay" --no-cache -j2 --stats "$tree" \
	>"$TMP/p.txt" 2>"$TMP/p.err" &
pid=$!
sleep 1
printf 'MemTotal: 16000000 kB\nMemAvailable: 100000 kB\n' >"$TMP/meminfo.new"
mv "$TMP/meminfo.new" "$TMP/meminfo"
wait "$pid"
check "memory pressure during the run sheds a worker (summary)" \
	grep -q 'memory: ran 1 of 2 workers at the end' "$TMP/p.txt"
check "... an event says so" grep -q 'memory.shed' "$TMP/p.err"
check "... --stats too" grep -q 'shed=1' "$TMP/p.err"
check "... and every file is still measured" grep -q '42 files analyzed' "$TMP/p.txt"
# A run that holds more than --memory (the memory it holds made to say so: every
# quarter second the supervisor sums its own resident set and its workers') sheds a worker.
ASSAY_TESTPOINT_VALUE=memory.resident=2147483648 "$TMP/tp/assay" --no-cache -j2 --memory=1G \
	--stats "$tree" >"$TMP/o.txt" 2>"$TMP/o.err"
check "a run over --memory sheds a worker, saying why (summary)" \
	grep -q 'memory: ran 1 of 2 workers at the end: the run held 2048 MiB, over --memory' "$TMP/o.txt"
check "... --stats too" grep -q 'shed=1' "$TMP/o.err"
check "... and every file is still measured" grep -q '42 files analyzed' "$TMP/o.txt"

# ---- no worker for files the cache answers ----------------------------------------------
# Outside git every file is read and hashed; when the cache then answers them all, no
# worker is started (one costs more than such a run's whole analysis).
mkdir -p "$TMP/hits"
for i in 1 2 3; do printf 'int h%d(void) { return %d; }\n' "$i" "$i" >"$TMP/hits/h$i.c"; done
"$ASSAY" -f json "$TMP/hits" >/dev/null 2>&1
"$ASSAY" -f json "$TMP/hits" >"$TMP/hits.json" 2>/dev/null
check "a run the cache answers whole starts no worker" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not (r["cache"]["hits"] == 3 and r["summary"]["workers"]["started"] == 0))' "$TMP/hits.json"

# ---- a worker's CPU time over its life ---------------------------------------------------
# A worker's CPU limit (RLIMIT_CPU) counts its whole life, so the pool replaces a worker
# before the limit could cut a file short of its own timeout. The test build lowers the
# limit to 7 s: four files of 2 s each in one worker would pass it, and the last would
# be killed (SIGXCPU) though it is no slower than the others.
rm -f "$tree"/slow*.c
mkdir -p "$TMP/cpu"
for i in 1 2 3 4; do
	printf '/* ASSAY-TEST-SLOW */\nint slow%d(void) { return %d; }\n' "$i" "$i" >"$TMP/cpu/slow$i.c"
done
ASSAY_TESTPOINT_VALUE=engine.cpu_limit=7 "$TMP/tp/assay" --no-cache -j1 --timeout=3 -f json \
	"$TMP/cpu" >"$TMP/cpu.json" 2>"$TMP/cpu.err"
check "a worker's CPU limit: every slow file is measured" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not [f["status"] for f in r["files"]] == ["ok"] * 4)' "$TMP/cpu.json"
check "... no timeout charged" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["workers"]["timed_out"])' "$TMP/cpu.json")" -eq 0
check "... and none said" sh -c "! grep -q worker.timeout '$TMP/cpu.err'"

# A worker that runs dry with its CPU time spent steals nothing: a fresh worker takes its
# place and steals what the busy one has not started. The test build has the thief find
# its time spent (the time workers spend cannot be arranged between two of them); the
# tree is the stealing check's above, the slow files in the first worker's batch.
mkdir -p "$TMP/spent"
steal_tree "$TMP/spent"
ASSAY_TESTPOINT=engine.spent:TRUE "$TMP/tp/assay" --no-cache -j2 -f json --stats \
	--trace="$TMP/spent.trace" "$TMP/spent" >"$TMP/spent.json" 2>"$TMP/spent.err"
slots=$(slow_threads "$TMP/spent.trace")
check "a thief's CPU time spent: a fresh worker stole slow files (the trace's threads: $slots)" \
	test "$slots" -eq 2
check "... --stats counts them" grep -Eq 'stolen=[1-9]' "$TMP/spent.err"
check "... every file is measured" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not (r["status"] == "complete" and r["summary"]["ok"] == len(r["files"]) == 40))' "$TMP/spent.json"

# Under a hard CPU limit of the user's (ulimit -t), below the worker's own, workers still
# start: theirs is set within it (a hard limit cannot be raised without privilege).
(ulimit -t 700 && exec "$T" -j2 -f json "$tree") >"$TMP/ulimit.json" 2>"$TMP/ulimit.err"
check "ulimit -t 700: the run measures every file (exit $?)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not (r["status"] == "complete" and r["summary"]["ok"] == len(r["files"]) > 30))' "$TMP/ulimit.json"

# ---- a retry runs in a fresh worker -----------------------------------------------------
# The second worker runs dry, takes crash.c from the first (still on its slow file) and
# dies on it. The retry must not go to the first worker once that is done: dying there
# too would withhold the slow file's result from the cache (the worker that gave it
# would not have ended well).
mkdir -p "$TMP/fresh"
{ printf '/* ASSAY-TEST-SLOW */\nint slow(void) { return 1; }\n'
  for k in $(seq 1 40); do printf '/* padding: the largest file */\n'; done; } >"$TMP/fresh/slow.c"
{ printf '/* ASSAY-TEST-CRASH */\nint crash(void) { return 1; }\n'
  for k in $(seq 1 10); do printf '/* padding */\n'; done; } >"$TMP/fresh/crash.c"
for i in 1 2 3; do printf 'int s%d(void) { return %d; }\n' "$i" "$i" >"$TMP/fresh/s$i.c"; done
"$TMP/bin/assay" --cache-dir="$TMP/fresh-cache" -j2 -f json "$TMP/fresh" >"$TMP/fresh.json" 2>"$TMP/fresh.err"
"$TMP/bin/assay" --cache-dir="$TMP/fresh-cache" cache why "$TMP/fresh/slow.c" >"$TMP/fresh.why" 2>&1
check "a retry runs in a fresh worker: the slow file's result is cached" \
	grep -q '^cached: yes' "$TMP/fresh.why"
check "... the crash was retried once (two deaths)" test "$(deaths "$TMP/fresh.json")" -eq 2

# ---- a timeout is charged to the file that took too long -------------------------------
# late.c takes 2 s against a timeout of 1 s; the test build's pool, about to kill the
# worker, waits until the answer arrives (ASSAY_TESTPOINT=engine.kill:WAIT), as when the
# answer comes in just as the deadline passes. The file behind it in the same worker did
# nothing wrong: it is analyzed in another worker, not reported as timed out.
mkdir -p "$TMP/late"
{ printf '/* ASSAY-TEST-SLOW */\nint late(void) { return 1; }\n'
  for k in $(seq 1 40); do printf '/* padding: the largest file */\n'; done; } >"$TMP/late/late.c"
for i in 1 2; do printf 'int s%d(void) { return %d; }\n' "$i" "$i" >"$TMP/late/s$i.c"; done
ASSAY_TESTPOINT=engine.kill:WAIT "$TMP/tp/assay" --no-cache -j1 --timeout=1 -f json \
	"$TMP/late" >"$TMP/late.json" 2>"$TMP/late.err"
check "a timeout is not charged to the file behind the late one" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
st = {f["path"].rsplit("/", 1)[-1]: f["status"] for f in r["files"]}
sys.exit(not (st["s1.c"] == "ok" and st["s2.c"] == "ok"))' "$TMP/late.json"
