# observe.sh - what a run says about itself: --fail-on, events (--log-format,
# --log-level), --trace, --progress and --stats.
. "$(dirname "$0")/lib.shinc"

T=$(test_install)
cd "$FIXTURES" || exit 1
limits="-C 1000 --cognitive 1000 --nesting 100"

# --fail-on: each event fails an otherwise clean run with its own status.
# shellcheck disable=SC2086
expect_status "a partial file alone does not fail the run" 0 "$ASSAY" $limits c
# shellcheck disable=SC2086
expect_status "--fail-on=partial fails on a partial file (3)" 3 "$ASSAY" --fail-on=partial $limits c
# shellcheck disable=SC2086
expect_status "--fail-on=skipped with nothing notable skipped" 0 "$ASSAY" --fail-on=skipped $limits c
# shellcheck disable=SC2086
expect_status "violations and --fail-on=partial: the higher status wins" 3 "$ASSAY" --fail-on=partial -C 1 c
expect_status "--fail-on with an unknown event is a usage error" 2 "$ASSAY" --fail-on=partial,bogus c
check "the unknown event is named" grep -q "unknown event 'bogus'" "$TMP/err"
expect_status "--fail-on= (no event) is a usage error, not nothing asked" 2 "$ASSAY" --fail-on= c
check "... saying so" grep -q -- "--fail-on names no event" "$TMP/err"
expect_status "-x '' (an empty pattern) is a usage error" 2 "$ASSAY" -x '' c
check "... saying so" grep -q -- "--exclude: an empty pattern" "$TMP/err"

tree="$TMP/tree"
mkdir -p "$tree"
printf 'int ok(void) { return 0; }\n' >"$tree/ok.c"
printf '/* ASSAY-TEST-CRASH */\nint c(void) { return 0; }\n' >"$tree/crash.c"
# shellcheck disable=SC2086
expect_status "a crash alone leaves the exit status clean" 0 "$T" $limits "$tree"
# shellcheck disable=SC2086
expect_status "--fail-on=incomplete fails on a crashed file (3)" 3 "$T" --fail-on=incomplete $limits "$tree"

# Events as JSON lines on stderr, with stable names.
"$T" --log-format=json "$tree" >/dev/null 2>"$TMP/events"
check "events are JSON lines naming worker.crash with the path" python3 -c '
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
crash = [e for e in events if e["event"] == "worker.crash"]
ok = crash and all(e["level"] == "warning" and e["path"].endswith("crash.c") and "time" in e
                   for e in crash)
sys.exit(0 if ok else 1)' "$TMP/events"
"$T" --log-level=error "$tree" >/dev/null 2>"$TMP/quiet"
check "--log-level=error hides warnings" test ! -s "$TMP/quiet"
"$T" "$tree" >/dev/null 2>"$TMP/text-events"
check "text events name the file and the event" grep -q 'crash.c: crashed (SIGSEGV).*\[worker.crash\]' "$TMP/text-events"

if "$ASSAY" version | grep -q '^sandbox level: full'; then
	printf '/* ASSAY-TEST-OPEN */\nint o(void) { return 0; }\n' >"$tree/open.c"
	# shellcheck disable=SC2086
	expect_status "--fail-on=sandbox-violation fails with 4" 4 "$T" --fail-on=sandbox-violation $limits "$tree"
	check "a sandbox violation is an error event" grep -q 'error: .*open.c: security: .*\[sandbox.violation\]' "$TMP/err"
	# The verdict is cached (a hostile file costs once) and still fails the run and says so.
	# shellcheck disable=SC2086
	"$TMP/bin/assay" --cache-dir="$TMP/vcache" -o "$TMP/v1.prom" $limits "$tree" >/dev/null 2>&1
	# shellcheck disable=SC2086
	expect_status "--fail-on=sandbox-violation fails with 4 on the cached verdict too" 4 \
		"$TMP/bin/assay" --cache-dir="$TMP/vcache" --fail-on=sandbox-violation \
		-o "$TMP/v2.prom" $limits "$tree"
	check "... which is an error event too" \
		grep -q 'error: .*open.c: security: .*from the cache.*\[sandbox.violation\]' "$TMP/err"
	# What an alert reads (docs/alerts.yml): the violation counted in both runs, although
	# only the first lost a worker to it.
	check "prometheus: the violation is counted, then counted again from the cache" test \
		"$(grep -h '^assay_sandbox_violation_files{' "$TMP/v1.prom" "$TMP/v2.prom" | sed 's/.* //' | tr '\n' ' ')$(grep -h '^assay_worker_deaths_total{.*cause="sandbox_violation"}' "$TMP/v1.prom" "$TMP/v2.prom" | sed 's/.* //' | tr '\n' ' ')" \
		= "1 1 1 0 "
	rm "$tree/open.c"
	mkdir -p "$TMP/weak"
	cp "$ASSAY" "$TMP/weak/assay"
	cp "$BUILD/assay-worker-nosandbox" "$TMP/weak/assay-worker"
	# shellcheck disable=SC2086
	expect_status "--fail-on=degraded fails with 4 on resource limits only" 4 \
		"$TMP/weak/assay" --no-cache --fail-on=degraded $limits c
	check "the weaker sandbox is a sandbox.degraded event" grep -q '\[sandbox.degraded\]' "$TMP/err"
fi
# Whatever --fail-on fails a run for is said (the report alone would not tell exit 4 from
# a crash).
expect_status "--sandbox=off --fail-on=degraded: exit 4" 4 "$ASSAY" --no-cache --sandbox=off --fail-on=degraded c
check "... saying which --fail-on failed it, and why" \
	grep -q 'the run fails (exit 4) on --fail-on=degraded: .*\[run.fail_on\]' "$TMP/err"

# --trace: Chrome trace events with the phases and a span per analyzed file.
"$ASSAY" --no-cache -j2 --trace="$TMP/trace.json" c python >/dev/null 2>&1
check "--trace writes trace events with phases and per-file spans" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))
ev = t["traceEvents"]
phases = {e["name"] for e in ev if e.get("tid") == 0 and e["ph"] == "X"}
spans = [e for e in ev if e.get("tid", 0) > 0 and e["ph"] == "X" and e["name"] != "worker"]
files = [e for e in spans if not e["args"].get("late")]
workers = [e for e in ev if e["ph"] == "M" and e["args"]["name"].startswith("worker")]
ok = {"discover", "key", "cache", "analyze", "report"} <= phases and len(files) == int(sys.argv[2]) \
     and len({e["name"] for e in files}) == len(files) \
     and all("parse_us" in e["args"] and e["dur"] >= 0 for e in spans) and 1 <= len(workers) <= 2
sys.exit(0 if ok else 1)' "$TMP/trace.json" "$(find c python -name '*.[ch]' -o -name '*.py' | wc -l)"

# One run id in every event (JSON and text), the trace, the JSON report and the Prometheus
# output of one run, so that a CI log line can be matched with its trace and its reports;
# another run has another id.
# run_ids N: run N of the crash tree with every output; prints the ids each output holds
# ("events text trace json prometheus", "-" where one is missing or they disagree).
run_ids() {
	"$T" -j1 --log-format=json --trace="$TMP/id$1.trace" -o "$TMP/id$1.json" \
		-o "$TMP/id$1.prom" "$tree" >/dev/null 2>"$TMP/id$1.events"
	"$T" -j1 "$tree" >/dev/null 2>"$TMP/id$1.text"
	python3 - "$TMP/id$1" <<'PY'
import json, re, sys
base = sys.argv[1]
def one(ids):
    ids = set(ids)
    return ids.pop() if len(ids) == 1 and None not in ids else "-"
events = [json.loads(l) for l in open(base + ".events") if l.strip()]
text = [l for l in open(base + ".text") if re.match(r"assay: [a-z]+: .*\[[a-z]+\.[a-z_]+\]", l)]
trace = json.load(open(base + ".trace"))
phases = [e for e in trace["traceEvents"] if e.get("tid") == 0 and e["ph"] == "X"]
prom = re.findall(r'^assay_run_info\{[^}]*run_id="([^"]*)"[^}]*\} 1$',
                  open(base + ".prom").read(), re.M)
print(one(e.get("run_id") for e in events) if events else "-",
      one(m.group(1) if m else None for m in
          (re.search(r" run=([0-9a-f]+)$", l.rstrip("\n")) for l in text)) if text else "-",
      one([trace.get("otherData", {}).get("run_id")]
          + [e.get("args", {}).get("run_id") for e in phases]),
      one([json.load(open(base + ".json")).get("run_id")]),
      one(prom) if len(prom) == 1 else "-")
PY
}
run_ids 1 >"$TMP/ids1"
run_ids 2 >"$TMP/ids2"
read -r ev1 tx1 tr1 js1 pr1 <"$TMP/ids1"
read -r ev2 _ <"$TMP/ids2"
is_id() { echo "$1" | grep -qE '^[0-9a-f]{32}$'; }
check "one run id (32 hex digits) in every event, the trace, the JSON report and assay_run_info: $(cat "$TMP/ids1")" \
	eval 'is_id "$ev1" && test "$tr1 $js1 $pr1" = "$ev1 $ev1 $ev1"'
check "text events carry it too (run=ID on every event line)" is_id "$tx1"
check "each run has its own id ($ev1, $ev2, $tx1)" \
	eval 'is_id "$ev2" && test "$ev2" != "$ev1" -a "$tx1" != "$ev1" -a "$tx1" != "$ev2"'

# Progress: only when asked or on a terminal, always on stderr.
"$ASSAY" --no-cache c >"$TMP/p.out" 2>"$TMP/p.err"
check "no progress in a pipe" sh -c "! grep -q 'files/s' '$TMP/p.err'"
"$ASSAY" --no-cache --progress=always c >"$TMP/p.out" 2>"$TMP/p.err"
check "--progress=always shows files done of total on stderr" grep -q '[0-9]*/[0-9]* files, [0-9]* files/s' "$TMP/p.err"
check "progress never reaches standard output" sh -c "! grep -q 'files/s' '$TMP/p.out'"
# An event during the run clears the progress line first: each event stands on a line of
# its own (a JSON one is a valid JSON line), the progress drawn again after it.
mkdir -p "$TMP/pe" && printf 'def f(a):  # assay: ignore[bogus]\n    return a\n' >"$TMP/pe/s.py"
printf 'def g(a):\n    return a\n' >"$TMP/pe/t.py"
"$ASSAY" --no-cache --progress=always --log-format=json "$TMP/pe" >/dev/null 2>"$TMP/pe.err"
check "an event during the run is not written after the progress line, on it" python3 -c 'import json, sys
events = 0
for line in open(sys.argv[1], "rb").read().split(b"\n"):
    rest = line.split(b"\r\033[K")[-1]
    if rest.startswith(b"{"):
        json.loads(rest)
        events += 1
    elif rest and not rest.startswith(b"assay: "):
        sys.exit(1)
    if line.count(b"{") and not line.split(b"{")[0].endswith(b"\r\033[K") and not line.startswith(b"{"):
        sys.exit(1)
sys.exit(events != 1)' "$TMP/pe.err"

"$ASSAY" --stats c >/dev/null 2>"$TMP/stats"
check "--stats reports phases, throughput, utilization and peak memory" \
	grep -qE '^assay-stats: discover=[0-9.]+s key=[0-9.]+s cache=[0-9.]+s analyze=[0-9.]+s .* keyed=[0-9]+ .*files_per_s=[0-9]+ mb_per_s=[0-9.]+ .*utilization=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ cache_hit_rate=[0-9.]+ peak_rss_kb=[0-9]+ page_faults=[0-9]+ libgit2=[01]' "$TMP/stats"
"$ASSAY" --no-cache -j2 --stats c python >/dev/null 2>"$TMP/stats2"
check "--stats reports each worker's utilization" \
	test "$(grep -cE '^assay-stats: worker=[12] busy=[0-9.]+s utilization=[0-9.]+$' "$TMP/stats2")" -eq 2

# Every event the code can emit is documented (docs/events.md), and nothing else is.
grep -rhoE 'log_event\([^,]+,[^"]*"[a-z]+\.[a-z_]+"( : "[a-z]+\.[a-z_]+")?' "$SRC/src" "$SRC/sandbox" \
	| grep -oE '"[a-z]+\.[a-z_]+"' | tr -d '"' | sort -u >"$TMP/events.code"
grep -oE '^\| `[a-z]+\.[a-z_]+`' "$SRC/docs/events.md" | tr -d '|` ' | sort -u >"$TMP/events.doc"
check "the code emits events ($(wc -l <"$TMP/events.code") found)" test "$(wc -l <"$TMP/events.code")" -ge 10
check "every event emitted is documented in docs/events.md, and only those" \
	cmp -s "$TMP/events.code" "$TMP/events.doc"
