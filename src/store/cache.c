/*
 * cache.c - the SQLite result cache (see cache.h).
 *
 * Schema 3 (PRAGMA user_version):
 *   results(oid, lang, engine, value, raw_size, cost_us, used_day, uses), primary key
 *     (oid, lang, engine), WITHOUT ROWID; value is the zlib-compressed record.
 *   summaries(oid, lang, engine, summary, cost_us, used_day), primary key (engine, oid,
 *     lang) so that one engine's rows can be read in one range scan: the record's summary and
 *     file-level part (record_summary_encode), uncompressed and about 100 bytes, so a run
 *     that reports violations only reads a small dense table and inflates a value only
 *     for a file that has a unit over a limit. A summary without its results row is
 *     never used; a results row without a summary (older schema, import) gets one on
 *     its next hit.
 *   lang_stats(lang, hits, misses, saved_us): accumulated over runs.
 *   meta(key, value): "clean" is 0 while a process has the cache open, 1 after a clean
 *     close; a 0 found at open means a crash, so the database is quick_check'ed.
 * Schema 1 had neither cost_us, uses nor lang_stats, schema 2 no summaries; migrate()
 * brings them forward.
 *
 * Recency is kept per day (used_day) and refreshed at most once a day per entry, so a warm
 * run reads the cache without writing a row per hit.
 */
#include "store/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "config.h"
#include "analyze/hash.h"
#include "grammars/versions.h"
#include "common/proto.h"
#include "util/alloc.h"
#include "util/clock.h"

#define BATCH_ROWS 256
#define BATCH_SECONDS 0.5
#define EXPORT_MAGIC "ASSAYCACHE\n"
#define EXPORT_VERSION 1

/* A summaries row read ahead: its oid and summary in the arena, one after the other. */
struct prefetch_row {
	size_t off, len;	/* the oid at off, the summary (len bytes) after it */
	enum lang_id lang;
	uint64_t cost_us;
	int64_t day;
};

struct prefetch {
	pthread_t thread;
	int running;		/* the thread has the connection */
	atomic_int stop;	/* the caller wants the connection back now */
	int complete;		/* every row of the engine was read */
	struct prefetch_row *rows;
	size_t nrows, cap;
	uint8_t *arena;
	size_t arena_len, arena_cap;
};

struct cache {
	sqlite3 *db;
	struct prefetch pf;
	char *dir;
	char *path;
	uint64_t engines[LANG_COUNT];	/* each language's engine id (cache_engine_ids) */
	int writable;
	int in_batch;
	int reading;		/* a read transaction is open (cache_hold_reads) */
	int batch_rows;
	double batch_started;
	uint32_t today;
	sqlite3_stmt *get, *put, *touch, *get_summary, *put_summary, *touch_summary;
	struct cache_counts counts;
	char warning[512];
};

static void prefetch_join(struct cache *c);

/* ---- locations and engine ---------------------------------------------------------- */

char *cache_default_dir(const char *option)
{
	if (option && option[0])
		return xstrdup(option);
	const char *env = getenv("ASSAY_CACHE_DIR");
	if (env && env[0])
		return xstrdup(env);
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char buf[4096];
	if (xdg && xdg[0] == '/')
		snprintf(buf, sizeof(buf), "%s/assay", xdg);
	else if (home && home[0] == '/')
		snprintf(buf, sizeof(buf), "%s/.cache/assay", home);
	else
		return NULL;
	return xstrdup(buf);
}

/* What the records of one language depend on, hashed: their format, the walker every
 * language shares, the runtime, the language's grammar and its own rules, and the options
 * that change records. A file of no language (an extension-less file whose content named
 * none) depends on the content checks and on every language's interpreters instead. */
static uint64_t engine_id(enum lang_id lang, uint32_t analyze_flags)
{
	static const struct {
		const char *lang, *package, *version;
	} grammars[] = ASSAY_GRAMMAR_VERSIONS;
	struct wbuf b;
	wbuf_init(&b);
	wbuf_printf(&b, "record %d;flags %u;", RECORD_VERSION, analyze_flags);
	const struct language_info *li = language_info(lang);
	if (!li) {
		wbuf_printf(&b, "none;detect %d", DETECT_VERSION);
		for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
			for (const char *const *i = language_info((enum lang_id)l)->interpreters; *i; i++)
				wbuf_printf(&b, ";%s %s", language_info((enum lang_id)l)->name, *i);
	} else {
		wbuf_printf(&b, "core %d;runtime %s;lang %s;rules %d", ANALYZE_CORE_VERSION,
			    ASSAY_TREE_SITTER_RUNTIME, li->name, li->rules_version);
		for (size_t i = 0; i < sizeof(grammars) / sizeof(grammars[0]); i++)
			if (strcmp(grammars[i].lang, li->name) == 0)
				wbuf_printf(&b, ";grammar %s %s", grammars[i].package,
					    grammars[i].version);
	}
	uint64_t id = hash64(b.data, b.len);
	wbuf_free(&b);
	return id & 0x7fffffffffffffffull;	/* SQLite integers are signed */
}

void cache_engine_ids(uint32_t analyze_flags, uint64_t engines[LANG_COUNT])
{
	for (int l = 0; l < LANG_COUNT; l++)
		engines[l] = engine_id((enum lang_id)l, analyze_flags);
}

/* ---- opening ------------------------------------------------------------------------ */

static int exec_sql(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int user_version(sqlite3 *db, int *version)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

#define SUMMARIES_TABLE \
	"CREATE TABLE summaries(oid BLOB NOT NULL, lang INTEGER NOT NULL, engine INTEGER NOT NULL," \
	" summary BLOB NOT NULL, cost_us INTEGER NOT NULL DEFAULT 0," \
	" used_day INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(engine, oid, lang)) WITHOUT ROWID;"

static const char schema_v3[] =
	"CREATE TABLE results(oid BLOB NOT NULL, lang INTEGER NOT NULL, engine INTEGER NOT NULL,"
	" value BLOB NOT NULL, raw_size INTEGER NOT NULL, cost_us INTEGER NOT NULL DEFAULT 0,"
	" used_day INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 1,"
	" PRIMARY KEY(oid, lang, engine)) WITHOUT ROWID;"
	SUMMARIES_TABLE
	"CREATE TABLE lang_stats(lang INTEGER PRIMARY KEY, hits INTEGER NOT NULL DEFAULT 0,"
	" misses INTEGER NOT NULL DEFAULT 0, saved_us INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value);"
	"PRAGMA user_version = 3;";

/* Schema 1 -> 2: cost and use counts per entry, statistics per language. */
static const char migrate_v1[] =
	"ALTER TABLE results ADD COLUMN cost_us INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE results ADD COLUMN uses INTEGER NOT NULL DEFAULT 1;"
	"CREATE TABLE IF NOT EXISTS lang_stats(lang INTEGER PRIMARY KEY,"
	" hits INTEGER NOT NULL DEFAULT 0, misses INTEGER NOT NULL DEFAULT 0,"
	" saved_us INTEGER NOT NULL DEFAULT 0);"
	"PRAGMA user_version = 2;";

/* Schema 2 -> 3: summaries, filled as rows are hit. */
static const char migrate_v2[] = SUMMARIES_TABLE "PRAGMA user_version = 3;";

/* Creates or migrates the schema inside one write transaction. */
static int migrate(sqlite3 *db, char *warning, size_t len)
{
	int rc = exec_sql(db, "BEGIN IMMEDIATE");
	int version = 0;
	if (rc == SQLITE_OK)
		rc = user_version(db, &version);
	if (rc == SQLITE_OK && version == 0)
		rc = exec_sql(db, schema_v3);
	if (rc == SQLITE_OK && version == 1)
		rc = exec_sql(db, migrate_v1);
	if (rc == SQLITE_OK && (version == 1 || version == 2))
		rc = exec_sql(db, migrate_v2);
	if (rc == SQLITE_OK && version > CACHE_SCHEMA_VERSION) {
		snprintf(warning, len, "the cache was written by a newer assay (schema %d); not "
			 "using it", version);
		exec_sql(db, "ROLLBACK");
		return SQLITE_MISMATCH;
	}
	if (rc == SQLITE_OK)
		rc = exec_sql(db, "COMMIT");
	else
		exec_sql(db, "ROLLBACK");
	return rc;
}

static int meta_get_clean(sqlite3 *db)
{
	sqlite3_stmt *st;
	int clean = 1;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='clean'", -1, &st, NULL)
	    != SQLITE_OK)
		return 1;
	if (sqlite3_step(st) == SQLITE_ROW)
		clean = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return clean;
}

static int set_clean(sqlite3 *db, int clean)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta(key, value) VALUES('clean', %d)",
		 clean);
	return exec_sql(db, sql);
}

static int quick_check_ok(sqlite3 *db)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *r = sqlite3_column_text(st, 0);
		ok = r && strcmp((const char *)r, "ok") == 0;
	}
	sqlite3_finalize(st);
	return ok;
}

static int is_corruption(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* Opens the file and brings it to schema 3. Returns an SQLite code; *db is set when the
 * file opened at all. */
static int open_db(struct cache *c, int flags, char *warning, size_t len)
{
	int rc = sqlite3_open_v2(c->path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	if (!(flags & SQLITE_OPEN_READWRITE))
		return user_version(c->db, &(int){ 0 });
	/* mmap spares a copy of every page read: a warm run reads the whole cache. */
	rc = exec_sql(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
			     "PRAGMA mmap_size=1073741824;");
	if (rc != SQLITE_OK)
		return rc;
	rc = migrate(c->db, warning, len);
	if (rc != SQLITE_OK)
		return rc;
	int was_clean = meta_get_clean(c->db);
	if (!was_clean && !quick_check_ok(c->db))
		return SQLITE_CORRUPT;
	return set_clean(c->db, 0);
}

static void close_db(struct cache *c)
{
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_finalize(c->touch);
	sqlite3_finalize(c->get_summary);
	sqlite3_finalize(c->put_summary);
	sqlite3_finalize(c->touch_summary);
	c->get = c->put = c->touch = c->get_summary = c->put_summary = c->touch_summary = NULL;
	sqlite3_close(c->db);
	c->db = NULL;
}

/* A corrupt database is moved aside (with its WAL) so the user can look at it, and a
 * new one takes its place. */
static void move_aside(const struct cache *c, char *moved, size_t len)
{
	snprintf(moved, len, "%s.corrupt-%ld", c->path, (long)time(NULL));
	rename(c->path, moved);
	static const char *const sidecars[] = { "-wal", "-shm" };
	for (size_t i = 0; i < 2; i++) {
		char from[4300], to[4300];
		snprintf(from, sizeof(from), "%s%s", c->path, sidecars[i]);
		snprintf(to, sizeof(to), "%s%s", moved, sidecars[i]);
		rename(from, to);
	}
}

static int prepare(struct cache *c)
{
	static const char get_sql[] = "SELECT value, raw_size, cost_us, used_day FROM results "
				      "WHERE oid=?1 AND lang=?2 AND engine=?3";
	static const char put_sql[] = "INSERT OR REPLACE INTO results(oid, lang, engine, value, "
				      "raw_size, cost_us, used_day, uses) VALUES(?1, ?2, ?3, ?4, "
				      "?5, ?6, ?7, 1)";
	static const char touch_sql[] = "UPDATE results SET used_day=?4, uses=uses+1 WHERE "
					"oid=?1 AND lang=?2 AND engine=?3";
	static const char touch_summary_sql[] = "UPDATE summaries SET used_day=?4 WHERE oid=?1 "
						"AND lang=?2 AND engine=?3";
	static const char get_summary_sql[] = "SELECT summary, cost_us, used_day FROM summaries "
					      "WHERE oid=?1 AND lang=?2 AND engine=?3";
	static const char put_summary_sql[] = "INSERT OR REPLACE INTO summaries(oid, lang, "
					      "engine, summary, cost_us, used_day) VALUES(?1, ?2, "
					      "?3, ?4, ?5, ?6)";
	int rc = sqlite3_prepare_v2(c->db, get_sql, -1, &c->get, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, get_summary_sql, -1, &c->get_summary, NULL);
	if (rc == SQLITE_OK && c->writable)
		rc = sqlite3_prepare_v2(c->db, put_sql, -1, &c->put, NULL);
	if (rc == SQLITE_OK && c->writable)
		rc = sqlite3_prepare_v2(c->db, touch_sql, -1, &c->touch, NULL);
	if (rc == SQLITE_OK && c->writable)
		rc = sqlite3_prepare_v2(c->db, put_summary_sql, -1, &c->put_summary, NULL);
	if (rc == SQLITE_OK && c->writable)
		rc = sqlite3_prepare_v2(c->db, touch_summary_sql, -1, &c->touch_summary, NULL);
	return rc;
}

/* Opens read-write; a second process setting up the same new database at the same moment
 * can make the journal-mode switch answer SQLITE_BUSY without waiting, so that is retried
 * (for up to about five seconds). */
static int open_rw(struct cache *c, char *warning, size_t len)
{
	int rc = SQLITE_BUSY;
	for (int attempt = 0; attempt < 100; attempt++) {
		rc = open_db(c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, warning, len);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		close_db(c);
		struct timespec ts = { 0, 50000000L };
		nanosleep(&ts, NULL);
	}
	return rc;
}

/* Read-write, else rebuilt when corrupt, else read-only. */
static int open_any(struct cache *c, char *warning, size_t len)
{
	int rc = open_rw(c, warning, len);
	if (is_corruption(rc)) {
		char moved[4200];
		close_db(c);
		move_aside(c, moved, sizeof(moved));
		snprintf(warning, len, "the cache %s was corrupt: moved to %s and rebuilt", c->path,
			 moved);
		rc = open_rw(c, warning + strlen(warning), 0);
	}
	if (rc == SQLITE_OK) {
		c->writable = 1;
		return prepare(c);
	}
	if (rc == SQLITE_MISMATCH)
		return rc;
	close_db(c);
	if (open_db(c, SQLITE_OPEN_READONLY, warning, len) == SQLITE_OK && prepare(c) == SQLITE_OK) {
		snprintf(warning, len, "the cache %s is read-only: results will not be stored",
			 c->path);
		return SQLITE_OK;
	}
	return rc;
}

struct cache *cache_open(const char *dir, const uint64_t engines[LANG_COUNT], char *warning,
			 size_t warning_len)
{
	warning[0] = '\0';
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		/* One level of parents (~/.cache may not exist yet). */
		char *parent = xstrdup(dir);
		char *slash = strrchr(parent, '/');
		if (slash && slash != parent) {
			*slash = '\0';
			mkdir(parent, 0700);
		}
		free(parent);
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			snprintf(warning, warning_len, "cannot create the cache directory %s: %s; "
				 "running without a cache", dir, strerror(errno));
			return NULL;
		}
	}
	struct cache *c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	size_t n = strlen(dir) + 16;
	c->path = xmalloc(n);
	snprintf(c->path, n, "%s/cache.db", dir);
	memcpy(c->engines, engines, sizeof(c->engines));
	c->today = (uint32_t)(time(NULL) / 86400);
	int rc = open_any(c, warning, warning_len);
	if (rc != SQLITE_OK) {
		if (!warning[0])
			snprintf(warning, warning_len, "cannot open the cache %s: %s; running without "
				 "a cache", c->path, sqlite3_errstr(rc));
		close_db(c);
		free(c->dir);
		free(c->path);
		free(c);
		return NULL;
	}
	snprintf(c->warning, sizeof(c->warning), "%s", warning);
	return c;
}

const char *cache_path(const struct cache *c)
{
	return c->path;
}

const char *cache_warning(const struct cache *c)
{
	return c->warning;
}

const struct cache_counts *cache_counts(const struct cache *c)
{
	return &c->counts;
}

/* ---- writing ------------------------------------------------------------------------ */

/* A write failed (disk full, read-only, I/O error): stop writing for this run and say so
 * once. What was committed before stays. */
static void writes_failed(struct cache *c, int rc)
{
	if (c->in_batch)
		exec_sql(c->db, "ROLLBACK");
	c->in_batch = 0;
	c->writable = 0;
	if (!c->warning[0])
		snprintf(c->warning, sizeof(c->warning), "the cache %s stopped storing results: %s",
			 c->path, sqlite3_errstr(rc));
}

void cache_flush(struct cache *c)
{
	prefetch_join(c);
	if (!c || !c->in_batch)
		return;
	int rc = exec_sql(c->db, "COMMIT");
	c->in_batch = 0;
	c->batch_rows = 0;
	if (rc != SQLITE_OK)
		writes_failed(c, rc);
}

void cache_hold_reads(struct cache *c)
{
	prefetch_join(c);
	if (c && !c->in_batch && !c->reading && exec_sql(c->db, "BEGIN") == SQLITE_OK)
		c->reading = 1;
}

void cache_release_reads(struct cache *c)
{
	if (c && c->reading)
		exec_sql(c->db, "COMMIT");
	if (c)
		c->reading = 0;
}

static int begin_batch(struct cache *c)
{
	if (c->in_batch)
		return 1;
	cache_release_reads(c);	/* a write needs its own, immediate, transaction */
	int rc = exec_sql(c->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		writes_failed(c, rc);
		return 0;
	}
	c->in_batch = 1;
	c->batch_rows = 0;
	c->batch_started = now_seconds();
	return 1;
}

/* lang is bound as the fixed id of the language table, never a position that may move. */
static void bind_key(sqlite3_stmt *st, const uint8_t *oid, enum lang_id lang, uint64_t engine)
{
	sqlite3_bind_blob(st, 1, oid, CACHE_OID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)lang);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)engine);
}

/* Runs a bound write statement inside the batch; commits the batch when it is due. */
static void batch_step(struct cache *c, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		writes_failed(c, rc);
		return;
	}
	if (++c->batch_rows >= BATCH_ROWS || now_seconds() - c->batch_started > BATCH_SECONDS)
		cache_flush(c);
}

/* Queues the summary row of a record (see the schema above). */
static void put_summary(struct cache *c, const uint8_t *oid, enum lang_id lang,
			const struct record *rec, const long *floor, uint64_t cost_us)
{
	struct wbuf b;
	wbuf_init(&b);
	record_summary_encode(rec, floor, &b);
	if (!b.failed && c->writable && begin_batch(c)) {
		bind_key(c->put_summary, oid, lang, c->engines[lang]);
		sqlite3_bind_blob(c->put_summary, 4, b.data, (int)b.len, SQLITE_STATIC);
		sqlite3_bind_int64(c->put_summary, 5, (sqlite3_int64)cost_us);
		sqlite3_bind_int64(c->put_summary, 6, c->today);
		batch_step(c, c->put_summary);
	}
	wbuf_free(&b);
}

void cache_put(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
	       const struct record *rec, uint64_t cost_us, const long *floor)
{
	prefetch_join(c);
	if (!c || !c->writable)
		return;
	struct wbuf raw;
	wbuf_init(&raw);
	record_encode(rec, &raw);
	uLongf clen = compressBound(raw.len);
	uint8_t *packed = raw.failed ? NULL : malloc(clen);
	if (packed && compress2(packed, &clen, raw.data, raw.len, 1) == Z_OK && begin_batch(c)) {
		bind_key(c->put, oid, lang, c->engines[lang]);
		sqlite3_bind_blob(c->put, 4, packed, (int)clen, SQLITE_STATIC);
		sqlite3_bind_int64(c->put, 5, (sqlite3_int64)raw.len);
		sqlite3_bind_int64(c->put, 6, (sqlite3_int64)cost_us);
		sqlite3_bind_int64(c->put, 7, c->today);
		batch_step(c, c->put);
		put_summary(c, oid, lang, rec, floor, cost_us);
		c->counts.stored += lang != LANG_NONE;
	}
	free(packed);
	wbuf_free(&raw);
}

/* ---- reading ------------------------------------------------------------------------ */

/* Inflates and decodes a stored value; -1 when it is not a valid record. */
static int unpack(const void *packed, int plen, sqlite3_int64 raw_size, struct record *rec)
{
	memset(rec, 0, sizeof(*rec));
	if (plen <= 0 || raw_size <= 0 || raw_size > PROTO_MAX_FRAME)
		return -1;
	uLongf n = (uLongf)raw_size;
	uint8_t *raw = malloc(n);
	if (!raw)
		return -1;
	int ok = uncompress(raw, &n, packed, (uLong)plen) == Z_OK && n == (uLongf)raw_size
		 && record_decode(raw, n, rec) == 0;
	free(raw);
	return ok ? 0 : -1;
}

/* Counts a hit, and refreshes the entry's recency once a day. */
static void count_hit(struct cache *c, const uint8_t *oid, enum lang_id lang, uint64_t cost,
		      sqlite3_int64 day)
{
	if (lang != LANG_NONE) {	/* a content verdict (tree_loader), not an analysis */
		c->counts.hits[lang]++;
		c->counts.saved_us += cost;
	}
	if (day < c->today && c->writable && begin_batch(c)) {
		sqlite3_stmt *touch[] = { c->touch, c->touch_summary };
		for (size_t i = 0; i < 2 && c->writable; i++) {
			bind_key(touch[i], oid, lang, c->engines[lang]);
			sqlite3_bind_int64(touch[i], 4, c->today);
			batch_step(c, touch[i]);
		}
	}
}

/* The full record from results; 1 on a hit (not counted), with its cost and day. */
static int get_full(struct cache *c, const uint8_t *oid, enum lang_id lang,
		    struct record *rec, uint64_t *cost, sqlite3_int64 *day)
{
	int hit = 0;
	bind_key(c->get, oid, lang, c->engines[lang]);
	if (sqlite3_step(c->get) == SQLITE_ROW) {
		hit = unpack(sqlite3_column_blob(c->get, 0), sqlite3_column_bytes(c->get, 0),
			     sqlite3_column_int64(c->get, 1), rec) == 0
		      && rec->lang == (uint8_t)lang;
		if (!hit)
			record_clear(rec);	/* tampered or truncated: analyze again */
		*cost = (uint64_t)sqlite3_column_int64(c->get, 2);
		*day = sqlite3_column_int64(c->get, 3);
	}
	sqlite3_reset(c->get);
	sqlite3_clear_bindings(c->get);
	return hit;
}

/* The summary row; 1 when there is one that decodes, 0 when not (a miss, not counted),
 * -1 when it is there but undecodable (tampered: to be replaced). */
static int get_summary(struct cache *c, const uint8_t *oid, enum lang_id lang,
		       struct record *head, struct record_summary *s, uint64_t *cost,
		       sqlite3_int64 *day)
{
	int found = 0;
	bind_key(c->get_summary, oid, lang, c->engines[lang]);
	if (sqlite3_step(c->get_summary) == SQLITE_ROW) {
		found = record_summary_decode(sqlite3_column_blob(c->get_summary, 0),
					      (size_t)sqlite3_column_bytes(c->get_summary, 0),
					      head, s) == 0 && head->lang == (uint8_t)lang ? 1 : -1;
		if (found < 0)
			record_clear(head);
		*cost = (uint64_t)sqlite3_column_int64(c->get_summary, 1);
		*day = sqlite3_column_int64(c->get_summary, 2);
	}
	sqlite3_reset(c->get_summary);
	sqlite3_clear_bindings(c->get_summary);
	return found;
}

int cache_get(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
	      const long *limits, struct record *rec, struct record_summary *s)
{
	memset(rec, 0, sizeof(*rec));
	if (!c)
		return 0;
	prefetch_join(c);
	uint64_t cost = 0;
	sqlite3_int64 day = 0;
	int found = limits ? get_summary(c, oid, lang, rec, s, &cost, &day) : 0;
	if (found > 0 && record_summary_covers(s, limits)) {
		count_hit(c, oid, lang, cost, day);
		return CACHE_HIT_SUMMARY;
	}
	record_clear(rec);
	if (!get_full(c, oid, lang, rec, &cost, &day)) {
		if (lang != LANG_NONE)
			c->counts.misses[lang]++;
		return 0;
	}
	if (limits) {
		/* Missing (an older schema, an import), tampered, or kept for higher limits:
		 * stored again keeping what this run needs too, so runs that take turns with
		 * different limits stop rewriting it after one round. */
		long floor[MET_COUNT];
		if (found > 0)
			record_floor_merge(floor, s->floor, limits);
		else
			memcpy(floor, limits, sizeof(floor));
		put_summary(c, oid, lang, rec, floor, cost);
	}
	count_hit(c, oid, lang, cost, day);
	return CACHE_HIT;
}

/* ---- many lookups at once ----------------------------------------------------------- */

/* The lookups of a scan by key: open addressing on the oid's first bytes (a hash
 * already), equal keys (the same content at several paths) chained through next. */
struct query_table {
	struct cache_query *q;
	uint32_t *slot;		/* query index + 1, 0 when empty */
	uint32_t *next;		/* the next query with the same key, + 1 */
	size_t mask;
};

static size_t key_hash(const uint8_t *oid, enum lang_id lang)
{
	uint64_t h;
	memcpy(&h, oid, sizeof(h));
	return (size_t)(h ^ (uint64_t)lang * 0x9e3779b97f4a7c15ull);
}

static int same_key(const struct cache_query *q, const uint8_t *oid, enum lang_id lang)
{
	return q->lang == lang && memcmp(q->oid, oid, CACHE_OID_LEN) == 0;
}

/* The slot holding key's chain, or the empty one where it would go. */
static uint32_t *table_slot(const struct query_table *t, const uint8_t *oid, enum lang_id lang)
{
	size_t i = key_hash(oid, lang) & t->mask;
	while (t->slot[i] && !same_key(&t->q[t->slot[i] - 1], oid, lang))
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

static void table_build(struct query_table *t, struct cache_query *q, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	t->q = q;
	t->mask = cap - 1;
	t->slot = xcalloc(cap, sizeof(*t->slot));
	t->next = xcalloc(n, sizeof(*t->next));
	for (size_t i = 0; i < n; i++) {
		uint32_t *s = table_slot(t, q[i].oid, q[i].lang);
		t->next[i] = *s;
		*s = (uint32_t)i + 1;
	}
}

/* A summaries row, as read by a scan (from SQLite, or from the prefetch). */
struct summary_row {
	const uint8_t *oid;	/* CACHE_OID_LEN bytes */
	enum lang_id lang;
	const void *summary;
	size_t len;
	uint64_t cost_us;
	int64_t day;
};

/* One row of the scan: answers every lookup of its key whose limits the summary covers. */
static void scan_row(const struct summary_row *row, const struct query_table *t)
{
	for (uint32_t k = *table_slot(t, row->oid, row->lang); k; k = t->next[k - 1]) {
		struct cache_query *q = &t->q[k - 1];
		struct record_summary s;
		if (record_summary_decode(row->summary, row->len, q->rec, &s) < 0
		    || q->rec->lang != (uint8_t)q->lang || !record_summary_covers(&s, q->limits)) {
			record_clear(q->rec);
			continue;
		}
		q->answered = 1;
		q->nunits = s.nunits;
		q->cost_us = row->cost_us;
		q->day = row->day;
	}
}

/* The row under a summaries statement (oid, lang, summary, cost_us, used_day); -1 when
 * its oid is malformed. */
static int row_of(sqlite3_stmt *st, struct summary_row *row)
{
	*row = (struct summary_row){ sqlite3_column_blob(st, 0),
				     (enum lang_id)sqlite3_column_int(st, 1),
				     sqlite3_column_blob(st, 2),
				     (size_t)sqlite3_column_bytes(st, 2),
				     (uint64_t)sqlite3_column_int64(st, 3),
				     sqlite3_column_int64(st, 4) };
	return sqlite3_column_bytes(st, 0) == CACHE_OID_LEN ? 0 : -1;
}

static const char engine_summaries_sql[] = "SELECT oid, lang, summary, cost_us, used_day FROM "
					   "summaries WHERE engine=?1";

/* 1 when no language before l has l's engine id: the engines to scan, each once. */
static int first_of_engine(const struct cache *c, int l)
{
	for (int k = 0; k < l; k++)
		if (c->engines[k] == c->engines[l])
			return 0;
	return 1;
}

/* 1 when a row read from engine's range is of a language whose engine this is. */
static int row_current(const struct cache *c, const struct summary_row *row, uint64_t engine)
{
	return (int)row->lang >= 0 && row->lang < LANG_COUNT && c->engines[row->lang] == engine;
}

/* ---- the prefetch: the engine's summaries read while the walk runs ------------------ */

/* Past this many rows the cache holds much more than one tree: point lookups then. */
#define PREFETCH_MAX_ROWS 1000000u

static void prefetch_keep(struct prefetch *pf, const struct summary_row *row)
{
	xgrow((void **)&pf->rows, &pf->cap, pf->nrows + 1, sizeof(*pf->rows));
	xgrow((void **)&pf->arena, &pf->arena_cap, pf->arena_len + CACHE_OID_LEN + row->len, 1);
	struct prefetch_row *r = &pf->rows[pf->nrows++];
	r->off = pf->arena_len;
	r->len = row->len;
	r->lang = row->lang;
	r->cost_us = row->cost_us;
	r->day = row->day;
	memcpy(pf->arena + pf->arena_len, row->oid, CACHE_OID_LEN);
	memcpy(pf->arena + pf->arena_len + CACHE_OID_LEN, row->summary, row->len);
	pf->arena_len += CACHE_OID_LEN + row->len;
}

static void *prefetch_run(void *arg)
{
	struct cache *c = arg;
	struct prefetch *pf = &c->pf;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, engine_summaries_sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	struct summary_row row;
	int rc = SQLITE_DONE;
	for (int l = 0; l < LANG_COUNT && rc == SQLITE_DONE; l++) {
		if (!first_of_engine(c, l))
			continue;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->engines[l]);
		rc = SQLITE_INTERRUPT;
		while (!atomic_load_explicit(&pf->stop, memory_order_relaxed)
		       && (rc = sqlite3_step(st)) == SQLITE_ROW && pf->nrows < PREFETCH_MAX_ROWS)
			if (row_of(st, &row) == 0 && row_current(c, &row, c->engines[l]))
				prefetch_keep(pf, &row);
		sqlite3_reset(st);
	}
	pf->complete = rc == SQLITE_DONE;
	sqlite3_finalize(st);
	return NULL;
}

void cache_prefetch(struct cache *c)
{
	if (!c || c->pf.running || c->pf.complete)
		return;
	atomic_store(&c->pf.stop, 0);
	c->pf.running = pthread_create(&c->pf.thread, NULL, prefetch_run, c) == 0;
}

/* Ends the prefetch (complete, or stopped where it is: a small tree's walk may be over
 * before a large cache is read, and point lookups then cost less): the connection is the
 * calling thread's again. */
static void prefetch_join(struct cache *c)
{
	if (c && c->pf.running) {
		atomic_store(&c->pf.stop, 1);
		pthread_join(c->pf.thread, NULL);
		c->pf.running = 0;
	}
}

static void prefetch_free(struct prefetch *pf)
{
	free(pf->rows);
	free(pf->arena);
	pf->rows = NULL;
	pf->arena = NULL;
	pf->nrows = pf->cap = pf->arena_len = pf->arena_cap = 0;
	pf->complete = 0;
}

/* Scans the prefetched rows instead of the table. */
static void scan_prefetched(struct prefetch *pf, const struct query_table *t)
{
	for (size_t i = 0; i < pf->nrows; i++) {
		const struct prefetch_row *r = &pf->rows[i];
		const uint8_t *at = pf->arena + r->off;
		struct summary_row row = { at, r->lang, at + CACHE_OID_LEN, r->len, r->cost_us,
					   r->day };
		scan_row(&row, t);
	}
}

/* The number of summaries this run's engines have. */
static uint64_t engine_summaries(struct cache *c)
{
	sqlite3_stmt *st;
	uint64_t n = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM summaries WHERE engine=?1", -1, &st,
			       NULL) != SQLITE_OK)
		return UINT64_MAX;
	for (int l = 0; l < LANG_COUNT; l++) {
		if (!first_of_engine(c, l))
			continue;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->engines[l]);
		if (sqlite3_step(st) == SQLITE_ROW)
			n += (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return n;
}

/* Whether a scan pays for n lookups: a point lookup costs about as much as reading eight
 * rows in order, so it does when this run wants a good part of what the engine has (one
 * repository's cache). Rows prefetched while the walk ran are there already. */
static int scan_pays(struct cache *c, size_t n)
{
	if (n == 0)
		return 0;
	return c->pf.complete || (n >= 64 && engine_summaries(c) <= 4 * (uint64_t)n);
}

/* Every row of the engine's summaries through scan_row. */
static void scan_summaries(struct cache *c, const struct query_table *t)
{
	sqlite3_stmt *st;
	struct summary_row row;
	if (c->pf.complete) {
		scan_prefetched(&c->pf, t);
		return;
	}
	if (sqlite3_prepare_v2(c->db, engine_summaries_sql, -1, &st, NULL) != SQLITE_OK)
		return;
	for (int l = 0; l < LANG_COUNT; l++) {
		if (!first_of_engine(c, l))
			continue;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->engines[l]);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (row_of(st, &row) == 0 && row_current(c, &row, c->engines[l]))
				scan_row(&row, t);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

size_t cache_scan(struct cache *c, struct cache_query *q, size_t n)
{
	if (!c)
		return 0;
	prefetch_join(c);
	if (!scan_pays(c, n)) {
		prefetch_free(&c->pf);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		memset(q[i].rec, 0, sizeof(*q[i].rec));
		q[i].answered = 0;
	}
	struct query_table t;
	table_build(&t, q, n);
	scan_summaries(c, &t);
	prefetch_free(&c->pf);
	free(t.slot);
	free(t.next);
	/* Counted (and touched) after the scan: no write while it reads. */
	size_t answered = 0;
	for (size_t i = 0; i < n; i++)
		if (q[i].answered) {
			count_hit(c, q[i].oid, q[i].lang, q[i].cost_us, q[i].day);
			answered++;
		}
	return answered;
}

/* ---- closing ------------------------------------------------------------------------ */

static void save_counts(struct cache *c)
{
	static const char sql[] = "INSERT INTO lang_stats(lang, hits, misses, saved_us) "
				  "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(lang) DO UPDATE SET "
				  "hits=hits+?2, misses=misses+?3, saved_us=saved_us+?4";
	sqlite3_stmt *st;
	if (!c->writable || sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	uint64_t saved = c->counts.saved_us;
	for (int l = LANG_NONE + 1; l < LANG_COUNT && c->writable; l++) {
		if (!c->counts.hits[l] && !c->counts.misses[l])
			continue;
		if (!begin_batch(c))
			break;
		sqlite3_bind_int(st, 1, l);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->counts.hits[l]);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)c->counts.misses[l]);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)saved);
		saved = 0;	/* the run's total, counted once */
		batch_step(c, st);
	}
	sqlite3_finalize(st);
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	prefetch_join(c);
	prefetch_free(&c->pf);
	cache_release_reads(c);
	save_counts(c);
	cache_flush(c);
	if (c->writable)
		set_clean(c->db, 1);
	close_db(c);
	free(c->dir);
	free(c->path);
	free(c);
}

/* ---- maintenance -------------------------------------------------------------------- */

/* An fcntl write lock on dir/maintenance.lock; -1 when another process holds it. */
static int maintenance_lock(const struct cache *c)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/maintenance.lock", c->dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static uint64_t query_u64(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	uint64_t v = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int cache_totals(struct cache *c, struct cache_totals *t)
{
	memset(t, 0, sizeof(*t));
	cache_flush(c);
	sqlite3_stmt *st;
	static const char by_lang[] = "SELECT lang, count(*), sum(length(value)), sum(raw_size) "
				      "FROM results GROUP BY lang";
	if (sqlite3_prepare_v2(c->db, by_lang, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int l = sqlite3_column_int(st, 0);
		uint64_t count = (uint64_t)sqlite3_column_int64(st, 1);
		uint64_t bytes = (uint64_t)sqlite3_column_int64(st, 2);
		t->entries += count;
		t->bytes += bytes;
		t->raw_bytes += (uint64_t)sqlite3_column_int64(st, 3);
		if (l > LANG_NONE && l < LANG_COUNT) {
			t->entries_by_lang[l] = count;
			t->bytes_by_lang[l] = bytes;
		}
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(c->db, "SELECT lang, hits, misses, saved_us FROM lang_stats", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int l = sqlite3_column_int(st, 0);
		if (l <= LANG_NONE || l >= LANG_COUNT)
			continue;
		t->hits[l] = (uint64_t)sqlite3_column_int64(st, 1);
		t->misses[l] = (uint64_t)sqlite3_column_int64(st, 2);
		t->saved_us += (uint64_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	t->file_bytes = cache_file_bytes(c);
	return 0;
}

uint64_t cache_file_bytes(struct cache *c)
{
	return query_u64(c->db, "PRAGMA page_count") * query_u64(c->db, "PRAGMA page_size");
}

long cache_gc(struct cache *c, uint64_t cap, int lfu)
{
	if (!c->writable)
		return 0;
	int lock = maintenance_lock(c);
	if (lock < 0)
		return 0;	/* someone else is at it */
	cache_flush(c);
	const char *order = lfu ? "uses, used_day" : "used_day, uses";
	char sql[256];
	snprintf(sql, sizeof(sql), "DELETE FROM results WHERE (oid, lang, engine) IN (SELECT oid, "
		 "lang, engine FROM results ORDER BY %s LIMIT 500)", order);
	long evicted = 0;
	while (query_u64(c->db, "SELECT coalesce(sum(length(value)), 0) FROM results") > cap) {
		if (exec_sql(c->db, sql) != SQLITE_OK) {
			evicted = -1;
			break;
		}
		int n = sqlite3_changes(c->db);
		if (n == 0)
			break;
		evicted += n;
	}
	if (evicted > 0 && exec_sql(c->db, "DELETE FROM summaries WHERE NOT EXISTS (SELECT 1 "
				    "FROM results r WHERE r.oid=summaries.oid AND "
				    "r.lang=summaries.lang AND r.engine=summaries.engine)") != SQLITE_OK)
		evicted = -1;
	exec_sql(c->db, "PRAGMA wal_checkpoint(TRUNCATE)");
	if (evicted > 0)
		exec_sql(c->db, "VACUUM");
	close(lock);
	return evicted;
}

int cache_clear(struct cache *c)
{
	if (!c->writable)
		return -1;
	int lock = maintenance_lock(c);
	cache_flush(c);
	int rc = exec_sql(c->db, "DELETE FROM results; DELETE FROM summaries; "
				 "DELETE FROM lang_stats;");
	if (rc == SQLITE_OK)
		exec_sql(c->db, "VACUUM");
	if (lock >= 0)
		close(lock);
	return rc == SQLITE_OK ? 0 : -1;
}

/* A results row (oid, lang, engine, value, raw_size) whose value decodes. */
static int result_row_ok(sqlite3_stmt *st)
{
	struct record rec;
	if (unpack(sqlite3_column_blob(st, 3), sqlite3_column_bytes(st, 3),
		   sqlite3_column_int64(st, 4), &rec) < 0)
		return 0;
	int ok = rec.lang == sqlite3_column_int(st, 1);
	record_clear(&rec);
	return ok;
}

/* A summaries row (oid, lang, engine, summary) whose summary decodes. */
static int summary_row_ok(sqlite3_stmt *st)
{
	struct record head;
	struct record_summary s;
	if (record_summary_decode(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
				  &head, &s) < 0)
		return 0;
	int ok = head.lang == sqlite3_column_int(st, 1);
	record_clear(&head);
	return ok;
}

/* Checks every row of a table with row_ok, deleting the bad ones; the number of bad rows,
 * or -1. */
static long verify_table(struct cache *c, const char *select_sql, const char *table,
			 int (*row_ok)(sqlite3_stmt *))
{
	sqlite3_stmt *st, *del = NULL;
	long bad = 0;
	char del_sql[128];
	if (sqlite3_prepare_v2(c->db, select_sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	snprintf(del_sql, sizeof(del_sql), "DELETE FROM %s WHERE oid=?1 AND lang=?2 AND engine=?3",
		 table);
	if (c->writable)
		sqlite3_prepare_v2(c->db, del_sql, -1, &del, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) == CACHE_OID_LEN && row_ok(st))
			continue;
		bad++;
		if (del) {
			sqlite3_bind_value(del, 1, sqlite3_column_value(st, 0));
			sqlite3_bind_int(del, 2, sqlite3_column_int(st, 1));
			sqlite3_bind_int64(del, 3, sqlite3_column_int64(st, 2));
			sqlite3_step(del);
			sqlite3_reset(del);
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(del);
	return bad;
}

long cache_verify(struct cache *c)
{
	cache_flush(c);
	if (!quick_check_ok(c->db))
		return -1;
	long bad = verify_table(c, "SELECT oid, lang, engine, value, raw_size FROM results",
				"results", result_row_ok);
	long bad_summaries = bad < 0 ? -1 : verify_table(c, "SELECT oid, lang, engine, summary "
							 "FROM summaries", "summaries",
							 summary_row_ok);
	return bad < 0 || bad_summaries < 0 ? -1 : bad + bad_summaries;
}

/* ---- export and import -------------------------------------------------------------- */
/*
 * File: "ASSAYCACHE\n", u32 version, then rows, each u8 1, 20-byte oid, u8 lang,
 * u64 engine, u64 cost_us, u32 raw_size, u32 packed length, packed bytes; then u8 0,
 * u64 row count and u32 CRC-32 of everything before it. Little-endian.
 */

struct export_out {
	FILE *f;
	uLong crc;
};

static void out_put(struct export_out *o, const void *p, size_t n)
{
	fwrite(p, 1, n, o->f);
	o->crc = crc32(o->crc, p, (uInt)n);
}

static void out_le(struct export_out *o, uint64_t v, int width)
{
	uint8_t b[8];
	for (int i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	out_put(o, b, (size_t)width);
}

long cache_export(struct cache *c, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	cache_flush(c);
	if (sqlite3_prepare_v2(c->db, "SELECT oid, lang, engine, cost_us, raw_size, value FROM "
			       "results", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", c->path, sqlite3_errmsg(c->db));
		return -1;
	}
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	struct export_out o = { fopen(tmp, "wb"), crc32(0, NULL, 0) };
	if (!o.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		sqlite3_finalize(st);
		return -1;
	}
	out_put(&o, EXPORT_MAGIC, strlen(EXPORT_MAGIC));
	out_le(&o, EXPORT_VERSION, 4);
	long rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != CACHE_OID_LEN)
			continue;
		out_le(&o, 1, 1);
		out_put(&o, sqlite3_column_blob(st, 0), CACHE_OID_LEN);
		out_le(&o, (uint64_t)sqlite3_column_int(st, 1), 1);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 2), 8);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 3), 8);
		out_le(&o, (uint64_t)sqlite3_column_int64(st, 4), 4);
		int n = sqlite3_column_bytes(st, 5);
		out_le(&o, (uint64_t)n, 4);
		out_put(&o, sqlite3_column_blob(st, 5), (size_t)n);
		rows++;
	}
	sqlite3_finalize(st);
	out_le(&o, 0, 1);
	out_le(&o, (uint64_t)rows, 8);
	uLong crc = o.crc;
	uint8_t b[4] = { (uint8_t)crc, (uint8_t)(crc >> 8), (uint8_t)(crc >> 16), (uint8_t)(crc >> 24) };
	fwrite(b, 1, 4, o.f);
	if (ferror(o.f) | (fclose(o.f) != 0) || rename(tmp, path) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return rows;
}

struct import_in {
	FILE *f;
	uLong crc;
};

static int in_get(struct import_in *in, void *p, size_t n)
{
	if (fread(p, 1, n, in->f) != n)
		return -1;
	in->crc = crc32(in->crc, p, (uInt)n);
	return 0;
}

static int in_le(struct import_in *in, uint64_t *v, int width)
{
	uint8_t b[8];
	if (in_get(in, b, (size_t)width) < 0)
		return -1;
	*v = 0;
	for (int i = 0; i < width; i++)
		*v |= (uint64_t)b[i] << (8 * i);
	return 0;
}

struct export_row {
	uint8_t oid[CACHE_OID_LEN];
	uint64_t lang, engine, cost, raw, plen;
};

/* The fixed part of a row; -1 when short or out of range. */
static int read_row_header(struct import_in *in, struct export_row *row)
{
	if (in_get(in, row->oid, sizeof(row->oid)) < 0 || in_le(in, &row->lang, 1) < 0
	    || in_le(in, &row->engine, 8) < 0 || in_le(in, &row->cost, 8) < 0
	    || in_le(in, &row->raw, 4) < 0 || in_le(in, &row->plen, 4) < 0)
		return -1;
	int valid = row->lang < LANG_COUNT && row->plen > 0
		    && row->plen <= PROTO_MAX_FRAME && row->engine <= INT64_MAX;
	return valid ? 0 : -1;
}

/* The summary row of an imported record, inside the import's transaction. */
static int import_summary(struct cache *c, const struct export_row *row, const struct record *rec)
{
	struct wbuf b;
	wbuf_init(&b);
	record_summary_encode(rec, NULL, &b);
	bind_key(c->put_summary, row->oid, (enum lang_id)row->lang, row->engine);
	sqlite3_bind_blob(c->put_summary, 4, b.data, (int)b.len, SQLITE_STATIC);
	sqlite3_bind_int64(c->put_summary, 5, (sqlite3_int64)row->cost);
	sqlite3_bind_int64(c->put_summary, 6, c->today);
	int rc = b.failed ? SQLITE_NOMEM : sqlite3_step(c->put_summary);
	sqlite3_reset(c->put_summary);
	wbuf_free(&b);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One row of an export file, validated (its record must decode) and stored. */
static int import_row(struct cache *c, struct import_in *in, sqlite3_stmt *put)
{
	struct export_row row;
	if (read_row_header(in, &row) < 0)
		return -1;
	uint8_t *packed = malloc(row.plen);
	struct record rec = { 0 };
	int ok = packed && in_get(in, packed, row.plen) == 0
		 && unpack(packed, (int)row.plen, (sqlite3_int64)row.raw, &rec) == 0;
	if (ok)
		ok = rec.lang == row.lang;
	if (ok) {
		bind_key(put, row.oid, (enum lang_id)row.lang, row.engine);
		sqlite3_bind_blob(put, 4, packed, (int)row.plen, SQLITE_STATIC);
		sqlite3_bind_int64(put, 5, (sqlite3_int64)row.raw);
		sqlite3_bind_int64(put, 6, (sqlite3_int64)row.cost);
		sqlite3_bind_int64(put, 7, c->today);
		ok = sqlite3_step(put) == SQLITE_DONE;
		sqlite3_reset(put);
	}
	if (ok)
		ok = import_summary(c, &row, &rec) == 0;
	record_clear(&rec);
	free(packed);
	return ok ? 0 : -1;
}

/* The end of an export: row count and CRC-32 of everything before it, then nothing. */
static int check_trailer(struct import_in *in, uint64_t rows)
{
	uint64_t count, stored_crc;
	struct import_in tail = { in->f, 0 };
	if (in_le(in, &count, 8) < 0 || count != rows || in_le(&tail, &stored_crc, 4) < 0)
		return -1;
	return stored_crc == (uint64_t)(in->crc & 0xffffffffu) && fgetc(in->f) == EOF ? 0 : -1;
}

static int check_magic(struct import_in *in)
{
	char magic[sizeof(EXPORT_MAGIC) - 1];
	uint64_t version;
	if (in_get(in, magic, sizeof(magic)) < 0 || memcmp(magic, EXPORT_MAGIC, sizeof(magic)) != 0
	    || in_le(in, &version, 4) < 0)
		return -1;
	return version == EXPORT_VERSION ? 0 : -1;
}

long cache_import(struct cache *c, const char *path, char *err, size_t errlen)
{
	if (!c->writable) {
		snprintf(err, errlen, "%s: the cache is read-only", c->path);
		return -1;
	}
	struct import_in in = { fopen(path, "rb"), crc32(0, NULL, 0) };
	if (!in.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	cache_flush(c);
	if (check_magic(&in) < 0) {
		snprintf(err, errlen, "%s: not an assay cache export (or another version)", path);
		fclose(in.f);
		return -1;
	}
	uint64_t more = 0, rows = 0;
	long rc = 0;
	exec_sql(c->db, "BEGIN IMMEDIATE");
	while (rc == 0 && in_le(&in, &more, 1) == 0 && more == 1) {
		rc = import_row(c, &in, c->put);
		rows += rc == 0;
	}
	if (rc < 0)
		snprintf(err, errlen, "%s: row %llu is invalid", path, (unsigned long long)rows + 1);
	else if (more != 0 || check_trailer(&in, rows) < 0) {
		snprintf(err, errlen, "%s: truncated or checksum mismatch", path);
		rc = -1;
	}
	exec_sql(c->db, rc == 0 ? "COMMIT" : "ROLLBACK");
	fclose(in.f);
	return rc == 0 ? (long)rows : -1;
}
