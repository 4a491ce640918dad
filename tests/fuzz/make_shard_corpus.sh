#!/bin/sh
# make_shard_corpus.sh - the seed corpus of tests/fuzz/fuzz_shard.c, from real shard reports.
#
#     tests/fuzz/make_shard_corpus.sh BUILDDIR
#
# Runs BUILDDIR/assay --shard over three folders of hand-checked fixtures (C whole, Python
# whole, the second third of Go) with --no-cache and keeps the JSON reports, whose records
# are the record encoding in base64. Run it again whenever the JSON report's shard object
# or the record format changes (RECORD_VERSION), and commit the result.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILDDIR}" && pwd)
out="$root/tests/fuzz/corpus/shard"
cd "$root/tests/fixtures"
"$build/assay" --no-cache --shard=1/1 -f json c >"$out/c.json" || true
"$build/assay" --no-cache --shard=1/1 -f json python >"$out/python.json" || true
"$build/assay" --no-cache --shard=2/3 -f json go >"$out/go-2of3.json" || true
ls -l "$out"
