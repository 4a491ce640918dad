# formats.sh - every report format on every language's fixtures, against checked-in
# expected output (the numbers in them are the hand-checked ones of tests/fixtures).
. "$(dirname "$0")/lib.shinc"

cd "$FIXTURES" || exit 1
# Every language of the table, so a language added without fixtures and golden files fails.
langs=$(sed -n 's/^LANGUAGE([A-Z0-9_]*, *[0-9]*, *"\([a-z0-9_+-]*\)".*/\1/p' "$SRC/src/common/languages.def")
check "the language table names languages ($(echo $langs))" test -n "$langs"
for lang in $langs; do
	"$ASSAY" -j1 --format=json "$lang" >"$TMP/$lang.json" 2>"$TMP/err"
	golden "$lang.json" "$TMP/$lang.json"
	check "json $lang is valid JSON" python3 -m json.tool "$TMP/$lang.json" /dev/null
	"$ASSAY" -j1 --ccn=2 --cognitive=2 "$lang" >"$TMP/$lang.txt" 2>"$TMP/err"
	golden "$lang.txt" "$TMP/$lang.txt"
done
"$ASSAY" -j1 -w --ccn=3 . >"$TMP/all.warnings" 2>"$TMP/err"
golden "all.warnings" "$TMP/all.warnings"
check "warnings match lizard's line shape" \
	sh -c "! grep -vE '^[^:]+:[0-9]+: warning: .+ has [0-9]+ NLOC, [0-9]+ CCN, [0-9]+ token, [0-9]+ PARAM, [0-9]+ length( \\[[^]]+\\])?$' '$TMP/all.warnings'"

# The order and content of a report do not depend on the number of workers.
"$ASSAY" -j1 -f json . 2>/dev/null | normalize >"$TMP/j1.json"
"$ASSAY" -j2 -f json . 2>/dev/null | normalize >"$TMP/j2.json"
"$ASSAY" -j7 -f json . 2>/dev/null | normalize >"$TMP/j7.json"
check "-j1, -j2 and -j7 give the same JSON" \
	sh -c "cmp -s '$TMP/j1.json' '$TMP/j2.json' && cmp -s '$TMP/j1.json' '$TMP/j7.json'"

# Several reports from one run.
"$ASSAY" -j2 --ccn=3 -o "$TMP/r.json" -o "$TMP/r.warnings" -o "$TMP/r.txt" c >"$TMP/stdout" 2>&1
check "-o writes each report" test -s "$TMP/r.json" -a -s "$TMP/r.warnings" -a -s "$TMP/r.txt"
check "-o json is the json format" python3 -m json.tool "$TMP/r.json" /dev/null
check "-o .warnings is the warnings format" grep -q ': warning: ' "$TMP/r.warnings"
check "-o .txt is the text report" grep -q '^assay: ' "$TMP/r.txt"
check "standard output still gets the text report" grep -q '^assay: ' "$TMP/stdout"

# Colour: only when asked, or on a terminal without NO_COLOR.
"$ASSAY" -j1 --ccn=2 c >"$TMP/plain" 2>/dev/null
"$ASSAY" -j1 --ccn=2 --color=always c >"$TMP/color" 2>/dev/null
check "no colour in a pipe" sh -c "! grep -q \"$(printf '\033')\" '$TMP/plain'"
check "--color=always colours" grep -q "$(printf '\033')\[" "$TMP/color"
if command -v script >/dev/null 2>&1; then
	script -qec "'$ASSAY' -j1 --ccn=2 c" /dev/null >"$TMP/tty" 2>&1
	NO_COLOR=1 script -qec "'$ASSAY' -j1 --ccn=2 c" /dev/null >"$TMP/tty-nocolor" 2>&1
	check "colour on a terminal" grep -q "$(printf '\033')\[" "$TMP/tty"
	check "NO_COLOR turns it off on a terminal" \
		sh -c "! grep -q \"$(printf '\033')\[3\" '$TMP/tty-nocolor'"
	TERM=dumb script -qec "'$ASSAY' -j1 --ccn=2 c" /dev/null >"$TMP/tty-dumb" 2>&1
	check "TERM=dumb: no colour, no progress line (no escape at all)" \
		sh -c "! grep -q \"$(printf '\033')\" '$TMP/tty-dumb'"
fi
# -o's extension in any case: R.HTML is HTML, r.Json JSON.
"$ASSAY" -j1 --ccn=2 -o "$TMP/R.HTML" -o "$TMP/r.Json" c >/dev/null 2>&1
check "-o R.HTML writes HTML, r.Json JSON" sh -c \
	"grep -qi '<!doctype html' '$TMP/R.HTML' && python3 -m json.tool '$TMP/r.Json' >/dev/null"
# -o WORD:FILE where WORD names no format is a mistyped format (GitLab never finds its
# artifact under a file called code-climate:gl-code-quality-report.json), not a file name;
# ./WORD:FILE is one.
(cd "$TMP" && "$ASSAY" -j1 -o code-climate:gl.json "$FIXTURES/c" >/dev/null 2>"$TMP/mistyped.err")
check "-o code-climate:FILE exits 2" test $? -eq 2
check "... says it is no format and suggests codeclimate" \
	grep -q "'code-climate' is no format (.*): did you mean codeclimate? Or write ./code-climate:gl.json" \
	"$TMP/mistyped.err"
check "... and writes nothing" test ! -e "$TMP/code-climate:gl.json"
(cd "$TMP" && "$ASSAY" -j1 -o ./code-climate:gl.json "$FIXTURES/c" >/dev/null 2>&1)
check "-o ./WORD:FILE writes a file of that name" test -s "$TMP/code-climate:gl.json"
# --output_file names itself in the message (it has no one-letter form: the message was
# "assay: -"); -o json: names no file; --metrics-file takes its name whole, colon and all
# (it crashed on a name with a colon, or wrote its figures into the -o before it).
"$ASSAY" -j1 --output_file code-climate:x.json "$FIXTURES/c" >/dev/null 2>"$TMP/long.err"
check "--output_file WORD:FILE: exit 2, the option named" sh -c \
	"test $? -eq 2 && grep -q \"^assay: --output_file code-climate:x.json: 'code-climate' is no format\" '$TMP/long.err'"
"$ASSAY" -j1 -o json: "$FIXTURES/c" >/dev/null 2>"$TMP/empty.err"
check "-o json: exits 2: no file name after the format" sh -c \
	"test $? -eq 2 && grep -q \"^assay: -o 'json:': no file name after the format\" '$TMP/empty.err'"
(cd "$TMP" && "$ASSAY" -j1 -o r.json --metrics-file node:m.prom "$FIXTURES/c" >/dev/null 2>&1)
check "--metrics-file node:m.prom writes that file, and -o r.json stays JSON" sh -c \
	"grep -q '^# HELP assay_run_info' '$TMP/node:m.prom' && python3 -m json.tool '$TMP/r.json' >/dev/null"
(cd "$TMP" && "$ASSAY" -j1 --metrics-file other:m.prom "$FIXTURES/c" >/dev/null 2>&1)
check "--metrics-file WORD:FILE alone does not crash" test $? -le 1
# --version anywhere among the options, as GNU programs take it.
"$ASSAY" --no-cache --version >"$TMP/v.out" 2>&1
check "--version after another option prints the version" grep -q '^assay [0-9]' "$TMP/v.out"
