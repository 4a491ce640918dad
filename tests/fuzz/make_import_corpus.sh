#!/bin/sh
# make_import_corpus.sh - the seed corpus of tests/fuzz/fuzz_import.c, from real exports.
#
#     tests/fuzz/make_import_corpus.sh BUILDDIR
#
# Analyzes two small hand-checked fixtures (C and Python), and a copy of the C one outside
# git (a row with a digest: git/keys.h), into a fresh cache with
# BUILDDIR/assay and exports it three ways: unsigned, signed by the corpus key (the seed
# bytes 1, 2, ..., 32, which fuzz_import.c trusts, so a seed verifies and its mutations
# reach what follows the signature check), and empty and signed. Run it again whenever the
# export format or the record format changes (EXPORT_VERSION, RECORD_VERSION), and commit
# the result.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILDDIR}" && pwd)
out="$root/tests/fuzz/corpus/import"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/import-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
assay() { "$build/assay" --cache-dir="$tmp/cache" "$@"; }

seed=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(1, 33))).decode())')
(umask 077 && printf 'assay-ed25519-secret %s\n' "$seed" >"$tmp/corpus.key")
mkdir -p "$out" "$tmp/empty"
"$build/assay" --cache-dir="$tmp/empty" cache export --signing-key="$tmp/corpus.key" \
	"$out/empty-signed" >/dev/null
# A file outside any git work tree too: its row carries the digest of its bytes.
mkdir -p "$tmp/plain"
{ cat "$root/tests/fixtures/c/control.c"; printf '/* outside git */\n'; } >"$tmp/plain/c.c"
assay "$root/tests/fixtures/c/control.c" "$root/tests/fixtures/python/classes.py" \
	"$tmp/plain/c.c" >/dev/null || true
assay cache export "$out/unsigned" >/dev/null 2>&1
assay cache export --signing-key="$tmp/corpus.key" "$out/signed" >/dev/null
ls -l "$out"
