# units.sh - the unit policy (--units, [units] LANG = POLICY): which nested functions are
# units of their own, per language, from the command line or a configuration file; the
# cache keeps the results of each policy apart; --strict ignores a repository's [units].
. "$(dirname "$0")/lib.shinc"

repo="$TMP/repo"
git init -q "$repo"
cd "$repo" || exit 1
export XDG_CONFIG_HOME="$TMP/xdg"
# Two nested functions: one unbound callback, one bound arrow.
cat >app.js <<'JS'
function outer(xs) {
  const pick = (x) => x > 1;
  return xs.filter(function (x) { return x && pick(x); });
}
JS
cat >main.go <<'GO'
package main

func outer(xs []int) int {
	f := func(x int) bool { return x > 1 }
	n := 0
	for _, x := range xs {
		if f(x) {
			n++
		}
	}
	return n
}
GO
units() { "$ASSAY" -f json "$@" . 2>/dev/null | grep -o '"qualified_name":"[^"]*"' | sort | tr '\n' ' '; }

check "JavaScript: each function is a unit by default (as ESLint reports them)" \
	test "$(units -l javascript)" = '"qualified_name":"outer" "qualified_name":"outer.(anonymous)" "qualified_name":"outer.pick" '
check "Go: func literals fold by default, bound ones too (gocyclo)" \
	test "$(units -l go)" = '"qualified_name":"main.outer" '
check "--units=bound: a bound function is a unit, an unbound one folds" \
	test "$(units --units=bound -l javascript)" = '"qualified_name":"outer" "qualified_name":"outer.pick" '
check "--units=fold applies to every language" \
	test "$(units --units=fold)" = '"qualified_name":"main.outer" "qualified_name":"outer" '
check "--units=each applies to every language" \
	test "$(units --units=each -l go)" = '"qualified_name":"main.outer" "qualified_name":"main.outer.f" '
check "the cache keeps each policy's results apart (warm run, default again)" \
	test "$(units -l javascript)" = '"qualified_name":"outer" "qualified_name":"outer.(anonymous)" "qualified_name":"outer.pick" '
expect_status "--units takes each, bound or fold" 2 "$ASSAY" --units=some .
check "... saying so" grep -q "units is each, bound or fold, not 'some'" "$TMP/err"

printf '[units]\n\tjavascript = fold\n' >.assay
check "[units] in .assay sets one language" \
	test "$(units)" = '"qualified_name":"main.outer" "qualified_name":"outer" '
check "the command line beats it" \
	test "$(units --units=each -l javascript)" = '"qualified_name":"outer" "qualified_name":"outer.(anonymous)" "qualified_name":"outer.pick" '
expect_status "assay config" 0 "$ASSAY" config
check "assay config shows it with its origin" grep -q "^units.javascript = fold ($repo/.assay:2)$" "$TMP/out"
expect_status "assay config --strict" 0 "$ASSAY" config --strict
check "--strict ignores a repository's [units] and says so" \
	grep -q '^# ignored under --strict: units.javascript = fold (.assay:2): changes which functions are measured apart$' "$TMP/out"
check "--strict measures with the default policy" \
	test "$(units --strict -l javascript)" = '"qualified_name":"outer" "qualified_name":"outer.(anonymous)" "qualified_name":"outer.pick" '
mkdir -p "$TMP/xdg/assay"
printf '[units]\n\tjavascript = bound\n' >"$TMP/xdg/assay/config"
check "... but the user's own [units] applies under --strict" \
	test "$(units --strict -l javascript)" = '"qualified_name":"outer" "qualified_name":"outer.pick" '
printf '[units]\n\tcobol = each\n' >.assay
expect_status "[units] of an unknown language is an error" 2 "$ASSAY" .
check "... naming file, line and the known languages" grep -q "\.assay:2: unknown language 'cobol' in \[units\] (known: c, " "$TMP/err"
printf '[units]\n\tgo = nested\n' >.assay
expect_status "[units] with an unknown policy is an error" 2 "$ASSAY" .
check "... naming the policies" grep -q "each', 'bound' or 'fold'" "$TMP/err"

