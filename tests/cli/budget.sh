# budget.sh - the time budget of the gate (--budget, [precommit] budget): it covers the
# whole run of `assay precommit` and `assay diff --budget`, files still in a worker at the
# deadline are abandoned (their workers killed) and reported as not reached, never as
# clean; --on-error decides the exit status (--strict always blocks); what was measured is
# reported and cached, what was not reached is not cached. The overrun is built from the
# test worker's markers: ASSAY-TEST-SLOW keeps a worker busy for 2 s, ASSAY-TEST-LOOP
# forever. The timing bounds are generous (the slow files would take 20 s or more).
. "$(dirname "$0")/lib.shinc"

T=$(test_install)
git_repo "$TMP/repo"
printf '[threshold]\n\tccn = 50\n' >.assay
git add .assay && git commit -qm config

# fast: many changed lines, so it is dispatched first and measured before the deadline.
i=0
while [ "$i" -lt 40 ]; do
	printf 'int fast%d(int a) { return a + %d; }\n' "$i" "$i"
	i=$((i + 1))
done >f.c
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf '/* ASSAY-TEST-SLOW */\nint slow%d(void) { return %d; }\n' "$i" "$i" >"s$i.c"
done
printf '/* ASSAY-TEST-LOOP */\nint hang(void) { return 0; }\n' >h.c
git add f.c s*.c h.c

# timed NAME COMMAND...: runs the command (output in $TMP/out and $TMP/err), its exit
# status in $status and its wall time in $ms (milliseconds).
timed() {
	start=$(date +%s%N)
	"$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	ms=$((($(date +%s%N) - start) / 1000000))
}
# pending: the paths the JSON report $TMP/out lists as not reached, sorted.
pending() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(sorted(f["path"] for f in r["files"]
                      if f["status"] == "pending" and f["reason"] == "not reached")))' "$TMP/out" 2>/dev/null
}
jq_py() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$TMP/out" "$1" 2>/dev/null
}
all_slow="h.c s1.c s10.c s2.c s3.c s4.c s5.c s6.c s7.c s8.c s9.c"

timed "$T" precommit -j1 --budget=1 -f json
check "--budget=1 ends the run well before the slow files would ($ms ms)" test "$ms" -lt 3000
check "... exit 0 with --on-error=allow (the default) (exit $status)" test "$status" -eq 0
check "... the budget is a warning" grep -q 'budget.exceeded' "$TMP/err"
check "... and so is the commit allowed although incomplete" grep -q 'gate.incomplete' "$TMP/err"
check "... the files not finished are listed as not reached ($(pending))" \
	test "$(pending)" = "$all_slow"
check "... the file measured before the deadline is reported" \
	test "$(outcomes "$TMP/out" f.c)" = ok
check "... with its functions" test "$(jq_py 'len([u for f in r["files"] for u in f.get("units", [])])')" = 40
check "... and the report says incomplete" test "$(jq_py 'r["status"]')" = incomplete

timed "$T" precommit -j1 --budget=1
check "text report: ends as early ($ms ms)" test "$ms" -lt 3000
check "... names each file not reached" grep -q '^s7\.c: not reached' "$TMP/out"
check "... and counts them" grep -q '11 files not reached' "$TMP/out"

timed "$T" precommit -j1 --budget=1 --on-error=block
check "--on-error=block: exit 3 (exit $status)" test "$status" -eq 3
check "... as early ($ms ms)" test "$ms" -lt 3000
check "... saying the commit is blocked for the files not reached, and to give it more time" sh -c \
	"grep -q 'files not fully measured: the commit is blocked (--on-error=block)' '$TMP/out' \
	 && grep -q 'give it more time: --budget=SECONDS' '$TMP/out'"
check "... and on standard error why it fails" \
	grep -q 'the gate fails (exit 3) on --on-error=block: a file was not fully measured: .* more (the time budget ran out)' "$TMP/err"

timed "$T" precommit -j1 --budget=1 --strict
check "--strict blocks an incomplete gate whatever --on-error says (exit $status)" \
	test "$status" -eq 3

timed "$T" precommit -j2 --budget=0.5 -f json
check "--budget takes fractions: 0.5 s with two workers ($ms ms)" test "$ms" -lt 3000
check "... and lists what it did not reach" test -n "$(pending)"
expect_status "--budget refuses a negative number" 2 "$T" precommit --budget=-1
expect_status "--budget refuses words" 2 "$T" precommit --budget=soon

cp .assay "$TMP/assay.saved"
printf '[precommit]\n\tbudget = 0.5\n' >>.assay
git add .assay	# precommit reads the index's .assay
"$ASSAY" config >"$TMP/cfg" 2>&1
check "[precommit] budget takes fractions" grep -q '^precommit.budget = 0.5 ' "$TMP/cfg"
timed "$T" precommit -j1 -f json
check "... and the gate keeps to it ($ms ms)" test "$ms" -lt 3000
check "... listing what it did not reach" test "$(pending)" = "$all_slow"
cp "$TMP/assay.saved" .assay
git add .assay

# The critical files still go first: a slow critical file holds the only worker past the
# deadline, and the file with the most changed lines, measured above, is not reached.
printf '[precommit]\n\tcritical = s1.c\n' >>.assay
git add .assay
timed "$T" precommit -j1 --budget=1 -f json
check "critical files are dispatched first under a budget too ($(pending))" \
	test "$(outcomes "$TMP/out" f.c)" = "pending: not reached"
cp "$TMP/assay.saved" .assay
git add .assay

# The cache: what was measured is stored, what was not reached is not (the test worker
# with a cache of its own: its answers must never meet the real worker's).
export ASSAY_CACHE_DIR="$TMP/budget-cache"
"$TMP/bin/assay" precommit -j1 --budget=1 -f json >"$TMP/out" 2>"$TMP/err"
"$TMP/bin/assay" precommit -j1 --budget=1 -f json >"$TMP/out" 2>"$TMP/err"
check "the next run finds the file measured in the cache ($(jq_py 'r["cache"]'))" \
	test "$(jq_py 'r["cache"]["hits"]')" = 1
check "... and none of the files not reached" test "$(pending)" = "$all_slow"
export ASSAY_CACHE_DIR="$TMP/cache"

# assay diff: --budget applies; the [precommit] budget (and its 5 s default) does not.
git rm -q --cached h.c
git commit -qm slow
timed "$T" diff -j1 --budget=1 -f json HEAD~1 HEAD
check "diff --budget=1 ends the run as early ($ms ms)" test "$ms" -lt 3000
check "... exit 0 with --on-error=allow (exit $status)" test "$status" -eq 0
check "... listing what it did not reach" \
	test "$(pending)" = "s1.c s10.c s2.c s3.c s4.c s5.c s6.c s7.c s8.c s9.c"
timed "$T" diff -j1 --budget=1 --on-error=block HEAD~1 HEAD
check "diff --budget=1 --on-error=block: exit 3 (exit $status)" test "$status" -eq 3
git rm -q s3.c s4.c s5.c s6.c s7.c s8.c s9.c s10.c
git commit -qm fewer
printf '[precommit]\n\tbudget = 1\n' >>.assay
timed "$T" diff -j1 -f json HEAD~2 HEAD
check "diff without --budget has no budget, whatever [precommit] says ($ms ms)" \
	test "$(outcomes "$TMP/out")" = ok
check "... no budget event" sh -c "! grep -q budget.exceeded '$TMP/err'"
cp "$TMP/assay.saved" .assay

# A changed file whose old version the budget did not reach: what changed in it cannot be
# told, so its gate is not reached either; its unchanged functions are not gated as new.
git_repo "$TMP/base"
printf '[threshold]\n\tccn = 3\n' >.assay
legacy='int legacy(int a) { if (a == 1) return 1; if (a == 2) return 2; if (a == 3) return 3; if (a == 4) return 4; return 0; }'
printf '/* ASSAY-TEST-SLOW */\n%s\n' "$legacy" >a.c
git add .assay a.c && git commit -qm base
printf '%s\nint small(int a) { return a; }\n' "$legacy" >a.c
git add a.c
timed "$T" precommit -j2 --budget=1 -f json
check "the old version not reached: the new one's gate is not reached (exit $status)" \
	test "$status" -eq 0
check "... and listed so, not gated as new" test "$(pending)" = "a.c"
timed "$T" precommit -j2 --budget=1 --on-error=block
check "... --on-error=block: exit 3 (exit $status)" test "$status" -eq 3
