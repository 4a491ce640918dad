#!/bin/sh
# make_analyze_corpus.sh - seeds for tests/fuzz/fuzz_analyze.c from the hand-checked
# fixtures (tests/fixtures/LANG/*, the .expect files aside), written into OUTDIR.
#
#     tests/fuzz/make_analyze_corpus.sh OUTDIR
#
# Each seed is the fixture behind two bytes: its language's id minus one (the target reads
# the language as 1 + byte % (LANG_COUNT - 1)) and the options, which go round the
# sixteen combinations from one fixture to the next, so every option meets every
# language. Made afresh by tests/run-all and make fuzz, so they follow the fixtures; the
# seeds kept in tests/fuzz/corpus/analyze are the inputs no fixture holds.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
n=0
for dir in "$root"/tests/fixtures/*/; do
	lang=$(basename "$dir")
	id=$(sed -n "s/^LANGUAGE([A-Z_]*, \([0-9]*\), \"$lang\".*/\1/p" \
		"$root/src/common/languages.def")
	[ -n "$id" ] || continue	# not a language's folder (README)
	for f in "$dir"*; do
		case $f in *.expect) continue ;; esac
		[ -f "$f" ] || continue
		{
			printf "\\$(printf '%03o' $((id - 1)))\\$(printf '%03o' $((n % 16)))"
			cat "$f"
		} >"$out/$lang-$(basename "$f")"
		n=$((n + 1))
	done
done
