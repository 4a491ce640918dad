# alerts.sh - docs/alerts.yml, the Prometheus alerting rules over assay's metrics: promtool
# accepts them, every rule fires on the sample series of tests/alerts/alerts_test.yml for
# its project and for no other (and none fires on the quiet days), every metric a rule
# reads is one assay writes, and a broken rule or a wrong expectation makes promtool fail.
# promtool comes from Debian's prometheus package (contrib/bootstrap installs it); without
# it these checks fail, they never skip.
. "$(dirname "$0")/lib.shinc"

RULES="$SRC/docs/alerts.yml"
TESTS="$SRC/tests/alerts/alerts_test.yml"

check "promtool is installed (contrib/bootstrap installs Debian's prometheus package)" \
	sh -c 'command -v promtool >/dev/null'
promtool check rules "$RULES" >"$TMP/check" 2>&1
check "promtool check rules accepts docs/alerts.yml" grep -q 'SUCCESS: 4 rules found' "$TMP/check"
promtool test rules "$TESTS" >"$TMP/test" 2>&1
status=$?
check "promtool test rules: every alert fires where expected, and only there" \
	test "$status" -eq 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$TMP/test" | head -n 30

# The test covers every rule: each alert fires at least once and is quiet at least once.
check "every rule of docs/alerts.yml is tested firing and quiet" python3 - "$RULES" "$TESTS" <<'PY'
import re, sys
rules = re.findall(r"^\s*- alert: (\S+)", open(sys.argv[1]).read(), re.M)
tests = open(sys.argv[2]).read()
fires = set(re.findall(r"alertname: (\S+)\n\s*exp_alerts:\n\s*- exp_labels", tests))
quiet = set(re.findall(r"alertname: (\S+)\n\s*exp_alerts: \[\]", tests))
missing = [r for r in rules if r not in fires or r not in quiet]
for r in missing:
    print("#   not tested both ways: " + r)
sys.exit(1 if len(rules) != 4 or missing else 0)
PY

# Every assay_ metric the rules and the test series name is one assay writes.
(cd "$FIXTURES" && "$ASSAY" -j1 -f prometheus c >"$TMP/run.prom" 2>/dev/null)
sed -n 's/^# TYPE \(assay_[a-z_]*\) .*/\1/p' "$TMP/run.prom" | sort -u >"$TMP/written"
grep -v '^ *#' "$RULES" "$TESTS" | grep -o 'assay_[a-z_]*' | sort -u >"$TMP/named"
check "the rules read metrics assay writes ($(wc -l <"$TMP/named") named)" \
	sh -c "test -s '$TMP/named' && test -z \"\$(comm -23 '$TMP/named' '$TMP/written')\""
comm -23 "$TMP/named" "$TMP/written" | sed 's/^/#   not written by assay: /'

# Broken copies: promtool must notice, and say FAILED (not merely be missing). The copies
# keep the test's relative layout.
# fails WHAT...: promtool WHAT... exits non-zero and reports a failure.
fails() {
	! promtool "$@" >"$TMP/m.out" 2>&1 && grep -q 'FAILED' "$TMP/m.out"
}
mkdir -p "$TMP/m/docs" "$TMP/m/tests/alerts"
cp "$TESTS" "$TMP/m/tests/alerts/"
sed 's/assay_run_incomplete == 1/assay_run_incomplete ==/' "$RULES" >"$TMP/m/docs/alerts.yml"
check "a rule that does not parse fails promtool check rules" \
	fails check rules "$TMP/m/docs/alerts.yml"
sed 's/and assay_run_duration_seconds >= 10/and assay_run_duration_seconds >= 1/' "$RULES" \
	>"$TMP/m/docs/alerts.yml"
check "a rule that fires where it should not (the tiny project's runs) fails promtool test rules" \
	eval '! cmp -s "$RULES" "$TMP/m/docs/alerts.yml" && fails test rules "$TMP/m/tests/alerts/alerts_test.yml"'
cp "$RULES" "$TMP/m/docs/alerts.yml"
sed 's/run_id: e0e0e0e0/run_id: 0e0e0e0e/' "$TESTS" >"$TMP/m/tests/alerts/alerts_test.yml"
check "a wrong expectation (the old run's id) fails promtool test rules" \
	eval '! cmp -s "$TESTS" "$TMP/m/tests/alerts/alerts_test.yml" && fails test rules "$TMP/m/tests/alerts/alerts_test.yml"'

# What assay writes passes promtool check metrics, also when the project's name (a folder's,
# here) is no valid UTF-8, holds a quote, a backslash: label values are escaped, and an
# invalid byte becomes U+FFFD.
proj=$(printf '%s/proj\377"q\\b' "$TMP")
mkdir -p "$proj" && printf 'int f(void) { return 0; }\n' >"$proj/a.c"
(cd "$proj" && "$ASSAY" --no-cache -j1 -f prometheus . >"$TMP/odd.prom" 2>/dev/null)
check "promtool check metrics accepts assay's output" sh -c "promtool check metrics <'$TMP/run.prom'"
check "... and with a project name that is no valid UTF-8, a quote and a backslash" \
	sh -c "promtool check metrics <'$TMP/odd.prom'"
check "... the name escaped, its invalid byte as U+FFFD" \
	grep -q "project=\"proj$(printf '\357\277\275')\\\\\"q\\\\\\\\b\"" "$TMP/odd.prom"
