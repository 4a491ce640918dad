# exit_codes.sh - the exit status is the same in every format: 0 clean, 1 violations,
# 2 usage, 4 no worker; and the JSON report states it.
. "$(dirname "$0")/lib.shinc"

cd "$FIXTURES" || exit 1
for fmt in text warnings json; do
	expect_status "clean run exits 0 ($fmt)" 0 "$ASSAY" -f "$fmt" -C 1000 --cognitive 1000 \
		--nesting 100 --nloc 10000 -a 100 c
	expect_status "violations exit 1 ($fmt)" 1 "$ASSAY" -f "$fmt" -C 2 c
done
"$ASSAY" -f json -C 2 c >"$TMP/v.json" 2>/dev/null
check "json states exit code 1" grep -q '"exit_code":1,' "$TMP/v.json"
expect_status "unknown option exits 2" 2 "$ASSAY" --no-such-option c
check "unknown option is named" grep -q -- '--no-such-option' "$TMP/err"
expect_status "unknown format exits 2" 2 "$ASSAY" --format=xml c
expect_status "bad number exits 2" 2 "$ASSAY" -C x c
expect_status "bad threshold exits 2" 2 "$ASSAY" -T bogus=3 c
expect_status "missing path exits 2" 2 "$ASSAY" /nonexistent/path
check "missing path is named with the cause" grep -q '/nonexistent/path: No such file' "$TMP/err"
expect_status "--help exits 0" 0 "$ASSAY" --help
check "--help lists long options" grep -q -- '--threshold=METRIC=N' "$TMP/out"
# Every long option of --help is documented in the man page (its source, "\-" unescaped).
undocumented=
options=$(grep -o -- '--[a-z][a-z-]*' "$TMP/out" | sort -u)
for o in $options; do
	sed 's/\\-/-/g' "$SRC/docs/assay.1" | grep -q -- "$o\\>" || undocumented="$undocumented $o"
done
missing=
[ -z "$undocumented" ] || missing=" (missing:$undocumented)"
check "the man page documents every option of --help$missing" \
	test "$(echo "$options" | wc -l)" -gt 30 -a -z "$undocumented"
expect_status "help exits 0" 0 "$ASSAY" help
expect_status "version exits 0" 0 "$ASSAY" version
cp "$TMP/out" "$TMP/version"
check "version names every grammar of the lock" test "$(grep -c '^grammar ' "$TMP/version")" -eq \
	"$(grep -v '^#' "$SRC/contrib/grammars.lock" | tr ',' '\n' | grep -c ':' | awk '{print $1 - 1}')"
check "version states the sandbox level" grep -q '^sandbox level: ' "$TMP/version"
expect_status "languages exits 0" 0 "$ASSAY" languages
# Every row of languages.def is listed, with the grammar package and version `assay version`
# names for it (a component's row, whose scripts other grammars read, shows none).
missing= found=0
for name in $(sed -n 's/^LANGUAGE([A-Z_]*, [0-9]*, "\([a-z_]*\)".*/\1/p' "$SRC/src/common/languages.def"); do
	grammar=$(sed -n "s/^grammar $name  *//p" "$TMP/version")
	[ -z "$grammar" ] || found=$((found + 1))
	grep -q "^$name  *$grammar" "$TMP/out" || missing="$missing $name"
done
wrong=
[ -z "$missing" ] || wrong=" (wrong:$missing)"
check "languages lists every row with its grammar$wrong" \
	test "$found" -gt 8 -a -z "$missing"
check "languages fits 80 columns" test "$(awk 'length > 80' "$TMP/out" | wc -l)" -eq 0
check "languages says which lizard languages have no grammar, and why" \
	grep -q '^ttcn3  *no tree-sitter grammar exists' "$TMP/out"

# Without its worker, assay says so and exits 4 (it never searches PATH).
mkdir -p "$TMP/alone"
cp "$ASSAY" "$TMP/alone/assay"
(PATH="$BUILD:$PATH" && export PATH && expect_status "no worker exits 4" 4 "$TMP/alone/assay" c)
check "no worker is explained" grep -q 'cannot find assay-worker' "$TMP/err"

# --sandbox=strict runs where the full sandbox applies (Linux with seccomp).
if "$ASSAY" version | grep -q '^sandbox level: full'; then
	expect_status "--sandbox=strict runs when the sandbox is full" 0 "$ASSAY" --sandbox=strict \
		-C 1000 --cognitive 1000 --nesting 100 c
fi
