# cache_keep.sh - the cache kept in shape: eviction down to just under the cap, moved-aside
# corrupt databases kept to one, gc that finds another process at work, export of the
# current engines (or all), and `assay cache why FILE`.
. "$(dirname "$0")/lib.shinc"

tree="$TMP/tree"
mkdir -p "$tree" "$TMP/t2" "$TMP/t3"
for i in $(seq 1 40); do
	printf 'int f%d(int a) { if (a > %d) return a; return %d; }\n' "$i" "$i" "$i" >"$tree/f$i.c"
done
for i in $(seq 1 200); do
	printf 'int g%d(void) { return %d; }\n' "$i" "$i" >"$TMP/t2/g$i.c"
	printf 'def h%d():\n    return %d\n' "$i" "$i" >"$TMP/t3/h$i.py"
done

# Eviction under the cap: the least recently used rows go, one at a time, until what is
# stored fits; the rest stays. Recency is kept per day, so the rows already there are made
# older (a day or more apart) to tell them from the ones the next run stores.
export ASSAY_CACHE_DIR="$TMP/evict"
"$ASSAY" -j2 "$TMP/t2" "$TMP/t3" >/dev/null 2>&1
stored_bytes() { python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select coalesce(sum(length(value)),0) from results").fetchone()[0])' \
	"$TMP/evict/cache.db"; }
# kept CAP [DAY]: entries remain, they fit under CAP, one more row would not have fitted
# (no overshoot), and, with DAY, every row kept was used on DAY or later.
kept() { python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cap = int(sys.argv[2])
n, total, largest = db.execute("select count(*), coalesce(sum(length(value)),0), "
                               "coalesce(max(length(value)),0) from results").fetchone()
older = db.execute("select count(*) from results where used_day < ?", (int(sys.argv[3]),)).fetchone()[0] if len(sys.argv) > 3 else 0
print("#   kept %d rows, %d bytes (largest %d), %d older" % (n, total, largest, older), file=sys.stderr)
sys.exit(0 if n > 0 and total <= cap and total + largest > cap and older == 0 else 1)' \
	"$TMP/evict/cache.db" "$@"; }
python3 - "$TMP/evict/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("update results set used_day = used_day - 2 - (abs(hex(oid) > '8') * 3)")
db.commit()
PY
before=$("$ASSAY" cache stats | sed -n 's/^entries: \([0-9]*\),.*/\1/p')
newest=$(python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select max(used_day) from results").fetchone()[0])' "$TMP/evict/cache.db")
expect_status "cache gc" 0 "$ASSAY" cache gc --cache-max=4K
after=$("$ASSAY" cache stats | sed -n 's/^entries: \([0-9]*\),.*/\1/p')
check "gc evicts down to the cap" test "$after" -lt "$before" -a "$(stored_bytes)" -le 4096
check "... and no further: what remains is just under the cap, the most recently used" \
	kept 4096 "$newest"
check "... it says how many it evicted" grep -qx "evicted $((before - after)) entries" "$TMP/out"
today=$(python3 -c 'import time; print(int(time.time()) // 86400)')
"$ASSAY" --cache-max=2K "$tree" >/dev/null 2>&1
check "a run enforces --cache-max afterwards" test "$(stored_bytes)" -le 2048
check "... keeping the rows it just stored, as many as fit under the cap" kept 2048 "$today"

# gc while another process holds the maintenance lock (an fcntl lock, as gc and clear
# take it): it says so, names the cache, and evicts nothing.
# lock_holder.py KIND FILE FLAG: holds a lock on FILE (fcntl: the maintenance lock; sqlite:
# the database's write lock) from when it creates FLAG until FLAG is removed (60 s at most).
cat >"$TMP/lock_holder.py" <<'PY'
import fcntl, os, sqlite3, sys, time
kind, target, flag = sys.argv[1:4]
if kind == "fcntl":
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
else:
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
open(flag, "w").close()
for _ in range(600):
    if not os.path.exists(flag):
        break
    time.sleep(0.1)
PY
python3 "$TMP/lock_holder.py" fcntl "$TMP/evict/maintenance.lock" "$TMP/locked" &
holder=$!
for _ in $(seq 1 100); do [ -e "$TMP/locked" ] && break; sleep 0.05; done
entries() { "$ASSAY" cache stats | sed -n 's/^entries: \([0-9]*\),.*/\1/p'; }
held=$(entries)
expect_status "gc that finds the lock taken" 0 "$ASSAY" cache gc --cache-max=1K
check "... says another process holds the lock, naming the cache" \
	grep -q "$TMP/evict/cache.db: not evicted: another process holds the maintenance lock" "$TMP/err"
check "... does not claim to have evicted 0 entries" sh -c "! grep -q 'evicted 0' '$TMP/out'"
# A FIFO planted as the lock is named as what it is.
mkdir -m 700 "$TMP/fifo-lock" && "$ASSAY" --cache-dir="$TMP/fifo-lock" "$TMP/tree" >/dev/null 2>&1
mkfifo "$TMP/fifo-lock/maintenance.lock"
expect_status "gc with a FIFO for its maintenance lock: exit 4" 4 "$ASSAY" --cache-dir="$TMP/fifo-lock" cache gc
check "... saying it is a FIFO" grep -q "maintenance.lock: cannot be the maintenance lock: not a regular file (a FIFO)" "$TMP/err"
check "... and evicts nothing" test "$(entries)" -eq "$held"
# clear takes the same lock: it was ignored, and the other process' gc found an empty
# cache under it.
expect_status "clear that finds the lock taken for 10 s: exit 4 (a script must not go on)" 4 "$ASSAY" cache clear
check "... says another process holds the lock, naming the cache" \
	grep -q "$TMP/evict/cache.db: not cleared: another process holds the maintenance lock" "$TMP/err"
check "... and clears nothing" test "$(entries)" -eq "$held"
# A clear waits for the gc or clear at work (it does not do this one's work), and clears
# once the lock is let go.
"$ASSAY" cache clear >"$TMP/clear.out" 2>"$TMP/clear.err" &
clearing=$!
sleep 1
check "a clear that finds the lock taken waits for it" kill -0 "$clearing"
rm -f "$TMP/locked"
wait "$holder"
wait "$clearing"
check "... and clears once it is let go (exit 0)" test $? -eq 0
check "... everything" test "$(entries)" -eq 0
check "... saying nothing of a lock" sh -c "! grep -q lock '$TMP/clear.err' '$TMP/clear.out'"
"$ASSAY" "$tree" >/dev/null 2>&1	# filled again for the gc below
expect_status "gc once the lock is free" 0 "$ASSAY" cache gc --cache-max=1K
check "... evicts" sh -c "test $(entries) -lt $held"

# A maintenance lock that cannot be taken at all is not "another process".
ln -s "$TMP/nowhere" "$TMP/evict/maintenance.lock.new" && mv "$TMP/evict/maintenance.lock.new" "$TMP/evict/maintenance.lock"
expect_status "gc when maintenance.lock is a link: exit 4" 4 "$ASSAY" cache gc --cache-max=1K
check "... naming the lock and why" \
	grep -q "maintenance.lock: cannot be opened as the maintenance lock: a symbolic link" "$TMP/err"
check "... not blaming another process" sh -c "! grep -q 'another process' '$TMP/err'"
check "... and the link is left alone" test -L "$TMP/evict/maintenance.lock"
rm -f "$TMP/evict/maintenance.lock"

# Another process holding SQLite's write lock (a long import, a stopped process) does not
# hold up a run that has nothing to write: opening takes no write lock.
"$ASSAY" "$tree" >/dev/null 2>&1
"$ASSAY" "$tree" >/dev/null 2>&1
python3 "$TMP/lock_holder.py" sqlite "$TMP/evict/cache.db" "$TMP/wlocked" &
holder=$!
for _ in $(seq 1 100); do [ -e "$TMP/wlocked" ] && break; sleep 0.05; done
expect_status "a run of cached files while another process holds the write lock ends" 0 \
	timeout 30 "$ASSAY" "$tree"
# Its counters are left out rather than waited for: the busy timeout is 10 s; 6 s is far
# beyond what such a run takes (a hang bound, not a speed figure).
expect_status "... without waiting out the busy timeout at its close" 0 \
	timeout 6 "$ASSAY" "$tree"
export_file="$TMP/keep.export"
"$ASSAY" cache export "$export_file" >/dev/null 2>&1
expect_status "an import the write lock keeps out: exit 4 (the cache's fault, not the file's)" 4 \
	"$ASSAY" cache import --trust-unsigned "$export_file"
check "... saying the database is locked" grep -q 'cannot write: database is locked' "$TMP/err"
expect_status "a clear the write lock keeps out: exit 4" 4 "$ASSAY" cache clear
check "... saying why" grep -q 'clearing (nothing was removed) failed: database is locked' "$TMP/err"
rm -f "$TMP/wlocked"
wait "$holder"

# Corrupt databases moved aside: at most one is kept (the newest), and gc removes older
# ones (left by an assay from before, or copied back by hand).
export ASSAY_CACHE_DIR="$TMP/corrupt"
"$ASSAY" "$tree" >/dev/null 2>&1
for f in cache.db.corrupt-1000 cache.db.corrupt-1000-wal cache.db.corrupt-1000-shm; do
	printf 'old' >"$TMP/corrupt/$f"
done
printf 'not a copy' >"$TMP/corrupt/cache.db.corrupt-notes"
head -c 8192 /dev/urandom >"$TMP/corrupt/cache.db"
rm -f "$TMP/corrupt/cache.db-wal" "$TMP/corrupt/cache.db-shm"
"$ASSAY" "$tree" >/dev/null 2>"$TMP/corrupt.err"
check "a corrupt cache is moved aside" grep -q 'was corrupt: moved to .*cache.db.corrupt-[0-9]* and rebuilt' "$TMP/corrupt.err"
asides() { (cd "$TMP/corrupt" && ls -d cache.db.corrupt-* 2>/dev/null | grep -v -e '-wal$' -e '-shm$' -e notes); }
check "... the older copy goes, with its side files: one is kept" \
	sh -c "test \"\$(cd '$TMP/corrupt' && ls -d cache.db.corrupt-1000* 2>/dev/null)\" = '' && test $(asides | wc -l) -eq 1"
check "... the new one" sh -c "test '$(asides)' != cache.db.corrupt-1000"
check "... a file that only looks like one stays" test -e "$TMP/corrupt/cache.db.corrupt-notes"
latest=$(asides)
printf 'old' >"$TMP/corrupt/cache.db.corrupt-1000"
printf 'old' >"$TMP/corrupt/cache.db.corrupt-2000-wal"
expect_status "gc with older corrupt copies" 0 "$ASSAY" cache gc
check "... removes them" sh -c "test ! -e '$TMP/corrupt/cache.db.corrupt-1000' -a ! -e '$TMP/corrupt/cache.db.corrupt-2000-wal'"
check "... keeps the newest" test -e "$TMP/corrupt/$latest"
check "... and says so, naming the cache" grep -q "^removed 1 older corrupt database ($TMP/corrupt/cache.db.corrupt-\*)" "$TMP/out"

# Export takes the rows of the engines a run with the same options looks up; --all-engines
# every row. Both in the one (signed or unsigned) format import reads.
export ASSAY_CACHE_DIR="$TMP/engines"
"$ASSAY" "$tree" >/dev/null 2>&1
"$ASSAY" -m "$tree" >/dev/null 2>&1
engines_in() { python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(distinct engine), count(*) from results").fetchone())' "$1"; }
check "two engines' rows in the cache" test "$(engines_in "$TMP/engines/cache.db")" = "(2, 80)"
expect_status "cache export" 0 "$ASSAY" cache export "$TMP/current.export"
check "... of the current engines only" grep -qx 'exported 40 entries of the current engines, not signed' "$TMP/out"
expect_status "cache export -m" 0 "$ASSAY" cache export -m "$TMP/modified.export"
check "... of -m's engines" grep -qx 'exported 40 entries of the current engines, not signed' "$TMP/out"
expect_status "cache export --all-engines" 0 "$ASSAY" cache export --all-engines "$TMP/all.export"
check "... every row" grep -qx 'exported 80 entries of every engine, not signed' "$TMP/out"
ASSAY_CACHE_DIR="$TMP/from-current" "$ASSAY" cache import --trust-unsigned "$TMP/current.export" >/dev/null 2>&1
check "the current engines' export imports as one engine" \
	test "$(engines_in "$TMP/from-current/cache.db")" = "(1, 40)"
ASSAY_CACHE_DIR="$TMP/from-current" "$ASSAY" -f json "$tree" >"$TMP/from-current.json" 2>/dev/null
check "... which a run answers every file from" grep -q '"cache":{"enabled":true,"hits":40,"misses":0' "$TMP/from-current.json"
ASSAY_CACHE_DIR="$TMP/from-modified" "$ASSAY" cache import --trust-unsigned "$TMP/modified.export" >/dev/null 2>&1
ASSAY_CACHE_DIR="$TMP/from-modified" "$ASSAY" -m -f json "$tree" >"$TMP/from-modified.json" 2>/dev/null
check "the -m export answers a run with -m" grep -q '"cache":{"enabled":true,"hits":40,"misses":0' "$TMP/from-modified.json"
ASSAY_CACHE_DIR="$TMP/from-all" "$ASSAY" cache import --trust-unsigned "$TMP/all.export" >/dev/null 2>&1
check "the --all-engines export imports both engines" \
	test "$(engines_in "$TMP/from-all/cache.db")" = "(2, 80)"
"$ASSAY" cache keygen --output="$TMP/k" >/dev/null 2>&1
expect_status "a signed export of every engine" 0 "$ASSAY" cache export --all-engines \
	--signing-key="$TMP/k.key" "$TMP/signed.export"
ASSAY_CACHE_DIR="$TMP/from-signed" "$ASSAY" cache import --trusted-key="$TMP/k.pub" \
	"$TMP/signed.export" >"$TMP/signed.out" 2>&1
check "... imports, verified, with both engines" sh -c "grep -q 'imported 80 entries, signed by trusted key' '$TMP/signed.out' && test \"\$(python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(\"select count(distinct engine) from results\").fetchone()[0])' '$TMP/from-signed/cache.db')\" = 2"

# assay cache why FILE: the key, whether a run with the same options hits it, who wrote
# what is there and when, why a run misses; without writing to the cache.
export ASSAY_CACHE_DIR="$TMP/why"
wt="$TMP/whytree"
mkdir -p "$wt"
printf 'int w(int a) { if (a > 1) return a; return 0; }\n' >"$wt/w.c"
blob=$(git hash-object "$wt/w.c")
expect_status "why before any run: a miss (exit 1)" 1 "$ASSAY" cache why "$wt/w.c"
check "... names the key: blob id, language, engine" \
	grep -qx "key: blob $blob, language c, engine [0-9a-f]\{16\}" "$TMP/out"
check "... says there is no cache yet, naming it" \
	grep -q "cached: no: cannot read the cache $TMP/why/cache.db: .*nothing was ever stored there" "$TMP/out"
check "... and creates none" test ! -e "$TMP/why/cache.db"
"$ASSAY" "$wt" >/dev/null 2>&1
# The database (its bytes and modification time) and what its WAL holds: a reader may
# create an empty WAL and the -shm, SQLite's shared-memory index, where readers too leave
# their marks.
snapshot() {
	cat "$TMP/why/cache.db" "$TMP/why/cache.db-wal" 2>/dev/null | cksum
	stat -c "%y %s" "$TMP/why/cache.db"
}
# Read before the snapshot: Python's SQLite, unlike assay, brings the WAL the run left
# into the database when it closes.
stored_engine=$(python3 -c '
import sqlite3, sys
print("%016x" % sqlite3.connect(sys.argv[1]).execute(
    "select engine from results where oid = ?", (bytes.fromhex(sys.argv[2]),)).fetchone()[0])' \
	"$TMP/why/cache.db" "$blob")
before=$(snapshot)
expect_status "why after a run: a hit (exit 0)" 0 "$ASSAY" cache why "$wt/w.c"
check "... the key's engine is the one the run stored the row under" \
	grep -qx "key: blob $blob, language c, engine $stored_engine" "$TMP/out"
check "... cached, when and by whom" grep -q "^cached: yes" "$TMP/out"
check "... stored today, by a worker" \
	grep -q "engine $stored_engine (these options'), stored $(date -u +%Y-%m-%d) [0-9:]* UTC by a worker" "$TMP/out"
check "... used on 1 day (uses count the days it was used)" grep -q 'used on 1 day, ' "$TMP/out"
expect_status "why -m: a miss" 1 "$ASSAY" cache why -m "$wt/w.c"
check "... the key's engine is -m's" sh -c "! grep -q 'engine $stored_engine\$' '$TMP/out'"
check "... the row there is another engine's, written without -m" \
	sh -c "grep -q '^  c, engine $stored_engine: stored' '$TMP/out' && grep -q 'other options: written without -m (these options: with)' '$TMP/out'"
expect_status "why --units=fold: a miss" 1 "$ASSAY" cache why --units=fold "$wt/w.c"
check "... written with another unit policy" \
	grep -q "other options: written with --units the language's default (these options: fold)" "$TMP/out"
# A row written with the configuration's [generated] markers (every run's, when it has
# some) is found for what it is by a why with --include-generated.
mkdir -p "$TMP/whycfg/assay" && printf '[generated]\n\tmarker = DO NOT EDIT\n' >"$TMP/whycfg/assay/config"
XDG_CONFIG_HOME="$TMP/whycfg" ASSAY_CACHE_DIR="$TMP/whysalt" "$ASSAY" "$wt" >/dev/null 2>&1
expect_status "why --include-generated of a row a plain run wrote with markers: a miss" 1 \
	env XDG_CONFIG_HOME="$TMP/whycfg" ASSAY_CACHE_DIR="$TMP/whysalt" "$ASSAY" cache why --include-generated "$wt/w.c"
check "... the row's options named, not another assay blamed" \
	grep -q "other options: written with this configuration's \[generated\] markers, by a run without --strict" "$TMP/out"
printf 'int w2(void) { return 2; }\n' >>"$wt/w.c"
expect_status "why after the file changed: a miss" 1 "$ASSAY" cache show "$wt/w.c"
check "... under its new key" grep -qx "key: blob $(git hash-object "$wt/w.c"), language c, engine $stored_engine" "$TMP/out"
check "... no row for this content, no removal noted" grep -q "^why: no row for this content under any engine, and no removal of one noted: the file is new or changed" "$TMP/out"
check "why and show write nothing to the cache" test "$(snapshot)" = "$before"
# An evicted row is told from a change: gc notes what it evicts (the day and why), verify
# what it removes as damaged, and clear forgets both.
export ASSAY_CACHE_DIR="$TMP/whygone"
# today_re: today's date, or yesterday's when the day turned since $day0 (a run at midnight).
day0=$(date -u +%Y-%m-%d)
today_re() { echo "($day0|$(date -u +%Y-%m-%d))"; }
"$ASSAY" "$wt" >/dev/null 2>&1
"$ASSAY" cache gc --cache-max=1 >/dev/null 2>&1
expect_status "why of an evicted row: a miss" 1 "$ASSAY" cache why "$wt/w.c"
check "... evicted today, under the size cap" grep -Eqx "why: its row was evicted on $(today_re), to keep the cache under its size cap \(--cache-max\)" "$TMP/out"
expect_status "... why -m, whose row was never stored: a miss" 1 "$ASSAY" cache why -m "$wt/w.c"
check "... naming the eviction of the row another engine stored" \
	grep -Eq "^why: no row for this content under any engine; its row for c, engine [0-9a-f]{16}, was evicted on $(today_re)" "$TMP/out"
"$ASSAY" "$wt" >/dev/null 2>&1
expect_status "... stored again: a hit" 0 "$ASSAY" cache why "$wt/w.c"
python3 -c 'import sqlite3, sys
d = sqlite3.connect(sys.argv[1]); d.execute("UPDATE results SET value = x'"'"'00'"'"' WHERE oid = ?", (bytes.fromhex(sys.argv[2]),)); d.commit()' \
	"$ASSAY_CACHE_DIR/cache.db" "$(git hash-object "$wt/w.c")"
"$ASSAY" cache verify >/dev/null 2>&1
"$ASSAY" cache why "$wt/w.c" >"$TMP/out" 2>&1
check "... damaged and removed by verify (its summary left): said so, not an eviction" \
	grep -Eq "^  its full row was removed on $(today_re) by cache verify, as damaged" "$TMP/out"
"$ASSAY" cache clear >/dev/null 2>&1
"$ASSAY" cache why "$wt/w.c" >"$TMP/out" 2>&1
check "... cleared: nothing noted" grep -q "^why: no row for this content under any engine, and no removal of one noted" "$TMP/out"
python3 -c 'import sqlite3, sys
sys.exit(sqlite3.connect(sys.argv[1]).execute("select count(*) from evicted").fetchone()[0])' "$ASSAY_CACHE_DIR/cache.db"
check "... and the notes are gone from the database" test $? -eq 0
# A note that cannot be written takes its batch back: nothing evicted, gc fails naming the
# cache and the cause (the table made to refuse every note).
"$ASSAY" "$wt" >/dev/null 2>&1
python3 -c 'import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
d.executescript("DROP TABLE evicted; CREATE TABLE evicted(oid BLOB NOT NULL, lang INTEGER NOT NULL, "
    "engine INTEGER NOT NULL, day INTEGER NOT NULL, why INTEGER NOT NULL CHECK(why < 0), "
    "PRIMARY KEY(oid, lang, engine)) WITHOUT ROWID;")' "$ASSAY_CACHE_DIR/cache.db"
held=$("$ASSAY" cache stats | sed -n 's/^entries: \([0-9]*\),.*/\1/p')
expect_status "gc whose notes fail: exit 4" 4 "$ASSAY" cache gc --cache-max=1
check "... naming the cache and why" \
	grep -q "$ASSAY_CACHE_DIR/cache.db: eviction failed: evicting: CHECK constraint failed" "$TMP/err"
check "... and evicting nothing" \
	test "$("$ASSAY" cache stats | sed -n 's/^entries: \([0-9]*\),.*/\1/p')" -eq "$held"
export ASSAY_CACHE_DIR="$TMP/why"
# Its results row gone, its summary left (as verify leaves it): a default text run is
# still answered from the summary, which why says.
"$ASSAY" "$wt" >/dev/null 2>&1
python3 -c 'import sqlite3, sys
d = sqlite3.connect(sys.argv[1]); d.execute("DELETE FROM results WHERE oid = ?", (bytes.fromhex(sys.argv[2]),)); d.commit()' \
	"$TMP/why/cache.db" "$(git hash-object "$wt/w.c")"
expect_status "why of a content with only its summary left: exit 0" 0 "$ASSAY" cache why "$wt/w.c"
check "... a run of violations only is answered from the summary" \
	grep -q '^cached: partly: a run that reports violations only' "$TMP/out"
expect_status "why of a file that is not there" 2 "$ASSAY" cache why "$wt/gone.c"
check "... names it and the cause" grep -q "$wt/gone.c: No such file or directory" "$TMP/err"
# A folder on the way that is a link is not followed, as a run does not follow it.
mkdir -p "$TMP/whyout/sub" && printf 'int o(void) { return 0; }\n' >"$TMP/whyout/sub/o.c"
ln -s "$TMP/whyout" "$wt/lnk"
expect_status "why of a file behind a linked folder: refused (exit 2)" 2 "$ASSAY" cache why "$wt/lnk/sub/o.c"
check "... naming the link" grep -q "'lnk' is a symbolic link" "$TMP/err"
rm "$wt/lnk"

# A language's engine id is the hash of a text (store/cache_engine.c) that every cached row
# is keyed by: a text that changed by one byte, in a refactoring or a faster way to write
# it, would orphan every row of every user's cache. Here the text is built again from the
# versions it names, as documented there, and hashed as src/common/hash.h does.
engine_of_c() {
	python3 - "$SRC" "$BUILD" <<'PY'
import re, sys
M = (1 << 64) - 1
def fin(h):
    h ^= h >> 30
    h = (h * 0xbf58476d1ce4e5b9) & M
    h ^= h >> 27
    h = (h * 0x94d049bb133111eb) & M
    return h ^ (h >> 31)
def mix(h, v):
    return fin(h ^ ((v + 0x9e3779b97f4a7c15 + ((h << 6) & M) + (h >> 2)) & M))
def hash64(b):
    h = 0x9e3779b97f4a7c15 ^ len(b)
    while len(b) >= 8:
        h, b = mix(h, int.from_bytes(b[:8], "little")), b[8:]
    return mix(h, int.from_bytes(b, "little"))
src, build = sys.argv[1], sys.argv[2]
def define(path, name):
    return re.search(r"#define %s (\d+)" % name, open(path).read()).group(1)
versions = open(build + "/grammars/versions.h").read()
runtime = re.search(r'ASSAY_TREE_SITTER_RUNTIME "([^"]*)"', versions).group(1)
package, version = re.search(r'\{"c", "([^"]*)", "([^"]*)"\}', versions).groups()
rules = re.search(r'LANGUAGE\(C, \d+, "c",.*?lang_c, (\d+)\)',
                  open(src + "/src/common/languages.def").read(), re.S).group(1)
# The default generated markers (config/settings.c) salt every id (run/lookup.c).
salt = hash64(b"strict 0;marker @generated;marker DO NOT EDIT") or 1
text = "record %s;flags 0;salt %016x;core %s;runtime %s;lang c;rules %s;grammar %s %s" % (
    define(src + "/src/common/record.h", "RECORD_VERSION"), salt,
    define(src + "/src/common/languages.h", "ANALYZE_CORE_VERSION"), runtime, rules,
    package, version)
print("%016x" % (hash64(text.encode()) & 0x7fffffffffffffff))
PY
}
expected=$(engine_of_c)
"$ASSAY" cache why "$wt/w.c" >"$TMP/out" 2>&1
check "C's engine id is the hash of its documented text ($expected)" \
	grep -q "language c, engine $expected\$" "$TMP/out"

# ---- a cache that cannot be written -------------------------------------------------------
# An immutable database (chattr +i: root only, on file systems that have it) is read, not
# written. Its warning says so (cache.readonly, not cache.recovered); gc, clear and import
# have nothing they can do and say why (exit 4); verify finds the bad rows and says it
# cannot remove them.
export ASSAY_CACHE_DIR="$TMP/ro"
"$ASSAY" -j2 "$tree" >/dev/null 2>&1
# spoil.py DB: one stored value made undecodable, the WAL brought in.
cat >"$TMP/spoil.py" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("update results set value=x'789c' where (oid, lang, engine) = "
           "(select oid, lang, engine from results limit 1)")
db.commit()
db.execute("pragma wal_checkpoint(truncate)")
PY
python3 "$TMP/spoil.py" "$TMP/ro/cache.db"
if chattr +i "$TMP/ro/cache.db" 2>/dev/null; then
	for sub in gc clear; do
		expect_status "cache $sub on a cache that cannot be written: exit 4" 4 "$ASSAY" cache "$sub"
		check "... saying why" grep -q "cache.db: cannot $sub: the cache cannot be written (attempt to write a readonly database)" "$TMP/err"
	done
	check "the open's warning is cache.readonly" grep -q '\[cache.readonly\]' "$TMP/err"
	check "... not cache.recovered" sh -c "! grep -q 'cache.recovered' '$TMP/err'"
	expect_status "cache import into a cache that cannot be written: exit 4" 4 \
		"$ASSAY" cache import --trust-unsigned "$TMP/nothing.export"
	expect_status "cache verify on a cache that cannot be written: the bad row is found (exit 1)" 1 \
		"$ASSAY" cache verify
	check "... and not said removed" \
		grep -q '^1 bad entries, 1 not removed: the cache cannot be written' "$TMP/out"
	chattr -i "$TMP/ro/cache.db"
	expect_status "... it is still there for a verify that can write" 1 "$ASSAY" cache verify
	check "... which removes it" grep -q '^1 bad entries removed' "$TMP/out"
else
	echo "# skipped (not counted): chattr +i is not available here"
fi

# ---- verify on a corrupt database ---------------------------------------------------------
# A database that fails its integrity check is set aside as a run sets one aside: the next
# run starts a new one instead of missing on every file.
damage_results_root "$TMP/ro/cache.db"
expect_status "cache verify on a corrupt database: exit 4" 4 "$ASSAY" cache verify
check "... it says the database is corrupt and where it went" \
	grep -q "cache.db turned out corrupt (.*): moved to .*cache.db.corrupt-[0-9]*" "$TMP/err"
check "... it is set aside" sh -c "ls '$TMP'/ro/cache.db.corrupt-* >/dev/null"
"$ASSAY" -j2 -f json "$tree" >"$TMP/after.json" 2>"$TMP/after.err"
"$ASSAY" -j2 -f json "$tree" >"$TMP/after2.json" 2>/dev/null
check "... and the runs after it store and hit again" python3 -c '
import json, sys
sys.exit(not json.load(open(sys.argv[1]))["cache"]["hits"] == 40)' "$TMP/after2.json"

# ---- a full disk names its cause ----------------------------------------------------------
# SQLite records no errno for a full disk; the warning names it. A small tmpfs of our own
# (a user and mount namespace) is the full disk, where the system allows one.
if unshare -r -m true 2>/dev/null; then
	mkdir -p "$TMP/small"
	unshare -r -m sh -c 'mount -t tmpfs -o size=96k tmpfs "$1" && mkdir -m 700 "$1/c" &&
		exec "$2" --cache-dir="$1/c" -j2 "$3"' sh "$TMP/small" "$ASSAY" "$TMP/t2" \
		>/dev/null 2>"$TMP/small.err"
	check "a full disk: the warning names it (No space left on device)" \
		grep -q 'the cache .*: database or disk is full: No space left on device' "$TMP/small.err"
	# A database that is not one, found at open on a full disk: moved aside, and no new
	# one can be made, which the warning says (it once said "rebuilt").
	mkdir -p "$TMP/small3"
	head -c 8192 /dev/urandom >"$TMP/garbage.db"
	unshare -r -m sh -c 'mount -t tmpfs -o size=1m tmpfs "$1" && mkdir -m 700 "$1/c" &&
		cp "$4" "$1/c/cache.db" &&
		{ dd if=/dev/zero of="$1/fill" bs=4k >/dev/null 2>&1; true; } &&
		exec "$2" --cache-dir="$1/c" -j2 "$3"' sh "$TMP/small3" "$ASSAY" "$tree" \
		"$TMP/garbage.db" >/dev/null 2>"$TMP/small3.err"
	check "a corrupt cache on a full disk: moved aside, no new one, and why" \
		grep -q 'moved to .*cache.db.corrupt-[0-9]*; a new one cannot be made (.*No space left on device.*): running without a cache' "$TMP/small3.err"
	check "... not said rebuilt" sh -c "! grep -q 'rebuilt' '$TMP/small3.err'"
	# verify on a full disk (40 KiB left: room for the WAL's index, not for a page of
	# it): the bad row it finds cannot be deleted, and it says so.
	mkdir -p "$TMP/small2"
	unshare -r -m sh -c 'mount -t tmpfs -o size=2m tmpfs "$1" && mkdir -m 700 "$1/c" &&
		"$2" --cache-dir="$1/c" -j2 "$3" >/dev/null 2>&1 && python3 "$4" "$1/c/cache.db" &&
		{ dd if=/dev/zero of="$1/fill" bs=4k >/dev/null 2>&1; true; } &&
		truncate -s -40K "$1/fill" && exec "$2" --cache-dir="$1/c" cache verify' sh "$TMP/small2" "$ASSAY" "$tree" \
		"$TMP/spoil.py" >"$TMP/small2.out" 2>"$TMP/small2.err"
	check "verify on a full disk: the bad row is not said removed" \
		grep -q '^1 bad entries, 1 not removed: the cache cannot be written (database or disk is full: No space left on device)' "$TMP/small2.out"
else
	echo "# skipped (not counted): no user namespace to mount a small tmpfs in"
fi
