# dogfood.sh - assay's own code (src/, sandbox/, the test helpers in tests/support/ and
# the scripts in contrib/) passes assay's default thresholds. A function of ours that
# fails them is split, not excused. (The unit tests' tables of CHECKs are left out.)
. "$(dirname "$0")/lib.shinc"

"$ASSAY" --no-cache "$SRC/src" "$SRC/sandbox" "$SRC/tests/support" "$SRC/contrib" >"$TMP/self.txt" 2>"$TMP/self.err"
status=$?
if [ "$status" -eq 0 ]; then
	ok "our code passes the default thresholds"
else
	not_ok "our code passes the default thresholds (exit $status)"
	grep -v '^  ' "$TMP/self.txt" | head -n 20 | sed 's/^/#   /'
fi
check "every file of ours parses without errors" grep -q ' 0 partial, 0 fallback), 0 failed' "$TMP/self.txt"

# CI runs the README's quick-start test command, verbatim (the indented line that runs
# make check), as its last command.
readme_test=$(grep -E '^    .*make check$' "$SRC/README.md" | sed 's/^    //')
check "the README names one test command" test "$(printf '%s\n' "$readme_test" | grep -c .)" -eq 1
check "CI runs exactly the README's test command" \
	test "$(grep -v '^#' "$SRC/.ci/run" | grep . | tail -n 1)" = "$readme_test"
