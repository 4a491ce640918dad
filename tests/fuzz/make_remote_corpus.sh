#!/bin/sh
# make_remote_corpus.sh - the pack seeds of tests/fuzz/fuzz_remote.c, from a real run.
#
#     tests/fuzz/make_remote_corpus.sh BUILDDIR
#
# A committed repository of a few hand-checked fixtures (C, Python, Go, Rust, a .h and a
# Makefile) is analyzed by BUILDDIR/assay with --remote-cache-mode=readwrite against a
# throwaway HTTP server on 127.0.0.1 that keeps what is PUT, signing with the corpus key (the seed
# bytes 1, 2, ..., 32, which fuzz_remote.c trusts, so a seed verifies and its mutations
# reach the entries behind the signature); the packs it stored become corpus/remote/pack-N,
# and the largest cache row of each language corpus/remote/row-langN.
# Run it again whenever the pack or record format changes, and commit the result.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILDDIR}" && pwd)
out="$root/tests/fuzz/corpus/remote"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remote-corpus.XXXXXX")
server=
trap '[ -n "$server" ] && kill "$server"; rm -rf "$tmp"' EXIT

seed=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(1, 33))).decode())')
(umask 077 && printf 'assay-ed25519-secret %s\n' "$seed" >"$tmp/corpus.key")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/store"
python3 - "$port" "$tmp/store" <<'PY' &
import http.server, os, sys
store = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def path_of(self):
        return os.path.join(store, os.path.basename(self.path))
    def do_GET(self):
        self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
    do_HEAD = do_GET
    def do_PUT(self):
        n = int(self.headers.get("Content-Length", "0"))
        open(self.path_of(), "wb").write(self.rfile.read(n))
        self.send_response(201); self.send_header("Content-Length", "0"); self.end_headers()
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
server=$!
sleep 1

mkdir "$tmp/tree"
cd "$tmp/tree"
git init -q .
cp "$root/tests/fixtures/c/control.c" "$root/tests/fixtures/python/classes.py" \
	"$root/tests/fixtures/go/methods.go" "$root/tests/fixtures/rust/closures.rs" .
printf 'int api(int a);\n' >api.h
printf 'all:\n\ttrue\n' >Makefile
git add -A
git -c user.name=corpus -c user.email=corpus@example.invalid commit -qm corpus
"$build/assay" --cache-dir="$tmp/cache" --remote-cache="http://127.0.0.1:$port/cache" \
	--remote-cache-mode=readwrite --signing-key="$tmp/corpus.key" . >/dev/null || true
n=0
for f in "$tmp/store"/*; do
	[ "$(head -c 8 "$f")" = ASSAYRP1 ] || continue
	n=$((n + 1))
	cp "$f" "$out/pack-$n"
done
[ "$n" -gt 0 ] || { echo "make_remote_corpus.sh: no pack was stored" >&2; exit 1; }
# And the largest cache row of each language the run stored, as the target reads an input
# as a row: its size in two bytes (big-endian), then its value.
rm -f "$out"/row-lang*
python3 - "$tmp/cache/cache.db" "$out" <<'PY'
import sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT lang, raw_size, value FROM results WHERE lang > 0 AND raw_size < 65536 "
                  "ORDER BY lang, length(value) DESC").fetchall()
done = set()
for lang, raw_size, value in rows:
    if lang not in done:
        done.add(lang)
        open("%s/row-lang%d" % (sys.argv[2], lang), "wb").write(struct.pack(">H", raw_size) + value)
if not done:
    sys.exit("make_remote_corpus.sh: the cache holds no row")
PY
ls -l "$out"
