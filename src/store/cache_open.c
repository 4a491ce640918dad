/*
 * cache_open.c - where the cache lives, its schema, and opening it: created, migrated,
 * rebuilt when corrupt, or read-only (see cache.h).
 *
 * Schema 7 (PRAGMA user_version):
 *   results(oid, lang, engine, value, raw_size, cost_us, used_day, uses, worker,
 *     stored_at, digest), primary key (oid, lang, engine), WITHOUT ROWID; value is the
 *     record as encoded (raw_size its length; deflated before record version 5);
 *     worker the random generation of the worker process that produced it (0: the
 *     supervisor's own verdict, an import, or a row from before
 *     schema 4); stored_at when the row was written, in seconds since the epoch (0: before
 *     schema 5); digest the SHA-256 of the blob a row keyed by assay's own SHA-1 was
 *     measured from ("blob <len>\0" and the bytes: git/sha256.h), NULL for a row keyed by
 *     an id git computed (git/keys.h says why both are safe; schema 5 stored only such
 *     rows).
 *   summaries(oid, lang, engine, summary, cost_us, used_day, digest), primary key (engine, oid,
 *     lang) so that one engine's rows can be read in one range scan: the record's summary and
 *     file-level part (record_summary_encode), uncompressed and about 100 bytes, so a run
 *     that reports violations only reads a small dense table and decodes a value only
 *     for a file that has a unit over a limit. A summary answers on its own when it
 *     covers the run's limits, so one whose results row is gone (evicted, deleted by
 *     verify) still answers such runs until gc removes it; a results row without a
 *     summary (older schema, import) gets one on its next hit.
 *   evicted(oid, lang, engine, day, why), primary key (oid, lang, engine), WITHOUT ROWID:
 *     the last removal of each results row gone, the day it went and why (0 evicted
 *     under the size cap, 1 removed by cache verify as damaged), so that cache why can
 *     tell an eviction from a change; at most 100 000 rows (gc keeps the latest:
 *     EVICTED_KEPT, cache_admin.c), emptied by cache clear. A row stored again leaves
 *     its record, which cache why reads only for a row that is not there.
 *   lang_stats(lang, hits, misses, saved_us): accumulated over runs.
 *   meta(key, value): "clean" is 0 from a process' first write until its clean close
 *     (then 1); a 0 found at open means a crash, so the database is quick_check'ed.
 * Schema 1 had neither cost_us, uses nor lang_stats, schema 2 no summaries, schema 3 no
 * worker, schema 4 no stored_at, schema 5 no digest, schema 6 no evicted, and schema
 * 6's digests were BLAKE2b-256 of the bytes; migrate() brings them forward.
 */
#include "store/cache_impl.h"

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
#include "util/alloc.h"
#include "util/clock.h"

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

/* ---- opening ------------------------------------------------------------------------ */

int cache_exec(sqlite3 *db, const char *sql)
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
	" used_day INTEGER NOT NULL DEFAULT 0, digest BLOB, PRIMARY KEY(engine, oid, lang))" \
	" WITHOUT ROWID;"

/* Rows gone from results (schema 7): why 0 evicted to keep the cache under its cap, 1
 * removed by cache verify as damaged; the day it happened. For cache why alone. */
#define EVICTED_TABLE \
	"evicted(oid BLOB NOT NULL, lang INTEGER NOT NULL, engine INTEGER NOT NULL," \
	" day INTEGER NOT NULL, why INTEGER NOT NULL, PRIMARY KEY(oid, lang, engine))" \
	" WITHOUT ROWID;"

static const char schema_current[] =
	"CREATE TABLE results(oid BLOB NOT NULL, lang INTEGER NOT NULL, engine INTEGER NOT NULL,"
	" value BLOB NOT NULL, raw_size INTEGER NOT NULL, cost_us INTEGER NOT NULL DEFAULT 0,"
	" used_day INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 1,"
	" worker INTEGER NOT NULL DEFAULT 0, stored_at INTEGER NOT NULL DEFAULT 0, digest BLOB,"
	" PRIMARY KEY(oid, lang, engine)) WITHOUT ROWID;"
	SUMMARIES_TABLE
	"CREATE TABLE " EVICTED_TABLE
	"CREATE TABLE lang_stats(lang INTEGER PRIMARY KEY, hits INTEGER NOT NULL DEFAULT 0,"
	" misses INTEGER NOT NULL DEFAULT 0, saved_us INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value);"
	"PRAGMA user_version = 7;";

/* Schema 1 -> 2: cost and use counts per entry, statistics per language. */
static const char migrate_v1[] =
	"ALTER TABLE results ADD COLUMN cost_us INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE results ADD COLUMN uses INTEGER NOT NULL DEFAULT 1;"
	"CREATE TABLE IF NOT EXISTS lang_stats(lang INTEGER PRIMARY KEY,"
	" hits INTEGER NOT NULL DEFAULT 0, misses INTEGER NOT NULL DEFAULT 0,"
	" saved_us INTEGER NOT NULL DEFAULT 0);"
	"PRAGMA user_version = 2;";

/* Schema 2 -> 3: summaries, filled as rows are hit (made with schema 6's digest column,
 * which migrate_v5 then leaves alone). */
static const char migrate_v2[] = SUMMARIES_TABLE "PRAGMA user_version = 3;";

/* Schema 3 -> 4: the worker generation of each row (0 for rows stored before). */
static const char migrate_v3[] =
	"ALTER TABLE results ADD COLUMN worker INTEGER NOT NULL DEFAULT 0;"
	"PRAGMA user_version = 4;";

/* Schema 4 -> 5: when each row was stored (0 for rows stored before). */
static const char migrate_v4[] =
	"ALTER TABLE results ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0;"
	"PRAGMA user_version = 5;";

/* Schema 5 -> 6: the digest of the bytes behind a row keyed by assay's own SHA-1 (every
 * row before was keyed by an id git computed: NULL). */
static const char migrate_v5[] =
	"ALTER TABLE results ADD COLUMN digest BLOB;"
	"PRAGMA user_version = 6;";
static const char migrate_v5_summaries[] = "ALTER TABLE summaries ADD COLUMN digest BLOB;";

/* Schema 6 -> 7: the record of rows evicted or removed as damaged; digests are SHA-256
 * now, and a row with one of schema 6's (BLAKE2b) would only ever miss, so it goes (rows
 * keyed by git's ids, without a digest, stay). */
static const char migrate_v6[] =
	"CREATE TABLE IF NOT EXISTS " EVICTED_TABLE
	"DELETE FROM results WHERE digest IS NOT NULL;"
	"DELETE FROM summaries WHERE digest IS NOT NULL;"
	"PRAGMA user_version = 7;";

/* What brings a database of schema from..to forward, in order: a new one (0) is created
 * at the current schema. */
static const struct {
	int from, to;
	const char *sql;
} steps[] = {
	{ 0, 0, schema_current }, { 1, 1, migrate_v1 }, { 1, 2, migrate_v2 },
	{ 1, 3, migrate_v3 }, { 1, 4, migrate_v4 }, { 3, 5, migrate_v5_summaries },
	{ 1, 5, migrate_v5 }, { 1, 6, migrate_v6 },
};

/* Creates or migrates the schema inside one write transaction. A schema that is this
 * assay's already takes no lock: another process's long write (an import, a gc) must not
 * hold up a run that only opens the cache. */
static int migrate(sqlite3 *db, const char *path, char *warning, size_t len, int *changed)
{
	int version = 0;
	int rc = user_version(db, &version);
	if (rc == SQLITE_OK && version == CACHE_SCHEMA_VERSION)
		return SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = cache_exec(db, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = user_version(db, &version);	/* another process may have migrated it */
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && rc == SQLITE_OK; i++)
		if (version >= steps[i].from && version <= steps[i].to) {
			rc = cache_exec(db, steps[i].sql);
			*changed = 1;
		}
	if (rc == SQLITE_OK && version > CACHE_SCHEMA_VERSION) {
		snprintf(warning, len, "the cache %s was written by a newer assay (schema %d); not "
			 "using it", path, version);
		cache_exec(db, "ROLLBACK");
		return SQLITE_MISMATCH;
	}
	if (rc == SQLITE_OK && version < 0) {	/* no assay writes one: not its cache */
		snprintf(warning, len, "has schema version %d, which no assay writes", version);
		cache_exec(db, "ROLLBACK");
		return SQLITE_NOTADB;
	}
	if (rc == SQLITE_OK)
		rc = cache_exec(db, "COMMIT");
	else
		cache_exec(db, "ROLLBACK");
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

int cache_set_clean(sqlite3 *db, int clean)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta(key, value) VALUES('clean', %d)",
		 clean);
	return cache_exec(db, sql);
}

void cache_mark_dirty(struct cache *c)
{
	if (c->writable && !c->dirty && cache_set_clean(c->db, 0) == SQLITE_OK)
		c->dirty = 1;
}

int cache_quick_check(sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *r = sqlite3_column_text(st, 0);
		rc = r && strcmp((const char *)r, "ok") == 0 ? SQLITE_OK : SQLITE_CORRUPT;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_CORRUPT;	/* quick_check always answers a row */
	}
	sqlite3_finalize(st);
	return rc;
}

int cache_is_corruption(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

int cache_note(struct cache *c, int rc)
{
	if (cache_is_corruption(rc) && !c->corrupt)
		c->corrupt = rc;
	return rc;
}

/* The database is data, never code: no trigger or view it holds runs, no SQL function
 * it names is trusted, and the schema cannot be written through SQL (a planted trigger
 * would otherwise run with each result stored, and survive `cache clear`). */
static void defend(sqlite3 *db)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	cache_exec(db, "PRAGMA trusted_schema=OFF");
}

/* The objects the schema has (an older one, some of them); anything else in sqlite_schema
 * was put there by someone else. */
static const char *const our_objects[] = {
	"table results", "table summaries", "table evicted", "table lang_stats", "table meta",
	"index sqlite_autoindex_meta_1", NULL,
};

int cache_foreign_objects(sqlite3 *db, char *found, size_t len)
{
	sqlite3_stmt *st;
	int n = 0;
	found[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT type || ' ' || name FROM sqlite_schema", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *obj = (const char *)sqlite3_column_text(st, 0);
		int ours = 0;
		for (size_t i = 0; obj && our_objects[i]; i++)
			ours |= strcmp(obj, our_objects[i]) == 0;
		if (ours)
			continue;
		size_t used = strlen(found);
		if (used + 8 < len)
			snprintf(found + used, len - used, "%s%s", n ? ", " : "", obj ? obj : "?");
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/* SQLITE_OK when the database holds nothing but the cache's own tables (or nothing yet);
 * SQLITE_CORRUPT, with the objects named in warning, when it holds more. */
static int schema_is_ours(sqlite3 *db, char *warning, size_t len)
{
	char found[300];
	if (cache_foreign_objects(db, found, sizeof(found)) <= 0)
		return SQLITE_OK;
	snprintf(warning, len, "holds foreign schema objects (%s)", found);
	return SQLITE_CORRUPT;
}

/* WAL frames past which a run's close brings the WAL into the database even when it
 * stored no rows (about 1 MiB); fewer stay for the next run, which reads them into its
 * WAL index at open. */
#define WAL_KEEP_PAGES 64

/* After each commit: the WAL's frames, and SQLite's own automatic checkpoint (which a WAL
 * hook replaces) at its default size. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct cache *c = arg;
	c->wal_pages = pages;
	if (pages >= 1000)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/* Brings the WAL into the database and empties it when this run stored CHECKPOINT_ROWS
 * results or more (a cold run, an import), made or migrated the schema, or when the WAL
 * grew past WAL_KEEP_PAGES. A run that
 * stored a few (one changed file, a commit's) leaves them in the WAL with its counters:
 * the checkpoint's four fdatasync were 1.5 ms of a one-file run's 21, and the results are
 * as safe there (synchronous=NORMAL: a crash of the process loses nothing committed; a
 * power cut may lose the last commits of a cache, which the next run measures again). A
 * WAL kept is never restarted from its start by a later process (each first connection
 * rebuilds its index, which forgets what was checkpointed), so WAL_KEEP_PAGES is also
 * what bounds it. Without waiting: while another process reads, the WAL stays for a later
 * run to empty. */
static void checkpoint_at_close(struct cache *c)
{
	if (c->db && (c->rows_written >= CHECKPOINT_ROWS || c->bring_in
		      || c->wal_pages > WAL_KEEP_PAGES)) {
		sqlite3_busy_timeout(c->db, 0);
		sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	c->wal_pages = 0;
}

/* Opens the file and brings it to schema 5. Returns an SQLite code; *db is set when the
 * file opened at all. */
static int open_db(struct cache *c, int flags, char *warning, size_t len)
{
	int rc = sqlite3_open_v2(c->path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	/* The WAL stays between runs (checkpoint_at_close empties it after a run that stored
	 * rows, or past 1 MiB): a warm run appends its few pages (counters, touches) with no fsync,
	 * instead of creating the WAL, syncing it and its directory, and checkpointing it at
	 * close (four fsyncs). A reader's close leaves it too (`cache why` writes nothing). */
	sqlite3_db_config(c->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	defend(c->db);
	rc = user_version(c->db, &(int){ 0 });
	if (rc == SQLITE_OK)
		rc = schema_is_ours(c->db, warning, len);
	if (rc != SQLITE_OK || !(flags & SQLITE_OPEN_READWRITE))
		return rc;
	/* mmap spares a copy of every page read: a warm run reads the whole cache. A new
	 * database gets 16 KiB pages (an existing one keeps its own): most values then fit
	 * in their b-tree page instead of spilling a few hundred bytes into an overflow page
	 * of their own, so the file is a fifth smaller and filling it (a cold run, a remote
	 * cache's packs) a third faster. */
	rc = cache_exec(c->db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; "
			     "PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824; "
			     "PRAGMA journal_size_limit=1048576;");
	if (rc != SQLITE_OK)
		return rc;
	int changed = 0;
	rc = migrate(c->db, c->path, warning, len, &changed);
	if (rc != SQLITE_OK)
		return rc;
	c->bring_in |= changed;	/* a schema made or migrated goes into the database */
	int was_clean = meta_get_clean(c->db);
	if (!was_clean && (rc = cache_quick_check(c->db)) != SQLITE_OK)
		return rc;	/* corrupt, or the check could not run (busy, I/O, memory) */
	c->found_open = !was_clean;
	/* SQLite opens a file it may not write (immutable, read-only) read-only without a
	 * word; no write at open would tell (the clean mark waits for the first write). */
	if (sqlite3_db_readonly(c->db, "main") == 1)
		return SQLITE_READONLY;
	sqlite3_wal_hook(c->db, wal_hook, c);
	return SQLITE_OK;
}

void cache_close_db(struct cache *c)
{
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_finalize(c->touch);
	sqlite3_finalize(c->get_summary);
	sqlite3_finalize(c->put_summary);
	sqlite3_finalize(c->touch_summary);
	c->get = c->put = c->touch = c->get_summary = c->put_summary = c->touch_summary = NULL;
	checkpoint_at_close(c);
	sqlite3_close(c->db);
	c->db = NULL;
}

/* A corrupt database is moved aside (with its WAL) so the user can look at it, and a
 * new one takes its place. Only the latest is kept: the ones moved aside before go. */
int cache_move_aside(const struct cache *c, char *moved, size_t len)
{
	long now = (long)time(NULL);
	snprintf(moved, len, "%s.corrupt-%ld", c->path, now);
	if (rename(c->path, moved) < 0)
		return -1;
	cache_prune_aside(c, now);
	static const char *const sidecars[] = { "-wal", "-shm" };
	for (size_t i = 0; i < 2; i++) {
		char from[4300], to[4300];
		snprintf(from, sizeof(from), "%s%s", c->path, sidecars[i]);
		snprintf(to, sizeof(to), "%s%s", moved, sidecars[i]);
		/* A database set aside in the same second was replaced: its WAL must not stay
		 * beside this one (SQLite would read it as this database's). */
		if (rename(from, to) < 0)
			unlink(to);
	}
	return 0;
}

void cache_describe_failure(sqlite3 *db, int rc, char *out, size_t len)
{
	int sys = db ? sqlite3_system_errno(db) : 0;
	if (!sys && (rc & 0xff) == SQLITE_FULL)
		sys = ENOSPC;
	snprintf(out, len, "%s%s%s", sqlite3_errstr(rc), sys ? ": " : "", sys ? strerror(sys) : "");
}

static int prepare(struct cache *c)
{
	static const char get_sql[] = "SELECT value, raw_size, cost_us, used_day, digest FROM "
				      "results WHERE oid=?1 AND lang=?2 AND engine=?3";
	static const char put_sql[] = "INSERT OR REPLACE INTO results(oid, lang, engine, value, "
				      "raw_size, cost_us, used_day, uses, worker, stored_at, digest) "
				      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10)";
	static const char touch_sql[] = "UPDATE results SET used_day=?4, uses=uses+1 WHERE "
					"oid=?1 AND lang=?2 AND engine=?3";
	static const char touch_summary_sql[] = "UPDATE summaries SET used_day=?4 WHERE oid=?1 "
						"AND lang=?2 AND engine=?3";
	static const char get_summary_sql[] = "SELECT " SUMMARY_COLUMN ", cost_us, used_day, "
					      "digest FROM summaries WHERE oid=?1 AND lang=?2 AND "
					      "engine=?3";
	static const char put_summary_sql[] = "INSERT OR REPLACE INTO summaries(oid, lang, "
					      "engine, summary, cost_us, used_day, digest) VALUES(?1, "
					      "?2, ?3, ?4, ?5, ?6, ?7)";
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
 * can make the journal-mode switch answer SQLITE_BUSY without waiting, so that is retried,
 * for OPEN_RETRY_SECONDS in all (a migration waiting for another process's write lock
 * waits out the busy timeout once within them): then the caller opens it read-only. */
#define OPEN_RETRY_SECONDS 5.0

static int open_rw(struct cache *c, char *warning, size_t len)
{
	int rc = SQLITE_BUSY;
	double until = now_seconds() + OPEN_RETRY_SECONDS;
	for (;;) {
		rc = open_db(c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, warning, len);
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
		    || now_seconds() >= until)
			break;
		cache_close_db(c);
		struct timespec ts = { 0, 50000000L };
		nanosleep(&ts, NULL);
	}
	return rc;
}

/* The corrupt database moved aside and a new one made in its place; warning says which,
 * or why not. */
static int rebuild(struct cache *c, char *warning, size_t len)
{
	char moved[4200], why[400];
	snprintf(why, sizeof(why), "%s", warning[0] ? warning : "was corrupt");
	cache_close_db(c);
	if (cache_move_aside(c, moved, sizeof(moved)) < 0) {
		snprintf(warning, len, "the cache %s %s and cannot be moved aside (%s): "
			 "running without a cache", c->path, why, strerror(errno));
		return SQLITE_CANTOPEN;
	}
	char again[400] = "";
	int rc = open_rw(c, again, sizeof(again));
	if (rc == SQLITE_OK) {
		c->recovered = 1;
		snprintf(warning, len, "the cache %s %s: moved to %s and rebuilt", c->path, why,
			 moved);
		return rc;
	}
	char cause[200];
	cache_describe_failure(c->db, rc, cause, sizeof(cause));
	cache_close_db(c);
	snprintf(warning, len, "the cache %s %s: moved to %s; a new one cannot be made (%s): "
		 "running without a cache", c->path, why, moved, again[0] ? again : cause);
	return SQLITE_CANTOPEN;
}

/* Read-write, else rebuilt when corrupt, else read-only. */
int cache_open_any(struct cache *c, char *warning, size_t len)
{
	int rc = open_rw(c, warning, len);
	if (cache_is_corruption(rc) && (rc = rebuild(c, warning, len)) != SQLITE_OK)
		return rc;
	if (rc == SQLITE_OK) {
		c->writable = 1;
		/* Found marked open: as if this run had marked it, so that its close marks it
		 * clean (else every later open would run quick_check again). */
		c->dirty = c->found_open;
		return prepare(c);
	}
	if (rc == SQLITE_MISMATCH)
		return rc;
	/* Why it could not be written, in the system's words too: a full disk ("File too
	 * large", "No space left on device") is not a read-only cache. */
	cache_describe_failure(c->db, rc, c->failure, sizeof(c->failure));
	cache_close_db(c);
	if (open_db(c, SQLITE_OPEN_READONLY, warning, len) == SQLITE_OK && prepare(c) == SQLITE_OK) {
		snprintf(warning, len, "the cache %s cannot be written (%s): results are read from "
			 "it but not stored", c->path, c->failure);
		return SQLITE_OK;
	}
	return rc;
}

/* Why path cannot be trusted with results ("" when it can): someone else's, writable by
 * others, or (a database file) a link or not a regular file. */
static const char *untrusted(const char *path, int is_dir, char *why, size_t len)
{
	struct stat st;
	why[0] = '\0';
	if ((is_dir ? stat(path, &st) : lstat(path, &st)) < 0)
		return why;	/* a file not there yet is created by us */
	if (!is_dir && !S_ISREG(st.st_mode))
		snprintf(why, len, "is %s", S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
	else if (st.st_uid != geteuid())
		snprintf(why, len, "belongs to uid %u, not to uid %u", (unsigned)st.st_uid,
			 (unsigned)geteuid());
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		snprintf(why, len, "is writable by %s (mode %03o)", st.st_mode & S_IWOTH ? "others"
				   : "its group", (unsigned)(st.st_mode & 0777));
	return why;
}

/* The cache is a trust boundary: results in it are believed. A directory or database that
 * another user can write could hold forged results or planted SQL, so, as ssh does with a
 * key file anyone can read, it is not used. */
static int cache_trusted(const char *dir, char *warning, size_t len)
{
	static const char *const files[] = { "", "/cache.db", "/cache.db-wal", "/cache.db-shm" };
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[4200], why[128];
		snprintf(path, sizeof(path), "%s%s", dir, files[i]);
		if (untrusted(path, i == 0, why, sizeof(why))[0]) {
			/* "is a symbolic link", "is not a regular file": no owner or mode fixes
			 * that. */
			int kind = strncmp(why, "is a symbolic", 13) == 0 || strncmp(why, "is not a", 8) == 0;
			snprintf(warning, len, "the cache %s %s: not used, running without a cache "
				 "(%s, or use --cache-dir)", path, why,
				 kind ? "remove it" : "make it yours and not writable by others");
			return 0;
		}
	}
	return 1;
}

int64_t cache_written_ns(const char *dir)
{
	static const char *const files[] = { "/cache.db", "/cache.db-wal" };
	int64_t latest = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof(path), "%s%s", dir, files[i]);
		if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		int64_t t = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
		if (t > latest)
			latest = t;
	}
	return latest;
}

/* A cache not yet opened: its directory, path and engines. */
static struct cache *cache_new(const char *dir, const uint64_t engines[LANG_COUNT])
{
	struct cache *c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	size_t n = strlen(dir) + 16;
	c->path = xmalloc(n);
	snprintf(c->path, n, "%s/cache.db", dir);
	memcpy(c->engines, engines, sizeof(c->engines));
	c->today = (uint32_t)(time(NULL) / 86400);
	return c;
}

static void cache_free(struct cache *c)
{
	cache_close_db(c);
	free(c->dir);
	free(c->path);
	free(c);
}

/* dir and each of its missing parents (~/.cache may not exist yet, nor a --cache-dir's
 * folders), made 0700: 0, or -1 with the folder that could not be made in warning. */
static int make_dirs(const char *dir, char *warning, size_t warning_len)
{
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;	/* the common case: there already */
	char *path = xstrdup(dir);
	int rc = 0;
	for (size_t at = 1; rc == 0 && at <= strlen(dir); at++) {
		if (dir[at] != '/' && dir[at] != '\0')
			continue;
		path[at] = '\0';	/* each folder from the top down to dir itself */
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			snprintf(warning, warning_len, "cannot create the cache directory %s: at %s: "
				 "%s; running without a cache", dir, path, strerror(errno));
			rc = -1;
		}
		path[at] = dir[at];
	}
	free(path);
	return rc;
}

struct cache *cache_open(const char *dir, const uint64_t engines[LANG_COUNT], char *warning,
			 size_t warning_len)
{
	warning[0] = '\0';
	if (make_dirs(dir, warning, warning_len) < 0)
		return NULL;
	if (!cache_trusted(dir, warning, warning_len))
		return NULL;
	struct cache *c = cache_new(dir, engines);
	int rc = cache_open_any(c, warning, warning_len);
	if (rc != SQLITE_OK) {
		if (!warning[0])
			snprintf(warning, warning_len, "cannot open the cache %s: %s; running without "
				 "a cache", c->path, c->failure[0] ? c->failure : sqlite3_errstr(rc));
		cache_free(c);
		return NULL;
	}
	return c;	/* c->warning stays for what goes wrong later: the caller says this one */
}

struct cache *cache_open_inspect(const char *dir, const uint64_t engines[LANG_COUNT], char *err,
				 size_t errlen)
{
	struct stat st;
	char why[400] = "";
	err[0] = '\0';
	if (!cache_trusted(dir, err, errlen))
		return NULL;
	struct cache *c = cache_new(dir, engines);
	int rc = stat(c->path, &st) < 0 ? SQLITE_CANTOPEN : SQLITE_OK;
	if (rc != SQLITE_OK)
		snprintf(why, sizeof(why), "%s: nothing was ever stored there", strerror(errno));
	if (rc == SQLITE_OK)
		rc = open_db(c, SQLITE_OPEN_READONLY, why, sizeof(why));
	if (rc == SQLITE_OK)
		rc = prepare(c);
	if (rc == SQLITE_OK)
		return c;
	snprintf(err, errlen, "cannot read the cache %s: %s", c->path,
		 why[0] ? why : sqlite3_errstr(rc));
	cache_free(c);
	return NULL;
}

const char *cache_path(const struct cache *c)
{
	return c->path;
}

int cache_recovered(const struct cache *c)
{
	return c->recovered;
}

const char *cache_unwritable(const struct cache *c)
{
	if (c->writable)
		return NULL;
	return c->failure[0] ? c->failure : c->warning[0] ? c->warning : "opened read-only";
}

const char *cache_warning(const struct cache *c)
{
	return c->warning;
}

const struct cache_counts *cache_counts(const struct cache *c)
{
	return &c->counts;
}
