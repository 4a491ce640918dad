# cache.sh - the content-addressed result cache: hits by content, what invalidates it and
# what does not, concurrency, crashes, corruption, tampering, a full disk, export/import,
# and schema migration.
. "$(dirname "$0")/lib.shinc"

tree="$TMP/tree"
mkdir -p "$tree"
for i in $(seq 1 40); do
	printf 'int f%d(int a) { if (a > %d) return a; return %d; }\n' "$i" "$i" "$i" >"$tree/f$i.c"
done
export ASSAY_CACHE_DIR="$TMP/c1"

# cachejson FILE KEY: the run's cache figure KEY from a JSON report.
cachejson() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cache"][sys.argv[2]])' "$1" "$2"
}
run_json() {	# run_json NAME ARGS...: a JSON report into $TMP/NAME.json
	name=$1
	shift
	"$ASSAY" -j2 -f json "$@" >"$TMP/$name.json" 2>"$TMP/$name.err"
}
same_units() {	# the analysis part of two reports is identical
	python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if a["files"] == b["files"] else 1)' "$1" "$2"
}

# A --cache-dir whose folders do not exist yet: each is made (before, one level only, and
# the run went on without a cache).
run_json deep --cache-dir "$TMP/deep/a/b/c" "$tree"
run_json deep2 --cache-dir "$TMP/deep/a/b/c" "$tree"
check "a --cache-dir three folders deep is made, and serves the next run" \
	test "$(cachejson "$TMP/deep2.json" hits)" -eq 40
check "... made 0700" test "$(stat -c %a "$TMP/deep/a")" = 700

run_json cold "$tree"
check "a cold run misses every file" test "$(cachejson "$TMP/cold.json" misses)" -eq 40
run_json warm "$tree"
check "a warm run hits every file" test "$(cachejson "$TMP/warm.json" hits)" -eq 40
check "a warm run misses nothing" test "$(cachejson "$TMP/warm.json" misses)" -eq 0
check "cached results equal fresh ones" same_units "$TMP/cold.json" "$TMP/warm.json"
# Values are the record itself (record version 5), not deflated: each is as long as its
# recorded size and starts with the version byte. A deflated value (an older assay's) is
# a miss, measured again and stored as it is.
check "values are stored as the records themselves" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT value, raw_size FROM results WHERE lang > 0").fetchall()
sys.exit(0 if len(rows) == 40 and all(len(v) == n and v[0] == 5 for v, n in rows) else 1)' \
	"$TMP/c1/cache.db"
python3 -c '
import sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1])
oid, value = db.execute("SELECT oid, value FROM results WHERE lang > 0 ORDER BY oid LIMIT 1").fetchone()
db.execute("UPDATE results SET value=? WHERE oid=?", (zlib.compress(value, 1), oid))
db.commit()' "$TMP/c1/cache.db"
run_json deflated "$tree"
check "a deflated value is a miss" test "$(cachejson "$TMP/deflated.json" misses)" -eq 1
check "... measured again the same" same_units "$TMP/cold.json" "$TMP/deflated.json"
run_json deflated2 "$tree"
check "... and stored as it is" test "$(cachejson "$TMP/deflated2.json" hits)" -eq 40
"$ASSAY" "$tree" >"$TMP/warm.txt" 2>&1
check "the text summary states hits, misses and time saved" \
	grep -qE '^  cache: 40 hits, 0 misses \([0-9.]+ s of analysis saved\)$' "$TMP/warm.txt"
# Workers started for files the cache then answered are closed unused: that is no death
# (one still starting when the run ends may fail to greet).
for i in 1 2 3; do "$ASSAY" -j2 --stats "$tree" 2>&1 >/dev/null | grep '^assay-stats: discover'; done \
	>"$TMP/warm.stats"
check "workers closed unused are not counted as deaths" \
	sh -c "test \$(grep -c ' worker_deaths=0 ' '$TMP/warm.stats') -eq 3"

printf 'int f1(int a) { while (a) a--; return 0; }\n' >"$tree/f1.c"
run_json touched "$tree"
check "a changed file is a miss, the rest hit" \
	test "$(cachejson "$TMP/touched.json" misses)" -eq 1 -a "$(cachejson "$TMP/touched.json" hits)" -eq 39
cp "$tree/f2.c" "$tree/copy-of-f2.c"
run_json moved "$tree"
check "the same content under another name is a hit" test "$(cachejson "$TMP/moved.json" misses)" -eq 0
rm "$tree/copy-of-f2.c"

run_json thresholds -C 1 --cognitive 0 --nesting 0 "$tree"
check "changing thresholds re-analyzes nothing" test "$(cachejson "$TMP/thresholds.json" misses)" -eq 0
check "... yet the new thresholds apply" grep -q '"violations":\["ccn"' "$TMP/thresholds.json"
run_json modified -m "$tree"
check "an option that changes records (-m) is another engine: all miss" \
	test "$(cachejson "$TMP/modified.json" misses)" -eq 40
# Each language has its own engine id (its grammar, its rules, the runtime): a change to
# one language leaves the others' rows valid. Moving every Python row to another engine,
# as a Python grammar or rules update would, costs the Python files only.
langs="$TMP/langs"
mkdir -p "$langs"
for i in 1 2 3; do
	printf 'int c%d(int a) { return a > %d; }\n' "$i" "$i" >"$langs/c$i.c"
	printf 'def p%d(a):\n    return a > %d\n' "$i" "$i" >"$langs/p$i.py"
done
export ASSAY_CACHE_DIR="$TMP/c-langs"
run_json langs-cold "$langs"
check "languages: each has an engine id of its own" python3 -c '
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "select lang, count(distinct engine) from results group by lang").fetchall()
engines = sqlite3.connect(sys.argv[1]).execute("select count(distinct engine) from results").fetchone()[0]
sys.exit(0 if len(rows) == 2 and all(n == 1 for _, n in rows) and engines == 2 else 1)' \
	"$ASSAY_CACHE_DIR/cache.db"
# The language ids are the table's fixed ids (src/common/languages.h): C is 1, Python 3.
python3 - "$ASSAY_CACHE_DIR/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for table in ("results", "summaries"):
    db.execute("update %s set engine = engine + 1 where lang = 3" % table)
db.commit()
PY
run_json langs-moved "$langs"
check "languages: another Python engine re-analyzes the Python files only" \
	test "$(cachejson "$TMP/langs-moved.json" misses)" -eq 3 -a \
	"$(cachejson "$TMP/langs-moved.json" hits)" -eq 3
check "languages: ... stored again under Python's engine, C's rows untouched" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
count = lambda lang: db.execute("select count(*), count(distinct engine) from results "
                                "where lang = ?", (lang,)).fetchone()
sys.exit(0 if count(3) == (6, 2) and count(1) == (3, 1) else 1)' "$ASSAY_CACHE_DIR/cache.db"
export ASSAY_CACHE_DIR="$TMP/c1"

run_json nocache --no-cache "$tree"
check "--no-cache neither reads nor counts" \
	sh -c "grep -q '\"cache\":{\"enabled\":false,\"hits\":0,\"misses\":0' '$TMP/nocache.json'"

# Two processes writing one cache at once.
mkdir -p "$TMP/t2" "$TMP/t3"
for i in $(seq 1 200); do
	printf 'int g%d(void) { return %d; }\n' "$i" "$i" >"$TMP/t2/g$i.c"
	printf 'def h%d():\n    return %d\n' "$i" "$i" >"$TMP/t3/h$i.py"
done
export ASSAY_CACHE_DIR="$TMP/shared"
"$ASSAY" -j1 -f json "$TMP/t2" >"$TMP/p1.json" 2>"$TMP/p1.err" &
p1=$!
"$ASSAY" -j1 -f json "$TMP/t3" >"$TMP/p2.json" 2>"$TMP/p2.err" &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
check "two processes sharing a cache both succeed" test "$s1" -eq 0 -a "$s2" -eq 0
check "neither complained about the cache" test ! -s "$TMP/p1.err" -a ! -s "$TMP/p2.err"
"$ASSAY" -f json "$TMP/t2" "$TMP/t3" >"$TMP/both.json" 2>/dev/null
check "both processes' results are in the cache" test "$(cachejson "$TMP/both.json" hits)" -eq 400
expect_status "the shared cache verifies" 0 "$ASSAY" cache verify

# kill -9 in mid-run: what was committed is kept, the rest is analyzed again.
T=$(test_install)
TT="$TMP/bin/assay"	# the test worker, with the cache
export ASSAY_CACHE_DIR="$TMP/killed"
mkdir -p "$TMP/t4"
for i in $(seq 1 600); do
	printf 'int k%d(void) { return %d; }\n' "$i" "$i" >"$TMP/t4/k$i.c"
done
# A worker's results are stored only once it ended well (run/load.c), and one worker is
# replaced after 500 files (engine.c, recycle_files): so the first one's results are
# committed (in batches of 256) while the second is busy on the slow file, the smallest,
# sent last. Whatever the machine's speed, the kill then comes in the middle of the run.
printf '/*ASSAY-TEST-SLOW*/' >"$TMP/t4/zz-slow.c"
"$TT" -j1 "$TMP/t4" >/dev/null 2>&1 &
sup=$!
stored=0
for _ in $(seq 1 100); do
	stored=$(python3 -c '
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1]).execute("select count(*) from results").fetchone()[0])
except Exception:
    print(0)' "$TMP/killed/cache.db")
	[ "$stored" -gt 0 ] && break
	sleep 0.05
done
kill -9 "$sup" 2>/dev/null
wait "$sup" 2>/dev/null
sleep 0.2
stored=$(python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from results").fetchone()[0])' "$TMP/killed/cache.db")
check "results were committed before the kill ($stored), not all of them" \
	test "$stored" -gt 0 -a "$stored" -lt 601
# clean DB: meta's clean mark (0: a run committed results and did not end).
clean() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select value from meta where key = ?", ("clean",)).fetchone()[0])' "$1"
}
check "... with the mark of a run that did not end (clean 0)" test "$(clean "$TMP/killed/cache.db")" = 0
"$ASSAY" -j2 -f json "$TMP/t4" >"$TMP/rerun.json" 2>"$TMP/rerun.err"
check "after kill -9, only what was not committed is analyzed" \
	test "$(cachejson "$TMP/rerun.json" misses)" -eq $((601 - stored))
check "after kill -9, the re-run is complete" grep -q '"status":"complete"' "$TMP/rerun.json"
check "... and marks the cache clean (1)" test "$(clean "$TMP/killed/cache.db")" = 1
# A cache found marked open (a run killed after a commit) whose quick_check passes is
# marked clean by the next run to close, even one that only reads (a hit): else every
# later open would run quick_check again.
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("insert or replace into meta(key, value) values (?, 0)", ("clean",))
db.commit()' "$TMP/killed/cache.db"
day_before=$(date -u +%Y%m%d)
"$ASSAY" "$TMP/t4/k1.c" >/dev/null 2>&1
check "a cache found marked open is marked clean by a hit's run" \
	test "$(clean "$TMP/killed/cache.db")" = 1
# A run whose only write is its last transaction (a hit's counters) leaves the mark as it
# was: one page more in the WAL (the counters'), not three (store/cache.c, cache_flush).
wal_pages() {
	python3 -c 'import os, struct, sys
w = sys.argv[1] + "-wal"
d = open(w, "rb").read() if os.path.exists(w) else b""
print(0 if len(d) < 32 else (len(d) - 32) // (24 + struct.unpack(">I", d[8:12])[0]))' "$1"
}
hit_pages() {	# the pages one more hit of k1.c adds to the WAL
	before=$(wal_pages "$TMP/killed/cache.db")
	"$ASSAY" "$TMP/t4/k1.c" >/dev/null 2>&1
	echo $(($(wal_pages "$TMP/killed/cache.db") - before))
}
added=$(hit_pages)
# A day's first hit also refreshes its rows' recency (six pages more here): when the count
# is off and UTC midnight fell since the run above, the next hit is the one measured.
[ "$added" -eq 1 ] || [ "$(date -u +%Y%m%d)" = "$day_before" ] || added=$(hit_pages)
check "a hit's run adds one page to the WAL" test "$added" -eq 1

# A hostile file costs once: its verdict is cached too.
export ASSAY_CACHE_DIR="$TMP/verdicts"
mkdir -p "$TMP/t5"
printf 'int ok(void) { return 0; }\n' >"$TMP/t5/ok.c"
printf '/* ASSAY-TEST-CRASH */\nint c(void) { return 0; }\n' >"$TMP/t5/crash.c"
"$TT" -j1 -f json "$TMP/t5" >"$TMP/v1.json" 2>/dev/null
"$TT" -j1 -f json "$TMP/t5" >"$TMP/v2.json" 2>/dev/null
check "a crashing file kills workers on the first run" grep -q '"crashed":2,' "$TMP/v1.json"
check "its cached verdict costs no worker on the next" grep -q '"crashed":0,' "$TMP/v2.json"
check "the cached verdict is still reported, as line counts only" \
	grep -q '"path":"[^"]*crash.c","language":"c","status":"fallback","reason":"crashed (SIGSEGV)"' "$TMP/v2.json"

# A corrupt database is moved aside and rebuilt; the run is unaffected.
export ASSAY_CACHE_DIR="$TMP/corrupt"
run_json c0 "$tree"
head -c 8192 /dev/urandom >"$TMP/corrupt/cache.db"
rm -f "$TMP/corrupt/cache.db-wal" "$TMP/corrupt/cache.db-shm"
run_json c1 "$tree"
check "a corrupt cache is reported" grep -q 'was corrupt: moved to .*cache.db.corrupt-[0-9]* and rebuilt' "$TMP/c1.err"
check "a corrupt cache does not change the results" same_units "$TMP/c0.json" "$TMP/c1.json"
check "the corrupt file is kept for inspection" sh -c "ls '$TMP'/corrupt/cache.db.corrupt-* >/dev/null"
run_json c2 "$tree"
check "the rebuilt cache works" test "$(cachejson "$TMP/c2.json" hits)" -eq 40
# Set aside twice in one second, the second database must not keep the first one's WAL
# beside it (SQLite would read it as its own): the WAL of a database set aside now, and
# in the next seconds, planted; the one set aside has none.
now=$(date +%s)
for t in 0 1 2 3 4 5; do
	printf 'stale' >"$TMP/corrupt/cache.db.corrupt-$((now + t))-wal"
done
head -c 8192 /dev/urandom >"$TMP/corrupt/cache.db"
rm -f "$TMP/corrupt/cache.db-wal" "$TMP/corrupt/cache.db-shm"
run_json c3 "$tree"
aside=$(grep -o 'cache.db.corrupt-[0-9]*' "$TMP/c3.err" | head -n 1)
check "a database set aside where one was in the same second keeps no stale WAL beside it" \
	sh -c "test -n '$aside' && test -e '$TMP/corrupt/$aside' && test ! -e '$TMP/corrupt/$aside-wal'"
rm -f "$TMP"/corrupt/cache.db.corrupt-*

# A database that opens clean and then reads as corrupt (a damaged b-tree page: bad disk
# sectors, a copy cut short) is set aside at the run's end as one found corrupt at open
# is; left in place, marked clean, every later run missed on it and stored nothing.
export ASSAY_CACHE_DIR="$TMP/midrun"
run_json m0 "$tree"
damage_results_root "$TMP/midrun/cache.db"
run_json m1 "$tree"
check "a cache that turns out corrupt during a run is said" \
	grep -q 'turned out corrupt (database disk image is malformed): moved to .*cache.db.corrupt-[0-9]*' "$TMP/m1.err"
check "... the run's results are whole" same_units "$TMP/m0.json" "$TMP/m1.json"
check "... it is set aside" sh -c "ls '$TMP'/midrun/cache.db.corrupt-* >/dev/null"
run_json m2 "$tree"
run_json m3 "$tree"
check "... and the next run's cache stores and answers again" \
	test "$(cachejson "$TMP/m2.json" misses)/$(cachejson "$TMP/m3.json" hits)" = 40/40

# The cache commands on a damaged database fail saying why, never a partial answer as a
# whole one (an export of the rows before the damage, "entries: 0"), and set it aside.
for sub in export stats gc; do
	mkdir -p "$TMP/dmg-$sub" && chmod 700 "$TMP/dmg-$sub"
	"$ASSAY" --cache-dir="$TMP/dmg-$sub" "$tree" >/dev/null 2>&1
	damage_results_root "$TMP/dmg-$sub/cache.db"
done
expect_status "cache export of a damaged cache: exit 4" 4 \
	"$ASSAY" --cache-dir="$TMP/dmg-export" cache export "$TMP/dmg.export"
check "... saying the read failed, and why" \
	grep -q "reading the cache failed after 0 rows (database disk image is malformed)" "$TMP/err"
check "... writing no export" test ! -e "$TMP/dmg.export"
check "... and setting the database aside" sh -c "ls '$TMP'/dmg-export/cache.db.corrupt-* >/dev/null"
expect_status "cache stats of a damaged cache: exit 4" 4 "$ASSAY" --cache-dir="$TMP/dmg-stats" cache stats
check "... saying why, not 'entries: 0'" \
	sh -c "grep -q 'counting the entries: database disk image is malformed' '$TMP/err' && ! grep -q '^entries: 0' '$TMP/out'"
expect_status "cache gc of a damaged cache: exit 4" 4 \
	"$ASSAY" --cache-dir="$TMP/dmg-gc" cache gc --cache-max=1K
check "... saying why, not 'evicted 0 entries'" \
	sh -c "grep -q 'eviction failed: .*database disk image is malformed' '$TMP/err' && ! grep -q 'evicted 0' '$TMP/out'"
# A database that is no database at all is set aside when opened: verify says it verified
# a new one, and fails, rather than "0 bad entries".
mkdir -p "$TMP/garbage" && chmod 700 "$TMP/garbage"
head -c 50000 /dev/urandom >"$TMP/garbage/cache.db"
expect_status "cache verify of a garbage database: exit 4" 4 "$ASSAY" --cache-dir="$TMP/garbage" cache verify
check "... saying it was set aside, not '0 bad entries'" sh -c \
	"grep -q 'failed its check when opened and was set aside' '$TMP/err' && ! grep -q 'bad entries' '$TMP/out'"
# cache warm with no cache to store into (one not the user's alone) stores nothing: exit 4.
mkdir -p "$TMP/groupw" && chmod 770 "$TMP/groupw"
mkdir -p "$TMP/warmrepo" && (cd "$TMP/warmrepo" && git init -q && printf 'int f(void) { return 0; }\n' >f.c \
	&& git add f.c && git -c user.name=t -c user.email=t@t commit -qm f)
(cd "$TMP/warmrepo" && "$ASSAY" --cache-dir="$TMP/groupw" cache warm >"$TMP/out" 2>"$TMP/err")
check "cache warm that can store nothing: exit 4" test $? -eq 4
check "... saying so, and analyzing nothing" sh -c \
	"grep -q 'cache warm: nothing can be stored' '$TMP/err' && ! grep -q 'analyzed' '$TMP/out'"
expect_status "cache warm with two revisions: exit 2" 2 "$ASSAY" cache warm HEAD HEAD~1
# Summaries whose results row is gone (verify removed it) go at the next gc, evicting or not.
mkdir -p "$TMP/orphans" && chmod 700 "$TMP/orphans"
"$ASSAY" --cache-dir="$TMP/orphans" "$tree" >/dev/null 2>&1
python3 -c 'import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute("DELETE FROM results WHERE oid IN (SELECT oid FROM results LIMIT 3)"); d.commit()' "$TMP/orphans/cache.db"
"$ASSAY" --cache-dir="$TMP/orphans" cache gc >/dev/null 2>&1
check "cache gc removes summaries whose results row is gone" python3 -c '
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
n = d.execute("SELECT count(*) FROM summaries s WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.oid=s.oid AND r.lang=s.lang AND r.engine=s.engine)").fetchone()[0]
t = d.execute("SELECT count(*) FROM summaries").fetchone()[0]
sys.exit(0 if n == 0 and t > 0 else 1)' "$TMP/orphans/cache.db"

# A cache of a newer schema is not used, the warning naming it; a negative schema version
# is no assay's: the database is set aside and a new one made.
for d in newer negver; do
	mkdir -p "$TMP/$d" && chmod 700 "$TMP/$d"
	"$ASSAY" --cache-dir="$TMP/$d" "$tree" >/dev/null 2>&1
done
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("pragma user_version=99"); db.commit()' "$TMP/newer/cache.db"
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("pragma user_version=-1"); db.commit()' "$TMP/negver/cache.db"
"$ASSAY" --cache-dir="$TMP/newer" "$tree" >/dev/null 2>"$TMP/newer.err"
check "a cache of a newer schema: the warning names it" \
	grep -q "the cache $TMP/newer/cache.db was written by a newer assay (schema 99); not using it" "$TMP/newer.err"
"$ASSAY" --cache-dir="$TMP/negver" "$tree" >/dev/null 2>"$TMP/negver.err"
check "a cache of schema -1 is set aside and made anew" \
	grep -q "has schema version -1, which no assay writes: moved to .* and rebuilt" "$TMP/negver.err"

# An export leaves out a row an import would refuse (one bad row voided the whole file).
mkdir -p "$TMP/badrow" && chmod 700 "$TMP/badrow"
"$ASSAY" --cache-dir="$TMP/badrow" "$tree" >/dev/null 2>&1
python3 - "$TMP/badrow/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
lang, engine = db.execute("select lang, engine from results limit 1").fetchone()
db.execute("insert into results(oid, lang, engine, value, raw_size, used_day) values(zeroblob(20), ?, ?, x'00', 100, 1)", (lang, engine))
db.execute("insert into results(oid, lang, engine, value, raw_size, used_day) values(randomblob(20), ?, ?, x'789c', 0, 1)", (lang, engine))
# A row a damaged page reads back as: no language, a key of another size.
db.execute("insert into results(oid, lang, engine, value, raw_size, used_day) values(randomblob(7), 999, ?, x'789c', 10, 1)", (engine,))
db.commit()
PY
expect_status "an export of a cache with three bad rows" 0 \
	"$ASSAY" --cache-dir="$TMP/badrow" cache export "$TMP/badrow.export"
check "... exports the good ones" grep -q "^exported 40 entries" "$TMP/out"
check "... says it left the three out (the garbage row too), and what removes them" \
	grep -q "3 rows of .* left out: an import would refuse them.*cache verify" "$TMP/err"
expect_status "... and its import takes all it holds" 0 \
	"$ASSAY" --cache-dir="$TMP/badrow-in" cache import --trust-unsigned "$TMP/badrow.export"
check "... 40 entries" grep -q "^imported 40 entries" "$TMP/out"

# cache verify removes what export refuses (a digest of the wrong size), and a summary
# that disagrees with its result: a clean file's summary copied onto a violator's had the
# formats that read summaries alone (text, sarif, checkstyle...) pass the violator.
mkdir -p "$TMP/tamper" && chmod 700 "$TMP/tamper" && mkdir -p "$TMP/tamper-tree"
printf 'int busy(int a, int b, int c) { if (a && b && c) return 1; return 0; }\n' >"$TMP/tamper-tree/busy.c"
printf 'int calm(void) { return 0; }\n' >"$TMP/tamper-tree/calm.c"
"$ASSAY" --cache-dir="$TMP/tamper" -C 2 "$TMP/tamper-tree" >/dev/null 2>&1
python3 - "$TMP/tamper/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select oid, value from results").fetchall()
sizes = sorted((len(v), oid) for oid, v in rows)	# the calm file's result is the smaller
calm, busy = sizes[0][1], sizes[-1][1]
db.execute("update summaries set summary=(select summary from summaries where oid=?) where oid=?", (calm, busy))
db.execute("update results set digest=x'00' where oid=?", (calm,))
db.commit()
PY
expect_status "cache verify of a cache with a summary copied over another and a bad digest" 1 \
	"$ASSAY" --cache-dir="$TMP/tamper" cache verify
check "... finds both" grep -q "^2 bad entries" "$TMP/out"
expect_status "... and the violator is one again, in text" 1 "$ASSAY" --cache-dir="$TMP/tamper" -C 2 "$TMP/tamper-tree"
expect_status "... a second verify finds nothing" 0 "$ASSAY" --cache-dir="$TMP/tamper" cache verify

# Rows an older assay wrote (a deflated record, under an engine of its own) are no damage:
# verify removes them, says what they are, and passes.
python3 - "$TMP/tamper/cache.db" "$(grep -c '^METRIC(' "$SRC/src/common/metrics.def")" <<'PY'
import sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1])
oid, lang, value, summary = db.execute("select r.oid, r.lang, r.value, s.summary from results r "
                                       "join summaries s using (oid, lang, engine) limit 1").fetchone()
old = zlib.compress(b"\x04" + value[1:], 1)
db.execute("insert into results(oid, lang, engine, value, raw_size, used_day) values(?, ?, 12345, ?, ?, 1)",
           (oid, lang, old, len(value)))
# Its summary: the unit count, each metric's maximum and floor, then a version 4 record.
metrics = int(sys.argv[2])
at = 4 + 8 * metrics
db.execute("insert into summaries(oid, lang, engine, summary, used_day) values(?, ?, 12345, ?, 1)",
           (oid, lang, summary[:at] + b"\x04" + summary[at + 1:]))
db.commit()
PY
expect_status "cache verify of a cache holding an older assay's row passes" 0 \
	"$ASSAY" --cache-dir="$TMP/tamper" cache verify
check "... saying it removed it as another version's, not as bad" \
	grep -qx "2 entries of another version of assay removed (this version cannot read them)" "$TMP/out"
check "... and no bad entry" grep -qx "0 bad entries" "$TMP/out"

# An export never replaces the cache's own files; keygen names its keys; an import looks
# at the magic before it reads a file whole.
expect_status "cache export onto the cache's own database is refused" 2 \
	"$ASSAY" --cache-dir="$TMP/badrow" cache export "$TMP/badrow/cache.db"
check "... saying why" grep -q "one of the cache's own files" "$TMP/err"
expect_status "... and so onto its WAL" 2 \
	"$ASSAY" --cache-dir="$TMP/badrow" cache export "$TMP/badrow/../badrow/cache.db-wal"
check "... the cache still answers" test "$(entries "$TMP/badrow")" -eq 43
mkdir -p "$TMP/keys"
expect_status "cache keygen --output=DIR/ (no name) is refused" 2 \
	"$ASSAY" cache keygen --output="$TMP/keys/"
check "... writing no hidden key" test ! -e "$TMP/keys/.key"
mkdir -p "$TMP/keys/elsewhere" && ln -s elsewhere "$TMP/keys/lnk"
expect_status "cache keygen --output=LINK/NAME: a folder on the way that is a link is refused" 2 \
	"$ASSAY" cache keygen --output="$TMP/keys/lnk/ci"
check "... naming it, and writing no key through it" \
	sh -c "grep -q \"'lnk' is a symbolic link\" '$TMP/err' && test ! -e '$TMP/keys/elsewhere/ci.key'"
# (Not under the sanitizers: AddressSanitizer's shadow memory needs more address space
# than any limit this check could set; make check runs it.)
if ! ldd "$ASSAY" 2>/dev/null | grep -q libasan; then
	truncate -s 1G "$TMP/sparse.export"
	expect_status "a 1 GiB file that is no export, under a 600 MB address-space limit: refused" 2 \
		sh -c "ulimit -v 600000; exec '$ASSAY' --cache-dir='$TMP/badrow-in' cache import --trust-unsigned '$TMP/sparse.export'"
	check "... as no export, not for memory" grep -q "sparse.export: not an assay cache export" "$TMP/err"
	rm -f "$TMP/sparse.export"
fi
expect_status "a remote cache URL longer than 900 bytes is refused" 2 \
	"$ASSAY" --cache-dir="$TMP/badrow" --remote-cache="http://127.0.0.1:9/$(head -c 950 /dev/zero | tr '\0' a)" "$tree"
check "... saying so" grep -q -- "--remote-cache: the URL is .* bytes long; at most 900" "$TMP/err"

# A tampered row is a miss, analyzed again, never a crash.
export ASSAY_CACHE_DIR="$TMP/corrupt"
python3 - "$TMP/corrupt/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select oid, lang, engine, value from results limit 2").fetchall()
v = bytearray(rows[0][3]); v[len(v) // 2] ^= 0xff
db.execute("update results set value=? where oid=? and lang=? and engine=?", (bytes(v),) + rows[0][:3])
db.execute("update results set value=x'789c' where oid=? and lang=? and engine=?", rows[1][:3])
db.commit()
PY
run_json tampered "$tree"
check "tampered rows are misses" test "$(cachejson "$TMP/tampered.json" misses)" -eq 2
check "tampered rows do not change the results" same_units "$TMP/c0.json" "$TMP/tampered.json"

# A full disk: results stop being stored, with a warning; the analysis is complete.
export ASSAY_CACHE_DIR="$TMP/full"
mkdir -p "$TMP/t6"
for i in $(seq 1 1200); do
	printf 'int big%d(int a, int b) { if (a && b) { while (a--) b += a * %d; } return b; }\n' "$i" "$i" >"$TMP/t6/b$i.c"
done
# The limit is on files this process writes; the report goes through a pipe. The database
# is made first (one file's row), so the limit, 200 KiB, bites while the 1 200 files' rows
# are stored, not while it is made (16 KiB pages).
"$ASSAY" -j2 "$TMP/t6/b1.c" >/dev/null 2>&1
(ulimit -f 200 && exec "$ASSAY" -j2 -f json "$TMP/t6" 2>"$TMP/full.err") | cat >"$TMP/full.json"
if grep -q 'the cache .* stopped storing results' "$TMP/full.err"; then
	ok "a full disk is a warning"
else
	not_ok "a full disk is a warning"
	sed 's/^/#   /' "$TMP/full.err"
fi
check "a full disk does not fail the analysis" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r["status"] == "complete" and r["summary"]["ok"] == 1200 else 1)' "$TMP/full.json"

check "... said once" test "$(grep -c 'cache' "$TMP/full.err")" -eq 1
(ulimit -f 1 && exec "$ASSAY" -j2 -f json "$TMP/t6" 2>"$TMP/full0.err") | cat >"$TMP/full0.json"
check "a cache that cannot be opened for a full disk names the system's cause" \
	grep -q 'the cache .*: disk I/O error: File too large' "$TMP/full0.err"
check "... once" test "$(grep -c 'cache' "$TMP/full0.err")" -eq 1
# A database that cannot be written (immutable: root only, on file systems that have it).
if chattr +i "$TMP/full/cache.db" 2>/dev/null; then
	"$ASSAY" -j2 "$TMP/t6" >/dev/null 2>"$TMP/ro.err"
	chattr -i "$TMP/full/cache.db"
	check "a cache that cannot be written is one warning, with its cause" \
		test "$(grep -c 'cannot be written (attempt to write a readonly database' "$TMP/ro.err")" -eq 1
else
	echo "# skipped (not counted): chattr +i is not available here"
fi

# The cache is a trust boundary: a directory or database others can write is not used,
# and SQL planted in the database never runs.
complete() { python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["status"] != "complete")' "$1"; }
export ASSAY_CACHE_DIR="$TMP/loose"
mkdir -p "$TMP/loose"
chmod 0777 "$TMP/loose"
run_json loose "$tree"
check "a cache directory writable by others is not used" \
	grep -q "the cache $TMP/loose is writable by others (mode 777): not used" "$TMP/loose.err"
check "... the analysis is complete without it" complete "$TMP/loose.json"
check "... and nothing is stored there" test ! -e "$TMP/loose/cache.db"
chmod 0700 "$TMP/loose"
run_json loose "$tree"
chmod 0666 "$TMP/loose/cache.db"
run_json loosedb "$tree"
check "a database writable by others is not used" \
	grep -q "the cache $TMP/loose/cache.db is writable by others (mode 666): not used" "$TMP/loosedb.err"
chmod 0644 "$TMP/loose/cache.db"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$TMP/loose"
	run_json theirs "$tree"
	check "a cache directory of another user is not used" \
		grep -q "the cache $TMP/loose belongs to uid 65534, not to uid 0: not used" "$TMP/theirs.err"
	chown 0 "$TMP/loose"
fi
rm -f "$TMP/loose/cache.db-wal" "$TMP/loose/cache.db-shm"
ln -s /etc/passwd "$TMP/loose/cache.db-wal"
run_json linkwal "$tree"
check "a database side file that is a link is not used, and the hint says to remove it" \
	grep -q "the cache $TMP/loose/cache.db-wal is a symbolic link: not used, running without a cache (remove it, or use --cache-dir)" "$TMP/linkwal.err"
rm "$TMP/loose/cache.db-wal"
plant() {	# plant: a table, a trigger on results and a view in the cache database
	python3 - "$TMP/loose/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE pwned(x)")
db.execute("CREATE TRIGGER planted AFTER INSERT ON results BEGIN INSERT INTO pwned VALUES(1); END")
db.execute("CREATE VIEW peek AS SELECT * FROM results")
db.commit()
PY
}
plant
mkdir -p "$TMP/fresh"
printf 'int fresh(void) { return 1; }\n' >"$TMP/fresh/fresh.c"
run_json planted "$TMP/fresh"
check "planted schema objects are found and the cache rebuilt" \
	grep -q 'holds foreign schema objects (table pwned, trigger planted, view peek): moved to' "$TMP/planted.err"
aside=$(ls "$TMP/loose"/cache.db.corrupt-* 2>/dev/null | grep -v -e '-wal$' -e '-shm$' | head -n 1)
check "... the planted trigger never ran" python3 -c '
import sqlite3, sys
sys.exit(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM pwned").fetchone()[0] != 0)' "$aside"
check "... and the rebuilt cache holds only its own tables" python3 -c '
import sqlite3, sys
names = sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT name FROM sqlite_schema"))
sys.exit(names != ["evicted", "lang_stats", "meta", "results", "sqlite_autoindex_meta_1", "summaries"])' "$TMP/loose/cache.db"
plant
"$ASSAY" cache verify >"$TMP/verify.out" 2>"$TMP/verify.err"
check "cache verify reports planted schema objects" \
	grep -q 'holds foreign schema objects (table pwned, trigger planted, view peek)' "$TMP/verify.err"

# Export, import into an empty cache, and every file hits. (Signatures: signing.sh; these
# exports are unsigned, so that damage is what is refused here.)
export ASSAY_CACHE_DIR="$TMP/c1"
expect_status "cache export" 0 "$ASSAY" cache export "$TMP/cache.export"
export ASSAY_CACHE_DIR="$TMP/imported"
expect_status "cache import" 0 "$ASSAY" cache import --trust-unsigned "$TMP/cache.export"
run_json imported "$tree"
check "an imported cache answers every file" test "$(cachejson "$TMP/imported.json" misses)" -eq 0
cp "$TMP/cache.export" "$TMP/bad.export"
printf '\377' | dd of="$TMP/bad.export" bs=1 seek=200 conv=notrunc 2>/dev/null
expect_status "a damaged export is refused" 2 "$ASSAY" cache import --trust-unsigned \
	"$TMP/bad.export"
check "a damaged export is named" grep -q 'bad.export: ' "$TMP/err"
check "... as damaged" grep -q 'checksum mismatch' "$TMP/err"
head -c 100 "$TMP/cache.export" >"$TMP/short.export"
expect_status "a truncated export is refused" 2 "$ASSAY" cache import --trust-unsigned \
	"$TMP/short.export"

# Eviction, corrupt copies, the maintenance lock, export's engines, `cache why`:
# cache_keep.sh.
export ASSAY_CACHE_DIR="$TMP/evict"
"$ASSAY" "$tree" >/dev/null 2>&1
expect_status "cache path" 0 "$ASSAY" cache path
check "cache path names the database" grep -q "$TMP/evict/cache.db" "$TMP/out"
expect_status "cache clear" 0 "$ASSAY" cache clear
check "clear empties the cache" sh -c "'$ASSAY' cache stats | grep -q '^entries: 0,'"
expect_status "an unknown cache command exits 2" 2 "$ASSAY" cache frobnicate

# A database of schema 1 (no cost, use counts or statistics) is migrated, rows kept.
export ASSAY_CACHE_DIR="$TMP/old"
"$ASSAY" "$tree" >/dev/null 2>&1
python3 - "$TMP/old/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE v1(oid BLOB NOT NULL, lang INTEGER NOT NULL, engine INTEGER NOT NULL,
  value BLOB NOT NULL, raw_size INTEGER NOT NULL, used_day INTEGER NOT NULL,
  PRIMARY KEY(oid, lang, engine)) WITHOUT ROWID;
INSERT INTO v1 SELECT oid, lang, engine, value, raw_size, used_day FROM results;
DROP TABLE results; DROP TABLE lang_stats; DROP TABLE summaries;
ALTER TABLE v1 RENAME TO results;
PRAGMA user_version = 1;
""")
db.commit()
PY
run_json migrated "$tree"
check "a schema 1 cache is migrated with its rows" test "$(cachejson "$TMP/migrated.json" hits)" -eq 40
version() { python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("pragma user_version").fetchone()[0])' "$1"; }
check "the migrated cache is at schema 7" test "$(version "$TMP/old/cache.db")" -eq 7
# Schema 3 had no worker generation (nor time of storing) per row.
python3 - "$TMP/old/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""ALTER TABLE results DROP COLUMN worker;
ALTER TABLE results DROP COLUMN stored_at; ALTER TABLE results DROP COLUMN digest;
ALTER TABLE summaries DROP COLUMN digest; PRAGMA user_version = 3;""")
db.commit()
PY
run_json migrated3 "$tree"
check "a schema 3 cache is migrated with its rows" test "$(cachejson "$TMP/migrated3.json" hits)" -eq 40
check "... to schema 7" test "$(version "$TMP/old/cache.db")" -eq 7
# Schema 4 had no time of storing per row: the rows kept get 0 (unknown), new ones the time.
# downgrade SQL: the migrated cache made to look older by SQL.
downgrade() {
	python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.argv[2])
db.commit()' "$TMP/old/cache.db" "$1"
}
# migrate_fresh N: a run on the tree with a new file, fresh$N.c, after a downgrade to
# schema N: every old row answers.
migrate_fresh() {
	printf 'int fresh%s(void) { return %s; }\n' "$1" "$1" >"$tree/fresh$1.c"
	run_json "migrated$1" "$tree"
	rm "$tree/fresh$1.c"
	check "a schema $1 cache is migrated with its rows" \
		test "$(cachejson "$TMP/migrated$1.json" hits)" -eq 40
}
downgrade "ALTER TABLE results DROP COLUMN stored_at; ALTER TABLE results DROP COLUMN digest;
ALTER TABLE summaries DROP COLUMN digest; PRAGMA user_version = 4;"
migrate_fresh 4
# migrated_has CONDITION: 0 when the Python CONDITION holds of the migrated cache, with v
# its schema version and rows(SQL) a query's rows.
migrated_has() {
	python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
rows = lambda sql: db.execute(sql).fetchall()
v = rows("pragma user_version")[0][0]
sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)' "$TMP/old/cache.db" "$1"
}
check "... to schema 7, the old rows' time unknown, the new row's stored" migrated_has \
	'v == 7 and rows("select count(*) from results where stored_at = 0")[0][0] >= 40
and [abs(t - time.time()) < 600 for (t,) in rows("select stored_at from results where stored_at != 0")] == [True]'
# Schema 5 had no digests: every row was keyed by an id git computed (git/keys.h). The rows
# kept have none and answer as before; a file read outside git is stored with one.
downgrade "ALTER TABLE results DROP COLUMN digest; ALTER TABLE summaries DROP COLUMN digest;
PRAGMA user_version = 5;"
migrate_fresh 5
check "... to schema 7, the old rows with no digest, the new row's stored with one" migrated_has \
	'v == 7 and rows("select count(*) from results where digest is null")[0][0] >= 41
and rows("select length(digest) from results where digest is not null") == [(32,)]
and rows("select length(digest) from summaries where digest is not null") == [(32,)]'
# Schema 6's digests were BLAKE2b: a row with one would only ever miss, and goes (here,
# fresh5.c's); the rows without one stay and answer.
downgrade "DROP TABLE evicted; PRAGMA user_version = 6;"
migrate_fresh 6
check "... to schema 7, schema 6's rows with a digest gone, the new row's stored with one" \
	migrated_has 'v == 7 and rows("select count(*) from evicted") == [(0,)]
and rows("select count(*) from results where digest is null")[0][0] >= 41
and rows("select length(digest) from results where digest is not null") == [(32,)]
and rows("select length(digest) from summaries where digest is not null") == [(32,)]'

# Schema 2 had no summaries: a run that reports violations only fills them in as it hits,
# and the next such run is answered from them with the same report.
export ASSAY_CACHE_DIR="$TMP/v2"
"$ASSAY" "$tree" >/dev/null 2>&1
python3 - "$TMP/v2/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""DROP TABLE summaries; ALTER TABLE results DROP COLUMN worker;
ALTER TABLE results DROP COLUMN stored_at; ALTER TABLE results DROP COLUMN digest;
PRAGMA user_version = 2;""")
db.commit()
PY
summaries() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from summaries").fetchone()[0])' "$1"
}
"$ASSAY" --no-cache -C 3 "$tree" >"$TMP/v2.fresh.txt" 2>&1
"$ASSAY" -C 3 "$tree" >"$TMP/v2.first.txt" 2>&1
check "a schema 2 cache is migrated and its summaries filled as rows are hit" \
	test "$(summaries "$TMP/v2/cache.db")" -eq 40
"$ASSAY" -C 3 "$tree" >"$TMP/v2.second.txt" 2>&1
normalize <"$TMP/v2.fresh.txt" >"$TMP/v2.fresh.n"
normalize <"$TMP/v2.second.txt" >"$TMP/v2.second.n"
check "... and a text report from the summaries equals a fresh analysis" \
	cmp -s "$TMP/v2.fresh.n" "$TMP/v2.second.n"

# ---- summaries: a report of violations only, from a git index, without inflating ----
# A git tree: C files of growing complexity, an extension-less script with a #! line, an
# extension-less file of no language, a file of an unknown extension, and a directory
# with its own (lower) limits.
export ASSAY_CACHE_DIR="$TMP/sum"
repo="$TMP/sumrepo"
mkdir -p "$repo/strict"
for i in $(seq 1 12); do
	{
		printf 'int g%d(int a)\n{\n' "$i"
		for k in $(seq 1 "$i"); do printf '\tif (a > %d)\n\t\ta--;\n' "$k"; done
		printf '\treturn a;\n}\n'
	} >"$repo/g$i.c"
	cp "$repo/g$i.c" "$repo/strict/s$i.c"
done
printf '#!/usr/bin/env python3\nif __name__ == "__main__":\n    print(1 if 2 else 3)\n' >"$repo/tool"
printf 'obj-y += g1.o\n' >"$repo/Kbuild"
printf 'just text\n' >"$repo/notes.txt"
printf '[threshold "strict/**"]\n\tccn = 2\n' >"$repo/.assay"
git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" -c user.name=t \
	-c user.email=t@t commit -qm base
sleep 1	# no racily clean entries: every file is keyed from the index
git -C "$repo" update-index --refresh >/dev/null 2>&1
fresh() {	# fresh NAME ARGS...: a normalized report from a run without the cache
	name=$1
	shift
	(cd "$repo" && "$ASSAY" --no-cache "$@" .) 2>&1 | normalize >"$TMP/$name.fresh"
}
cached() {	# cached NAME ARGS...: the same from the cache, plus the raw output
	name=$1
	shift
	(cd "$repo" && "$ASSAY" "$@" .) >"$TMP/$name.raw" 2>&1
	normalize <"$TMP/$name.raw" >"$TMP/$name.cached"
}
(cd "$repo" && "$ASSAY" -f json . >"$TMP/sum.cold.json" 2>"$TMP/sum.cold.err")
check "the git tree's files are analyzed once" \
	test "$(cachejson "$TMP/sum.cold.json" misses)" -eq 25
for limits in "-C 6" "-C 3" "-C 9" "-C 3 --cognitive 2"; do
	# shellcheck disable=SC2086
	fresh lim $limits
	# shellcheck disable=SC2086
	cached lim $limits
	check "from summaries with $limits: the report a fresh run gives" \
		cmp -s "$TMP/lim.fresh" "$TMP/lim.cached"
done
(cd "$repo" && "$ASSAY" -C 3 --trace "$TMP/lim.trace" . >/dev/null 2>&1)
check "... and no worker was started (the script and the extension-less file too)" \
	sh -c "grep -q '\"name\":\"cache\"' '$TMP/lim.trace' && ! grep -q '\"name\":\"worker\"' '$TMP/lim.trace'"
check "... every analyzable file a hit, nothing else counted" \
	grep -q '^  cache: 25 hits, 0 misses' "$TMP/lim.raw"
# A run that stores a row leaves it in cache.db (the WAL emptied into it); one that only
# counts its hits leaves cache.db as it was.
check "the summaries keep what the lower limits needed (no more rewriting)" sh -c "
	cd '$repo' && '$ASSAY' -C 3 . >/dev/null 2>&1
	before=\$(cksum <'$TMP/sum/cache.db')
	'$ASSAY' -C 6 . >/dev/null 2>&1 && '$ASSAY' -C 3 . >/dev/null 2>&1
	test \"\$(cksum <'$TMP/sum/cache.db')\" = \"\$before\""
python3 - "$TMP/sum/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select engine, oid, lang, summary from summaries where lang != 0").fetchall()
s = bytearray(rows[0][3]); s[-3] ^= 0xff
db.execute("update summaries set summary=? where engine=? and oid=? and lang=?", (bytes(s),) + rows[0][:3])
db.execute("update summaries set summary=x'01' where engine=? and oid=? and lang=?", rows[1][:3])
db.commit()
PY
fresh tampered -C 3
cached tampered -C 3
check "tampered summaries: the same report, from the full rows" \
	cmp -s "$TMP/tampered.fresh" "$TMP/tampered.cached"
check "... and still all hits" grep -q '^  cache: 25 hits, 0 misses' "$TMP/tampered.raw"

# An empty .h and an empty extension-less file share a blob: the .h's memo of the language
# its bytes gave (a no-language row) must not show in the other file's reason.
shared="$TMP/blobshare"
mkdir -p "$shared" && (cd "$shared" && git init -q && : >x.h && : >Build && git add -A \
	&& git -c user.name=t -c user.email=t@e commit -qm a) || exit 1
reasons() {
	(cd "$shared" && "$ASSAY" --cache-dir="$TMP/shared-cache" -f json . 2>/dev/null) \
		| python3 -c 'import json,sys; print([(f["path"], f["reason"]) for f in json.load(sys.stdin)["files"]])'
}
cold=$(reasons)
warm=$(reasons)
check "a warm run reports a file sharing a header's blob as a cold run does ($warm)" \
	test "$cold" = "$warm"

# The WAL stays between runs: a warm run appends its few pages (hit counters) to it and
# leaves the database file as it was (no checkpoint, no fsync); a run that stores 64
# results or more brings it into the database and empties it.
wal="$TMP/walcache"
walrun() { "$ASSAY" --cache-dir="$wal" "$@" >/dev/null 2>&1; }
dbstate() { echo "$(cksum <"$wal/cache.db") $(stat -c %Y.%s "$wal/cache.db")"; }
walrun "$tree"
walrun "$tree"
db_before=$(dbstate)
wal_before=$(stat -c %s "$wal/cache.db-wal" 2>/dev/null || echo none)
walrun "$tree"
check "a warm run leaves the database file as it was" test "$(dbstate)" = "$db_before"
check "... and appends to the WAL it found ($wal_before bytes)" \
	test "$(stat -c %s "$wal/cache.db-wal" 2>/dev/null || echo none)" -gt "$wal_before"
# A run that stores a few results (one changed file) leaves them in the WAL too: no
# checkpoint and its fsyncs; the next run finds them there.
one="$TMP/walone"
mkdir -p "$one"
printf 'int once(int a) { if (a) return 1; return 0; }\n' >"$one/once.c"
db_before=$(dbstate)
walrun "$one"
check "a run that stores one result leaves the database file as it was" \
	test "$(dbstate)" = "$db_before"
check "... and the next run finds it in the WAL" sh -c "'$ASSAY' --cache-dir='$wal' -f json '$one' \
	| python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"cache\"][\"hits\"] != 1)'"
big="$TMP/waltree"
mkdir -p "$big"
for i in $(seq 1 800); do
	{ printf 'int g%d(int a) {\n' "$i"; seq 1 60 | sed "s/.*/\tif (a > &) a += $i;/"
	  printf '\treturn a;\n}\n'; } >"$big/g$i.c"
done
walrun "$big"
check "a run that stores results empties the WAL into the database" \
	test "$(stat -c %s "$wal/cache.db-wal")" -eq 0
walrun "$big"
check "... whose rows the next run finds" sh -c "'$ASSAY' --cache-dir='$wal' -f json '$big' \
	| python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"cache\"][\"hits\"] != 800)'"
