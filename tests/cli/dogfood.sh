# dogfood.sh - assay's own code (src/, sandbox/, the scripts in contrib/, and the tests':
# helpers in tests/support/, unit tests, fuzz targets, the bench floor, these CLI tests)
# passes assay's default thresholds and parses without errors. A function of ours that
# fails them is split, not excused. tree-sitter-bash 0.25 cannot parse a here-document
# followed by `&`, `${v:+ (text)}` or `$((0x$v >> 8 & 1))`, so the CLI tests write them
# otherwise. lib.shinc, which they source, is no file of a known language (its extension),
# and generated.sh and linguist.sh are skipped as generated (they hold the markers).
. "$(dirname "$0")/lib.shinc"

"$ASSAY" --no-cache "$SRC/src" "$SRC/sandbox" "$SRC/tests/support" "$SRC/tests/unit" \
	"$SRC/tests/bench" "$SRC"/tests/fuzz/*.c "$SRC/contrib" "$SRC"/tests/cli/*.sh \
	>"$TMP/self.txt" 2>"$TMP/self.err"
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
