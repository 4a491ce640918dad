# remote.sh - the remote cache (docs/SCALING.md) against a real nginx with WebDAV PUT on
# 127.0.0.1, configured in the test's own directory: a cold run fills it, a second
# machine (a fresh local cache) gets every file from it with the same results in one
# request per pack, read mode stores nothing, values and packs tampered with, signed by
# an untrusted key or written for another key are refused (a miss, an event, the right
# results), a changed file costs its own group's pack and no other, and a server that is
# down, stalls, or answers garbage or endless bodies costs misses within the budget.
. "$(dirname "$0")/lib.shinc"

export XDG_CONFIG_HOME="$TMP/xdg" HOME="$TMP/home"
mkdir -p "$HOME"
unset ASSAY_SIGNING_KEY

# The build configure makes where it finds no libcurl (assay-nocurl: remote_none.c, made
# by make check beside a build with it) analyzes as any build does, and a run that asks
# for a remote cache stops at once, saying why (exit 2).
if [ -x "$BUILD/assay-nocurl" ]; then
	printf 'int f(int a) { return a; }\n' >"$TMP/nocurl.c"
	expect_status "built without libcurl: a run analyzes (exit 0)" 0 \
		"$BUILD/assay-nocurl" --no-cache "$TMP/nocurl.c"
	check "... its summary names the file's function" grep -q "1 functions (C 1)" "$TMP/out"
	expect_status "... with --remote-cache, it stops (exit 2)" 2 \
		"$BUILD/assay-nocurl" --remote-cache=http://127.0.0.1:1/ "$TMP/nocurl.c"
	check "... naming the URL and what to install" grep -q \
		"remote-cache 'http://127.0.0.1:1/': this assay was built without the remote cache (configure found no libcurl; install libcurl4-openssl-dev" \
		"$TMP/err"
fi

# Both asked on the command line: --no-cache wins, and says so.
printf 'int f(int a) { return a; }\n' >"$TMP/both.c"
expect_status "--no-cache with --remote-cache: a run without either (exit 0)" 0 \
	"$ASSAY" --no-cache --remote-cache=http://127.0.0.1:1/ "$TMP/both.c"
check "... warning that the remote cache is not used" \
	grep -q "remote-cache http://127.0.0.1:1/: not used: --no-cache turns every cache off" "$TMP/err"

if ! "$ASSAY" --remote-cache=http://127.0.0.1:1/ --trusted-key=/dev/null . >/dev/null 2>"$TMP/built" \
   && grep -q "built without the remote cache" "$TMP/built"; then
	not_ok "this assay was built without the remote cache (install libcurl4-openssl-dev: contrib/bootstrap)"
	exit 0
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
	not_ok "nginx is not installed (contrib/bootstrap installs nginx-core)"
	exit 0
fi

# libcurl and the twenty libraries it brings are loaded only by a run that has a remote
# cache: linked, they would nearly double what a warm one-file run costs.
check "assay does not link libcurl (dlopen when a run has a remote cache)" \
	sh -c "! readelf -d '$ASSAY' | grep -q 'NEEDED.*libcurl'"
check "nor does the worker" sh -c "! readelf -d '$BUILD/assay-worker' | grep -q 'NEEDED.*libcurl'"

PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
# A signal (or a reader of the output that went away) still ends the servers.
trap 'exit 1' INT TERM HUP PIPE

# free_port: a TCP port nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT: until something accepts connections on it (at most 5 s).
wait_port() {
	python3 - "$1" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# nginx serving $TMP/nginx/store with PUT allowed, on a free port; sets URL.
N="$TMP/nginx"
mkdir -p "$N/store" "$N/tmp"
PORT=$(free_port)
cat >"$N/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $N/nginx.pid;
error_log $N/error.log;
$( [ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);" )
events { worker_connections 64; }
http {
	access_log $N/access.log;
	client_body_temp_path $N/tmp/body;
	proxy_temp_path $N/tmp/proxy;
	fastcgi_temp_path $N/tmp/fastcgi;
	uwsgi_temp_path $N/tmp/uwsgi;
	scgi_temp_path $N/tmp/scgi;
	server {
		listen 127.0.0.1:$PORT;
		root $N/store;
		location / {
			dav_methods PUT;
			create_full_put_path on;
			client_max_body_size 32m;
		}
	}
}
CONF
"$NGINX" -p "$N" -c "$N/nginx.conf" -e "$N/error.log" >"$N/stdout" 2>&1 &
PIDS="$PIDS $!"
if ! wait_port "$PORT"; then
	not_ok "nginx did not start"
	sed 's/^/#   /' "$N/error.log" "$N/stdout"
	exit 0
fi
URL="http://127.0.0.1:$PORT/cache"
STORE="$N/store/cache/ac"

# The keys: the trusted writer's and another.
K="$TMP/keys"
mkdir -p "$K"
"$ASSAY" cache keygen --output="$K/writer" >/dev/null 2>&1
"$ASSAY" cache keygen --output="$K/other" >/dev/null 2>&1

# The tree: a committed repository (its index keys the files before they are read).
git_repo "$TMP/tree"
cp "$FIXTURES/c/control.c" "$FIXTURES/c/decls.c" "$FIXTURES/c/macro_block.c" .
for f in $(ls "$FIXTURES"/python/*.py | head -n 3); do cp "$f" .; done
git add -A && git commit -qm tree
NFILES=$(git ls-files | wc -l)

# field JSON NAME: remote_cache.NAME of a JSON report ("none" without that object).
field() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1])).get("remote_cache")
print("none" if r is None else r[sys.argv[2]])' "$1" "$2"
}
# results JSON: each file's path, status and units, for comparing two runs.
results() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
for f in r["files"]:
    print(f["path"], f["status"], json.dumps(f.get("units"), sort_keys=True))' "$1"
}
# The server's objects: values (one file's result) and packs (a group's), by their magic.
is_pack() { [ "$(head -c 8 "$1")" = ASSAYRP1 ]; }
values() { for f in "$STORE"/*; do [ -f "$f" ] && ! is_pack "$f" && basename "$f"; done; }
packs() { for f in "$STORE"/*; do [ -f "$f" ] && is_pack "$f" && basename "$f"; done; }
stored() { values | wc -l; }
npacks() { packs | wc -l; }
# flip_middle FILE: one bit of FILE's middle byte changed (tampering).
flip_middle() {
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x01
open(sys.argv[1], "wb").write(b)' "$1"
}
# flip_record FILE: one bit changed in the middle of a value's packed record (between its
# 57-byte head and its signer's key and signature, 96 bytes): the middle of the whole
# file may fall in the key when the record is small, which is another refusal.
flip_record() {
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[57 + (len(b) - 96 - 57) // 2] ^= 0x01
open(sys.argv[1], "wb").write(b)' "$1"
}
# requests: the GET and HEAD requests nginx has logged so far.
requests() { grep -cE '"(GET|HEAD) ' "$N/access.log"; }
# without_packs COMMAND...: runs it with the packs moved off the server (so that values
# answer, one file each), then puts them back.
without_packs() {
	mkdir -p "$TMP/packs.aside"
	for p in $(packs); do mv "$STORE/$p" "$TMP/packs.aside/"; done
	"$@"
	rc=$?
	mv "$TMP/packs.aside"/* "$STORE/" 2>/dev/null
	return $rc
}

READ="--remote-cache=$URL --trusted-key=$K/writer.pub"
WRITE="--remote-cache=$URL --remote-cache-mode=readwrite --signing-key=$K/writer.key"

# ---- a cold writer fills the server ---------------------------------------------------
"$ASSAY" --no-cache -f json . >"$TMP/reference.json" 2>/dev/null
results "$TMP/reference.json" >"$TMP/reference"
expect_status "cold writer run" 0 "$ASSAY" --cache-dir="$TMP/c1" $WRITE -o "$TMP/w.json" .
check "cold run: every file's value is on the server (ac/)" test "$(stored)" -eq "$NFILES"
check "cold run: the JSON report counts them stored" test "$(field "$TMP/w.json" stored)" -eq "$NFILES"
check "cold run: all remote misses" test "$(field "$TMP/w.json" misses)" -eq "$NFILES"
check "cold run: the tree's pack stored too" test "$(npacks)" -ge 1 -a "$(field "$TMP/w.json" packs_stored)" -eq "$(npacks)"
check "keys are 64 hex digits under ac/" test -z "$(ls "$STORE" | grep -vE '^[0-9a-f]{64}$')"

# ---- a second machine: a fresh local cache, every file from the server ----------------
before=$(requests)
expect_status "second machine" 0 "$ASSAY" --cache-dir="$TMP/c2" $READ -o "$TMP/r.json" --stats .
check "second machine: every file a remote hit" test "$(field "$TMP/r.json" hits)" -eq "$NFILES"
check "second machine: no misses, no rejects" test "$(field "$TMP/r.json" misses)$(field "$TMP/r.json" rejected)" = 00
check "second machine: one request per pack, none per file" test "$(( $(requests) - before ))" -eq "$(npacks)"
check "second machine: every pack asked for was found" test "$(field "$TMP/r.json" packs_asked) $(field "$TMP/r.json" packs_found)" = "$(npacks) $(npacks)"
check "second machine: --stats counts the packs" grep -q "remote_packs=$(npacks)/$(npacks) " "$TMP/err"
check "a report with remote_cache says schema 1.3" grep -q '^{"schema":"assay-report","schema_version":"1.3"' "$TMP/r.json"
check "second machine: --stats counts the hits" grep -q "remote_hits=$NFILES remote_misses=0" "$TMP/err"
results "$TMP/r.json" >"$TMP/got"
check "second machine: the same results as a run without any cache" cmp -s "$TMP/reference" "$TMP/got"
"$ASSAY" --cache-dir="$TMP/c2" -o "$TMP/local.json" . >/dev/null 2>&1
check "a remote hit is stored in the local cache too" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cache"]["hits"])' "$TMP/local.json")" -eq "$NFILES"
"$ASSAY" --cache-dir="$TMP/c2b" $READ -o "$TMP/r.prom" . >/dev/null 2>&1
check "Prometheus: the remote hits" grep -qx "assay_remote_cache_hits_total{project=\"[^\"]*\"} $NFILES" "$TMP/r.prom"

# ---- read mode stores nothing ----------------------------------------------------------
before=$(stored)
echo 'int added(int a) { if (a) return 1; return 0; }' >>control.c
git add -A && git commit -qm change
expect_status "read mode: a changed file is analyzed" 0 "$ASSAY" --cache-dir="$TMP/c3" $READ -o "$TMP/ro.json" .
check "read mode: nothing stored on the server" test "$(stored)" -eq "$before"
check "read mode: the changed file missed, the others hit" test "$(field "$TMP/ro.json" misses) $(field "$TMP/ro.json" hits)" = "1 $((NFILES - 1))"
check "read mode: counts nothing stored" test "$(field "$TMP/ro.json" stored)" -eq 0
check "read mode: the changed file's group has no pack yet (its key is its content's)" \
	test "$(field "$TMP/ro.json" packs_asked) $(field "$TMP/ro.json" packs_found)" = "1 0"
git reset -q --hard HEAD~1

# fresh_run NAME: a run with a fresh local cache that reads the server, JSON in $TMP/NAME.json
fresh_run() {
	"$ASSAY" --cache-dir="$TMP/fresh-$1" $READ -o "$TMP/$1.json" --log-format=json . >/dev/null 2>"$TMP/$1.err"
	echo $? >"$TMP/$1.rc"
	results "$TMP/$1.json" >"$TMP/$1.results"
}
# key_of FILE: the server's file for FILE's value (by its content: the value whose bytes
# hold the record of that file is found by trying each against a fresh run).
# The values' checks are seen with the packs off the server (a pack would answer first).
victim=$(values | head -n 1)

# ---- a tampered value is refused -------------------------------------------------------
cp "$STORE/$victim" "$TMP/victim.orig"
flip_record "$STORE/$victim"
without_packs fresh_run tampered
check "tampered: the run succeeds" test "$(cat "$TMP/tampered.rc")" = 0
check "tampered: one rejected value" test "$(field "$TMP/tampered.json" rejected) $(field "$TMP/tampered.json" hits)" = "1 $((NFILES - 1))"
check "tampered: a remote_cache.rejected event saying why" grep -q '"event":"remote_cache.rejected".*does not verify' "$TMP/tampered.err"
check "tampered: the results are still right" cmp -s "$TMP/reference" "$TMP/tampered.results"
cp "$TMP/victim.orig" "$STORE/$victim"

# ---- a value signed by a key not trusted -----------------------------------------------
"$ASSAY" --cache-dir="$TMP/c-other" --remote-cache="$URL/other" --remote-cache-mode=readwrite \
	--signing-key="$K/other.key" . >/dev/null 2>&1
check "the other writer stored its values under the same keys" test -f "$N/store/cache/other/ac/$victim"
cp "$N/store/cache/other/ac/$victim" "$STORE/$victim"
without_packs fresh_run untrusted
check "untrusted key: rejected" test "$(field "$TMP/untrusted.json" rejected)" -eq 1
check "untrusted key: the event names the key as not trusted" grep -q '"event":"remote_cache.rejected".*which is not trusted' "$TMP/untrusted.err"
check "untrusted key: the results are still right" cmp -s "$TMP/reference" "$TMP/untrusted.results"
expect_status "trusting the other key too, its value is a hit" 0 without_packs "$ASSAY" --cache-dir="$TMP/c-both" $READ --trusted-key="$K/other.pub" -o "$TMP/both.json" .
check "trusting the other key too: no rejects" test "$(field "$TMP/both.json" rejected)" -eq 0
cp "$TMP/victim.orig" "$STORE/$victim"

# ---- a valid value served under another key --------------------------------------------
second=$(values | sed -n 2p)
cp "$STORE/$second" "$STORE/$victim"
without_packs fresh_run swapped
check "another key's value: rejected" grep -q '"event":"remote_cache.rejected".*written for another key' "$TMP/swapped.err"
check "another key's value: the results are still right" cmp -s "$TMP/reference" "$TMP/swapped.results"
cp "$TMP/victim.orig" "$STORE/$victim"

# ---- packs: a tree of several groups ---------------------------------------------------
# 600 C files in 10 directories, a .h in each (its language is its content's) and a
# Makefile in each (no language by name or content): a few groups of files.
mkdir -p "$TMP/many" && cd "$TMP/many" && git init -q .
python3 -c 'import os
for d in range(10):
    os.makedirs("d%d" % d, exist_ok=True)
    open("d%d/Makefile" % d, "w").write("all:\n\ttrue\n")
    open("d%d/api.h" % d, "w").write("int api%d(int a);\n" % d)
    for n in range(60):
        open("d%d/f%d.c" % (d, n), "w").write(
            "int f%d_%d(int a) { if (a > %d) return a; return %d; }\n" % (d, n, n, d))'
git add -A && git commit -qm many
NMANY=610	# the .c and .h files: the Makefiles are no language's
"$ASSAY" --no-cache -f json . >"$TMP/many-ref.json" 2>/dev/null
results "$TMP/many-ref.json" >"$TMP/many-ref"
packs >"$TMP/packs-before"
expect_status "many: cold writer" 0 "$ASSAY" --cache-dir="$TMP/m1" $WRITE -o "$TMP/m1.json" .
# The packs of this tree (the store holds the earlier trees' too: which sorts first
# depends on the engine ids in their names).
packs | grep -vxF -f "$TMP/packs-before" >"$TMP/packs-many"
P=$(field "$TMP/m1.json" packs_stored)
check "many: the writer stored a pack per group, several groups ($P)" test "$P" -ge 2 -a "$P" -le 8
before=$(requests)
expect_status "many: a second machine" 0 "$ASSAY" --cache-dir="$TMP/m2" $READ -o "$TMP/m2.json" --log-format=json .
check "many: every file of a language a remote hit" test "$(field "$TMP/m2.json" hits)" -eq "$NMANY"
check "many: $P requests for 620 files, one per pack" test "$(( $(requests) - before ))" -eq "$P"
results "$TMP/m2.json" >"$TMP/m2.results"
check "many: the same results as without any cache (.h languages, Makefiles' verdicts)" \
	cmp -s "$TMP/many-ref" "$TMP/m2.results"
expect_status "many: then the local cache alone" 0 "$ASSAY" --cache-dir="$TMP/m2" -o "$TMP/m2l.json" .
check "many: the local cache holds what the packs brought, .h languages included" \
	test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cache"]["hits"])' "$TMP/m2l.json")" -eq "$NMANY"

# A pack tampered with, signed by a key not trusted, or written for another group: refused,
# and its files asked one by one (their values answer).
first_pack=$(head -n 1 "$TMP/packs-many")
second_pack=$(sed -n 2p "$TMP/packs-many")
cp "$STORE/$first_pack" "$TMP/pack.orig"
flip_middle "$STORE/$first_pack"
expect_status "many: a tampered pack" 0 "$ASSAY" --cache-dir="$TMP/m3" $READ -o "$TMP/m3.json" --log-format=json .
check "tampered pack: refused, saying why" grep -q '"event":"remote_cache.rejected".*does not verify: the pack was altered.*asked for one by one' "$TMP/err"
check "tampered pack: the other packs used, its files from their values" \
	test "$(field "$TMP/m3.json" packs_found) $(field "$TMP/m3.json" hits)" = "$((P - 1)) $NMANY"
results "$TMP/m3.json" >"$TMP/m3.results"
check "tampered pack: the results are right" cmp -s "$TMP/many-ref" "$TMP/m3.results"
cp "$STORE/$second_pack" "$STORE/$first_pack"
expect_status "many: another group's pack" 0 "$ASSAY" --cache-dir="$TMP/m4" $READ -o "$TMP/m4.json" --log-format=json .
check "another group's pack: refused" grep -q '"event":"remote_cache.rejected".*written for another group' "$TMP/err"
results "$TMP/m4.json" >"$TMP/m4.results"
check "another group's pack: the results are right" cmp -s "$TMP/many-ref" "$TMP/m4.results"
"$ASSAY" --cache-dir="$TMP/m-other" --remote-cache="$URL/other" --remote-cache-mode=readwrite \
	--signing-key="$K/other.key" . >/dev/null 2>&1
cp "$N/store/cache/other/ac/$first_pack" "$STORE/$first_pack"
expect_status "many: a pack signed by a key not trusted" 0 "$ASSAY" --cache-dir="$TMP/m5" $READ -o "$TMP/m5.json" --log-format=json .
check "untrusted pack: refused, naming the key" grep -q '"event":"remote_cache.rejected".*which is not trusted.*a pack of' "$TMP/err"
check "untrusted pack: its files from their values" test "$(field "$TMP/m5.json" hits)" -eq "$NMANY"
cp "$TMP/pack.orig" "$STORE/$first_pack"

# A shard holds part of every group: it asks for no pack (none would be found) and its
# files come as values.
expect_status "many: a shard" 0 "$ASSAY" --cache-dir="$TMP/m9" $READ --shard=1/2 -o "$TMP/m9.json" .
check "a shard asks for no pack; its files come as values" \
	test "$(field "$TMP/m9.json" packs_asked) $(field "$TMP/m9.json" misses)" = "0 0" -a "$(field "$TMP/m9.json" hits)" -gt 0

# A changed file costs its own group's pack, no other.
echo 'int added(int a) { return a ? 1 : 0; }' >>d4/f7.c
git commit -qam change
expect_status "many: one file changed" 0 "$ASSAY" --cache-dir="$TMP/m6" $READ -o "$TMP/m6.json" .
check "one file changed: every other group's pack found" \
	test "$(field "$TMP/m6.json" packs_asked) $(field "$TMP/m6.json" packs_found)" = "$P $((P - 1))"
check "one file changed: it alone missed" test "$(field "$TMP/m6.json" misses) $(field "$TMP/m6.json" hits)" = "1 $((NMANY - 1))"
git reset -q --hard HEAD~1

# A writer whose local cache answers everything still stores the packs the server lacks
# (asking with HEAD), and none it has.
for p in $(packs); do rm "$STORE/$p"; done
expect_status "many: a warm writer, the packs gone" 0 "$ASSAY" --cache-dir="$TMP/m1" $WRITE -o "$TMP/m7.json" .
check "warm writer: the missing packs stored, no value" \
	test "$(field "$TMP/m7.json" packs_stored) $(field "$TMP/m7.json" stored)" = "$P 0"
check "warm writer: $P packs on the server again" test "$(npacks)" -eq "$P"
before=$(grep -c '"HEAD ' "$N/access.log")
expect_status "many: a warm writer, the packs there" 0 "$ASSAY" --cache-dir="$TMP/m1" $WRITE -o "$TMP/m8.json" .
check "warm writer: asked with HEAD, stored nothing" \
	test "$(( $(grep -c '"HEAD ' "$N/access.log") - before )) $(field "$TMP/m8.json" packs_stored)" = "$P 0"
# A writer whose rows have no summaries (a cache from before schema 3; a JSON report does
# not store them): its packs' summaries are made from the records.
cp -r "$TMP/m1" "$TMP/m10"
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("delete from summaries"); db.commit()' "$TMP/m10/cache.db"
for p in $(packs); do rm "$STORE/$p"; done
expect_status "many: a writer whose rows have no summaries, the packs gone" 0 \
	"$ASSAY" --cache-dir="$TMP/m10" $WRITE -f json -o "$TMP/m10.json" .
check "rows without summaries: every pack stored again" test "$(field "$TMP/m10.json" packs_stored)" -eq "$P"
expect_status "many: a second machine after it" 0 "$ASSAY" --cache-dir="$TMP/m11" $READ -o "$TMP/m11.json" .
check "rows without summaries: their packs answer every file" \
	test "$(field "$TMP/m11.json" packs_found) $(field "$TMP/m11.json" hits)" = "$P $NMANY"
cd "$TMP/tree"

# ---- the budget is the time spent on the server, not since the first request ----------
# A writer's stores come after the whole analysis: a budget counted from its lookups
# would be spent by a long analysis before anything is stored.
mkdir -p "$TMP/long" && cd "$TMP/long" && git init -q .
python3 -c 'import sys
for n in range(25000):
    print("int f%d(int a) { if (a > %d) return a; return %d; }" % (n, n, n))' >big.c
git add -A && git commit -qm big
start=$(python3 -c 'import time; print(time.time())')
"$ASSAY" --cache-dir="$TMP/c-long" $WRITE --remote-cache-budget=0.3 -o "$TMP/long.json" . >/dev/null 2>&1
took=$(python3 -c 'import sys, time; print(time.time() - float(sys.argv[1]))' "$start")
check "a writer whose analysis outlasts the budget (${took%.*}s, budget 0.3 s) still stores" \
	test "$(field "$TMP/long.json" stored)" -eq 1
cd "$TMP/tree"

# ---- a timeout verdict stands only for runs with no longer a deadline -------------------
# As from the local cache: a remote verdict "timeout (after 0.3 s)" is a miss for a run
# with --timeout=2 (it answered every later run whatever --timeout said). The test worker
# (a LOOP marker hangs it) writes to a place of its own on the server.
TW=$(test_install)
TW="$TMP/bin/assay"	# with the cache, beside the test worker
mkdir -p "$TMP/slow" && cd "$TMP/slow" && git init -q .
printf '/* ASSAY-TEST-LOOP */\nint spin(void) { return 1; }\n' >spin.c
git add -A && git commit -qm slow
TWRITE="--remote-cache=$URL/slow --remote-cache-mode=readwrite --signing-key=$K/writer.key"
TREAD="--remote-cache=$URL/slow --trusted-key=$K/writer.pub"
"$TW" --cache-dir="$TMP/c-slow1" $TWRITE --timeout=0.3 -f json . >"$TMP/slow1.json" 2>/dev/null
reason() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["files"][0]["reason"])' "$1"; }
check "a timeout stored on the server names its deadline" \
	test "$(reason "$TMP/slow1.json") $(field "$TMP/slow1.json" stored)" = "timeout (after 0.3 s) 1"
"$TW" --cache-dir="$TMP/c-slow2" $TREAD --timeout=0.3 -f json . >"$TMP/slow2.json" 2>/dev/null
check "... it answers a run with the same --timeout (a remote hit)" \
	test "$(reason "$TMP/slow2.json") $(field "$TMP/slow2.json" hits)" = "timeout (after 0.3 s) 1"
"$TW" --cache-dir="$TMP/c-slow3" $TREAD --timeout=1 -f json . >"$TMP/slow3.json" 2>/dev/null
check "... not one with a longer --timeout: measured again, a miss, not a rejection" \
	test "$(reason "$TMP/slow3.json") $(field "$TMP/slow3.json" hits) $(field "$TMP/slow3.json" rejected)" = "timeout (after 1 s) 0 0"
cd "$TMP/tree"

# ---- the server down: connection refused -----------------------------------------------
DEAD="http://127.0.0.1:$(free_port)/cache"
"$ASSAY" --cache-dir="$TMP/c-dead" --remote-cache="$DEAD" --trusted-key="$K/writer.pub" \
	-o "$TMP/dead.json" --log-format=json . >/dev/null 2>"$TMP/dead.err"
check "server down: the run passes" test $? -eq 0
results "$TMP/dead.json" >"$TMP/dead.results"
check "server down: the results are right" cmp -s "$TMP/reference" "$TMP/dead.results"
check "server down: every lookup a miss" test "$(field "$TMP/dead.json" misses) $(field "$TMP/dead.json" hits)" = "$NFILES 0"
check "server down: a remote_cache.failed event naming the URL and the cause" \
	grep -q "\"event\":\"remote_cache.failed\".*$DEAD/ac/[0-9a-f]*: Couldn't connect" "$TMP/dead.err"
check "server down: under a second spent on the server" \
	python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["remote_cache"]["seconds"] >= 1)' "$TMP/dead.json"

# ---- a server that accepts and never answers -------------------------------------------
STALL=$(free_port)
cat >"$TMP/stall_server.py" <<'PY'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(64)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
PY
python3 "$TMP/stall_server.py" "$STALL" &
PIDS="$PIDS $!"
wait_port "$STALL"
start=$(python3 -c 'import time; print(time.time())')
"$ASSAY" --cache-dir="$TMP/c-stall" --remote-cache="http://127.0.0.1:$STALL/cache" \
	--trusted-key="$K/writer.pub" --remote-cache-timeout=30 --remote-cache-budget=1.5 \
	-o "$TMP/stall.json" --log-format=json . >/dev/null 2>"$TMP/stall.err"
rc=$?
took=$(python3 -c 'import sys, time; print(int(time.time() - float(sys.argv[1])))' "$start")
check "stalled server: the run passes" test $rc -eq 0
check "stalled server: 1.5 s spent on the server, the budget, and a margin" \
	python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["remote_cache"]["seconds"]; sys.exit(not 1.4 <= s <= 2.0)' "$TMP/stall.json"
# The whole run, analysis included, far from the 30 s each request could have waited.
check "stalled server: the run took ${took}s, not the requests' 30 s" test "$took" -le 15
results "$TMP/stall.json" >"$TMP/stall.results"
check "stalled server: the results are right" cmp -s "$TMP/reference" "$TMP/stall.results"
check "stalled server: misses" test "$(field "$TMP/stall.json" misses)" -eq "$NFILES"
check "stalled server: the event says the budget ran out" grep -q '"event":"remote_cache.failed".*budget ran out' "$TMP/stall.err"

# ---- a server answering garbage, or bodies without end ---------------------------------
BAD=$(free_port)
cat >"$TMP/bad_server.py" <<'PY'
import http.server, os, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if self.path.startswith("/mixed/") and self.path[-1] in "01234567":
            # /mixed/: half the keys absent, so the client never gives the server up
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        if self.path.startswith("/garbage/"):
            body = os.urandom(300)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        # /huge/ (and the rest of /mixed/): no length, 1 MiB at a time until the client
        # goes away
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"A" * (1 << 20))
        except OSError:
            pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$TMP/bad_server.py" "$BAD" &
PIDS="$PIDS $!"
wait_port "$BAD"
for kind in garbage huge; do
	"$ASSAY" --cache-dir="$TMP/c-$kind" --remote-cache="http://127.0.0.1:$BAD/$kind" \
		--trusted-key="$K/writer.pub" -o "$TMP/$kind.json" --log-format=json . >/dev/null 2>"$TMP/$kind.err"
	check "$kind replies: the run passes" test $? -eq 0
	results "$TMP/$kind.json" >"$TMP/$kind.results"
	check "$kind replies: the results are right" cmp -s "$TMP/reference" "$TMP/$kind.results"
	check "$kind replies: no hits" test "$(field "$TMP/$kind.json" hits)" -eq 0
done
check "garbage replies: each rejected" test "$(field "$TMP/garbage.json" rejected)" -eq "$NFILES"
check "garbage replies: the event says why" grep -q '"event":"remote_cache.rejected".*not an assay remote cache value' "$TMP/garbage.err"
# Each value cut at 4 MiB and each pack at 8 MiB, plus what was in flight.
check "huge replies: cut off at the cap (errors, a few MiB each at most)" \
	test "$(field "$TMP/huge.json" errors)" -eq "$((NFILES + $(field "$TMP/huge.json" packs_asked)))" \
	-a "$(field "$TMP/huge.json" bytes_received)" -le $(((NFILES * 5 + 9 * $(field "$TMP/huge.json" packs_asked)) * 1048576))
check "huge replies: the event says so" grep -q '"event":"remote_cache.failed".*over the cap' "$TMP/huge.err"
# Endless replies to half the 620 files' requests, the others absent (so the server is
# never given up on): 4 MiB apiece would be 1.2 GB held at once; a batch's replies stop
# at 256 MiB together.
(cd "$TMP/many" && exec "$ASSAY" --cache-dir="$TMP/c-flood" --remote-cache="http://127.0.0.1:$BAD/mixed" \
	--trusted-key="$K/writer.pub" --remote-cache-budget=20 -o "$TMP/flood.json" --log-format=json . \
	>/dev/null 2>"$TMP/flood.err")
check "a flood of endless replies: the run passes" test $? -eq 0
check "a flood: a batch's replies held 256 MiB at most (and what was in flight)" \
	test "$(field "$TMP/flood.json" bytes_received)" -le $(((256 + 8 * 5 + 9 * $(field "$TMP/flood.json" packs_asked)) * 1048576))
check "a flood: the event says the batch's replies passed the cap" \
	grep -q "\"event\":\"remote_cache.failed\".*the batch's replies passed 256 MiB" "$TMP/flood.err"

# ---- a file no id of git's confirms stays local ------------------------------------------
# Changed in the work tree, control.c is keyed by its bytes' SHA-1 with their digest
# (src/git/keys.h); a remote value has no digest to check, so it is neither asked for nor
# stored on the server; it is measured and kept in the local cache.
cp control.c "$TMP/control.keep"
printf '/* local */\n' >>control.c
before=$(stored)
expect_status "a changed file with a remote cache" 0 "$ASSAY" --cache-dir="$TMP/c-dig" $WRITE \
	-o "$TMP/dig.json" control.c
check "... is not asked of the server" \
	test "$(field "$TMP/dig.json" hits) $(field "$TMP/dig.json" misses)" = "0 0"
check "... nor stored there" test "$(stored) $(field "$TMP/dig.json" stored)" = "$before 0"
expect_status "... but kept in the local cache" 0 "$ASSAY" --cache-dir="$TMP/c-dig" cache why \
	control.c
cp "$TMP/control.keep" control.c
# Touched but unchanged, it is read and its bytes hash to the id the index holds for it:
# that id is asked of the server (its digest only goes into the local row).
touch -d '+1 minute' control.c
expect_status "a touched, unchanged file with a remote cache" 0 "$ASSAY" \
	--cache-dir="$TMP/c-touch" $READ -o "$TMP/touch.json" control.c
check "... is asked of the server and found there" \
	test "$(field "$TMP/touch.json" hits) $(field "$TMP/touch.json" misses)" = "1 0"
touch -d '-1 minute' control.c

# ---- what the run refuses (exit 2), and where the URL may come from --------------------
expect_status "no key to verify with: exit 2" 2 "$ASSAY" --cache-dir="$TMP/c-x" --remote-cache="$URL" .
check "no key to verify with: says so, naming the URL" grep -q "remote-cache $URL: no key to verify" "$TMP/err"
expect_status "readwrite without a signing key: exit 2" 2 "$ASSAY" --cache-dir="$TMP/c-x" --remote-cache="$URL" --remote-cache-mode=readwrite .
check "readwrite without a signing key: says so" grep -q "needs a key to sign" "$TMP/err"
expect_status "a file:// URL: exit 2" 2 "$ASSAY" --cache-dir="$TMP/c-x" --remote-cache="file:///etc" --trusted-key="$K/writer.pub" .
check "a file:// URL: named, with why" grep -q "'file:///etc': not an http:// or https:// URL" "$TMP/err"
expect_status "a URL with a password: exit 2" 2 "$ASSAY" --cache-dir="$TMP/c-x" --remote-cache="http://u:p@127.0.0.1:$PORT/" --trusted-key="$K/writer.pub" .
expect_status "a missing trusted key file: exit 2" 2 "$ASSAY" --cache-dir="$TMP/c-x" --remote-cache="$URL" --trusted-key="$K/nothing.pub" .
check "a missing trusted key file: named" grep -q "$K/nothing.pub" "$TMP/err"
expect_status "--remote-cache-mode=write: exit 2" 2 "$ASSAY" --remote-cache-mode=write .

printf '[cache]\n\tremote = %s\n' "$URL" >.assay
expect_status "a repository's .assay may not set [cache] remote" 2 "$ASSAY" --cache-dir="$TMP/c-x" .
check "a repository's .assay: refused by name" grep -q "may not set cache.remote" "$TMP/err"
rm .assay
mkdir -p "$XDG_CONFIG_HOME/assay"
printf '[cache]\n\tremote = %s\n\ttrustedKey = %s\n' "$URL" "$K/writer.pub" >"$XDG_CONFIG_HOME/assay/config"
expect_status "the user's file may set [cache] remote" 0 "$ASSAY" --cache-dir="$TMP/c-user" -o "$TMP/user.json" .
check "the user's file: its remote cache answers" test "$(field "$TMP/user.json" hits)" -eq "$NFILES"
rm "$XDG_CONFIG_HOME/assay/config"
check "without --remote-cache the JSON report has no remote_cache" test "$(field "$TMP/reference.json" hits)" = none
