/*
 * cache_admin.c - looking after the cache: totals, eviction, clearing and verification,
 * under a lock other processes respect (see cache.h).
 */
#include "store/cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "util/testpoint.h"

/* ---- interruption ------------------------------------------------------------------- */

int cache_stopped(const struct cache *c)
{
	return c->stop && *c->stop;
}

int cache_interrupted(const struct cache *c)
{
	return cache_stopped(c);
}

const char *cache_error(const struct cache *c)
{
	return c->error;
}

/* A read that failed (rc): c->error says what and SQLite's cause, a corrupt database is
 * noted (cache_set_aside_if_corrupt). -1. */
static int read_failed(struct cache *c, int rc, const char *what)
{
	snprintf(c->error, sizeof(c->error), "%s: %s", what, sqlite3_errmsg(c->db));
	cache_note(c, rc);
	return -1;
}

/* SQLite's progress handler: a long statement (VACUUM, a DELETE of every row, an
 * integrity check) ends with SQLITE_INTERRUPT once stopped, unless a transaction is
 * being ended. */
static int progress(void *ctx)
{
	const struct cache *c = ctx;
	return cache_stopped(c) && !c->finishing;
}

void cache_watch(struct cache *c, volatile sig_atomic_t *stop)
{
	c->stop = stop;
	sqlite3_progress_handler(c->db, 1000, progress, c);
}

int cache_finish(struct cache *c, const char *sql)
{
	c->finishing = 1;
	int rc = cache_exec(c->db, sql);
	c->finishing = 0;
	return rc;
}

/* ---- maintenance -------------------------------------------------------------------- */

/* How long a clear waits for another process' gc or clear to end (SQLite's busy timeout),
 * and how often it looks. */
#define CLEAR_WAIT_MS 10000
#define CLEAR_LOOK_MS 20

/* What a file that is not regular is, for a message. */
static const char *file_kind(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO" : S_ISDIR(mode) ? "a folder"
	       : S_ISSOCK(mode) ? "a socket" : "a device";
}

/* dir/maintenance.lock opened (made when missing): its descriptor, or -1 with c->error
 * (a link, not a regular file, no permission). */
static int open_lock_file(struct cache *c, char *path, size_t len)
{
	snprintf(path, len, "%s/maintenance.lock", c->dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(c->error, sizeof(c->error), "%s: cannot be the maintenance lock: not a "
			 "regular file (%s)", path, file_kind(st.st_mode));
		return -1;
	}
	if (fd < 0)
		snprintf(c->error, sizeof(c->error), "%s: cannot be opened as the maintenance "
			 "lock: %s", path, errno == ELOOP ? "a symbolic link" : strerror(errno));
	return fd;
}

/* The maintenance lock's descriptor (an fcntl write lock on dir/maintenance.lock), taken
 * within wait_ms (0: at once); CACHE_GC_LOCKED when another process holds it still, or
 * -1 with c->error when it cannot be taken at all (a link, a folder, no permission at
 * dir/maintenance.lock: not "another process"). */
static int maintenance_lock(struct cache *c, int wait_ms)
{
	char path[4200];
	int fd = open_lock_file(c, path, sizeof(path));
	if (fd < 0)
		return -1;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int rc;
	for (int waited = 0; (rc = fcntl(fd, F_SETLK, &fl)) < 0 && waited < wait_ms
	     && (errno == EAGAIN || errno == EACCES) && !cache_stopped(c);
	     waited += CLEAR_LOOK_MS)
		nanosleep(&(struct timespec){ 0, CLEAR_LOOK_MS * 1000000L }, NULL);
	if (rc < 0) {
		int held = errno == EAGAIN || errno == EACCES;
		if (!held)
			snprintf(c->error, sizeof(c->error), "%s: cannot be locked: %s", path,
				 strerror(errno));
		close(fd);
		return held ? CACHE_GC_LOCKED : -1;
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
	static const char by_lang[] = "SELECT lang, count(*), sum(length(value)) FROM results "
				      "GROUP BY lang";
	if (sqlite3_prepare_v2(c->db, by_lang, -1, &st, NULL) != SQLITE_OK)
		return read_failed(c, sqlite3_errcode(c->db), "counting the entries");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int l = sqlite3_column_int(st, 0);
		uint64_t count = (uint64_t)sqlite3_column_int64(st, 1);
		uint64_t bytes = (uint64_t)sqlite3_column_int64(st, 2);
		t->entries += count;
		t->bytes += bytes;
		if (l > LANG_NONE && l < LANG_COUNT) {
			t->entries_by_lang[l] = count;
			t->bytes_by_lang[l] = bytes;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return read_failed(c, rc, "counting the entries");
	if (sqlite3_prepare_v2(c->db, "SELECT lang, hits, misses, saved_us FROM lang_stats", -1, &st,
			       NULL) != SQLITE_OK)
		return read_failed(c, sqlite3_errcode(c->db), "reading the hit counts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int l = sqlite3_column_int(st, 0);
		if (l <= LANG_NONE || l >= LANG_COUNT)
			continue;
		t->hits[l] = (uint64_t)sqlite3_column_int64(st, 1);
		t->misses[l] = (uint64_t)sqlite3_column_int64(st, 2);
		t->saved_us += (uint64_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return read_failed(c, rc, "reading the hit counts");
	t->file_bytes = cache_file_bytes(c);
	return 0;
}

uint64_t cache_file_bytes(struct cache *c)
{
	cache_prefetch_join(c);	/* the connection is one thread's at a time */
	return query_u64(c->db, "PRAGMA page_count") * query_u64(c->db, "PRAGMA page_size");
}

/* The stored bytes; -1 when they cannot be read. */
/* The bytes of the stored values; -1 (c->error said) when they cannot be summed. */
static int64_t stored_bytes(struct cache *c)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(sum(length(value)), 0) FROM results", -1,
			       &st, NULL) != SQLITE_OK)
		return read_failed(c, sqlite3_errcode(c->db), "summing the stored bytes");
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? v : read_failed(c, rc, "summing the stored bytes");
}

/* Notes in evicted that the results row of oid, lang and engine went today, and why
 * (cache_open.c); *note is prepared on first use, for the caller to finalize. SQLITE_DONE
 * when noted, or when the cache has nowhere to note it (no such table: the removal goes
 * ahead unnoted); else what failed, which may have rolled the transaction back. */
static int note_removal(struct cache *c, sqlite3_stmt **note, sqlite3_value *oid, int lang,
			int64_t engine, int why)
{
	if (!*note && sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO evicted(oid, lang, "
					 "engine, day, why) VALUES(?1, ?2, ?3, ?4, ?5)", -1, note,
					 NULL) != SQLITE_OK)
		return SQLITE_DONE;
	sqlite3_bind_value(*note, 1, oid);
	sqlite3_bind_int(*note, 2, lang);
	sqlite3_bind_int64(*note, 3, engine);
	sqlite3_bind_int64(*note, 4, c->today);
	sqlite3_bind_int(*note, 5, why);
	int rc = sqlite3_step(*note);
	sqlite3_reset(*note);
	return rc;
}

/* Deletes, in eviction order, the fewest rows whose bytes reach excess (?1): each row whose
 * predecessors' bytes are still short of it, at most GC_BATCH at a time, each batch and
 * the notes of what it evicted one transaction (so an interrupted gc keeps what it did,
 * and a note that fails takes its batch back with it). The rows evicted, or -1. */
#define GC_BATCH 500
static int evict_batch(struct cache *c, int lfu, int64_t excess, long *evicted)
{
	char sql[560];
	snprintf(sql, sizeof(sql), "DELETE FROM results WHERE (oid, lang, engine) IN (SELECT oid, "
		 "lang, engine FROM (SELECT oid, lang, engine, coalesce(sum(length(value)) OVER "
		 "(ORDER BY %s, oid, lang, engine ROWS BETWEEN UNBOUNDED PRECEDING AND 1 "
		 "PRECEDING), 0) AS before FROM results) WHERE before < ?1 LIMIT %d) "
		 "RETURNING oid, lang, engine",
		 lfu ? "uses, used_day" : "used_day, uses", GC_BATCH);
	sqlite3_stmt *st, *note = NULL;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return read_failed(c, sqlite3_errcode(c->db), "evicting");
	int begun = cache_exec(c->db, "BEGIN IMMEDIATE"), rc = begun, noted = SQLITE_DONE, n = 0;
	sqlite3_bind_int64(st, 1, excess);
	while (begun == SQLITE_OK && noted == SQLITE_DONE && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		noted = note_removal(c, &note, sqlite3_column_value(st, 0), sqlite3_column_int(st, 1),
				     sqlite3_column_int64(st, 2), CACHE_REMOVED_EVICTED);
		n++;
	}
	rc = noted != SQLITE_DONE ? noted : rc;
	if (rc != SQLITE_DONE)
		read_failed(c, rc, "evicting");	/* its words, before finalize */
	sqlite3_finalize(note);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE && cache_finish(c, "COMMIT") != SQLITE_OK)
		rc = read_failed(c, sqlite3_errcode(c->db), "evicting");
	if (rc != SQLITE_DONE) {
		cache_finish(c, "ROLLBACK");
		return -1;
	}
	*evicted += n;
	return n;
}

/* The notes of removals: the latest EVICTED_KEPT. */
#define EVICTED_KEPT 100000
static void trim_removals(struct cache *c)
{
	char sql[200];
	snprintf(sql, sizeof(sql), "DELETE FROM evicted WHERE (oid, lang, engine) IN (SELECT oid, "
		 "lang, engine FROM evicted ORDER BY day DESC LIMIT -1 OFFSET %d)", EVICTED_KEPT);
	cache_exec(c->db, sql);
}

/* Batches of evict_batch until the stored bytes are at most cap: the rows evicted, or -1
 * (stopped, a failed batch, or the sum unreadable: c->error says why). */
static long evict_to_cap(struct cache *c, uint64_t cap, int lfu)
{
	long evicted = 0;
	int64_t bytes, before = INT64_MAX;
	/* Until the stored bytes fit, or stop going down (another process storing as fast). */
	while ((bytes = stored_bytes(c)) > 0 && (uint64_t)bytes > cap && bytes < before) {
		testpoint("cache.gc");
		before = bytes;
		int n = cache_stopped(c) ? -1 : evict_batch(c, lfu, bytes - (int64_t)cap, &evicted);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
	}
	return bytes < 0 ? -1 : evicted;
}

long cache_gc(struct cache *c, uint64_t cap, int lfu)
{
	if (!c->writable)
		return 0;
	int lock = maintenance_lock(c, 0);	/* held: that gc is doing this one's work */
	if (lock < 0)
		return lock;
	cache_flush(c);
	cache_mark_dirty(c);
	long evicted = evict_to_cap(c, cap, lfu);
	/* Summaries whose results row is gone (evicted now, or removed by verify): never
	 * a hit for any report but a violations-only one, they go too. Best effort: a
	 * writer holding the lock leaves them for the next gc, as it leaves the rows. */
	if (evicted >= 0 && !cache_stopped(c))
		cache_exec(c->db, "DELETE FROM summaries WHERE NOT EXISTS (SELECT 1 "
			   "FROM results r WHERE r.oid=summaries.oid AND "
			   "r.lang=summaries.lang AND r.engine=summaries.engine)");
	if (evicted > 0 && !cache_stopped(c))
		trim_removals(c);	/* notes come only with evictions */
	if (!cache_stopped(c))
		cache_exec(c->db, "PRAGMA wal_checkpoint(TRUNCATE)");
	if (evicted > 0 && !cache_stopped(c))
		cache_exec(c->db, "VACUUM");
	close(lock);
	return evicted;
}

int cache_clear(struct cache *c)
{
	if (!c->writable)
		return -1;
	/* A gc or clear at work does not do this one's: waited for, as SQLite's write lock
	 * is; still held (CACHE_GC_LOCKED), nothing is cleared. */
	int lock = maintenance_lock(c, CLEAR_WAIT_MS);
	if (lock < 0)
		return lock;
	cache_flush(c);
	/* One transaction: interrupted, nothing is cleared. */
	int rc = cache_exec(c->db, "BEGIN IMMEDIATE; DELETE FROM results; DELETE FROM summaries; "
				 "DELETE FROM evicted; DELETE FROM lang_stats;");
	if (rc != SQLITE_OK)
		snprintf(c->error, sizeof(c->error), "%s", sqlite3_errmsg(c->db));
	cache_mark_dirty(c);
	testpoint("cache.clear");
	if (rc == SQLITE_OK && cache_stopped(c))
		rc = SQLITE_INTERRUPT;
	if (rc == SQLITE_OK)
		rc = cache_finish(c, "COMMIT");
	else
		cache_finish(c, "ROLLBACK");
	if (rc == SQLITE_OK)
		cache_exec(c->db, "VACUUM");
	close(lock);
	return rc == SQLITE_OK ? 0 : -1;
}

/* What verify_table's row checks share: the statement that finds a summary's result. */
struct verify {
	sqlite3_stmt *result;	/* value, raw_size of a key, or NULL: not looked up */
};

/* What a row check says of a row. */
enum { ROW_BAD = 0, ROW_OK = 1, ROW_OTHER_VERSION = 2 };

/* Whether column col of st is no digest or one of its length (export refuses others). */
static int digest_ok(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
	       || sqlite3_column_bytes(st, col) == CACHE_DIGEST_LEN;
}

/* A results row (oid, lang, engine, value, raw_size, digest) whose value decodes; one of
 * another version of assay is told apart. */
static int result_row_ok(struct verify *v, sqlite3_stmt *st)
{
	(void)v;
	struct record rec;
	const void *value = sqlite3_column_blob(st, 3);
	int len = sqlite3_column_bytes(st, 3);
	sqlite3_int64 raw_size = sqlite3_column_int64(st, 4);
	if (!digest_ok(st, 5))
		return ROW_BAD;
	if (cache_unpack(value, len, raw_size, &rec) < 0)
		return cache_value_of_other_version(value, len, raw_size) ? ROW_OTHER_VERSION
									   : ROW_BAD;
	int ok = rec.lang == sqlite3_column_int(st, 1);
	record_clear(&rec);
	return ok;
}

/* Whether summary (len bytes, floor s) is the one its results row makes: a summary that
 * says less than its result (a clean one copied over a violator's) would have the
 * formats that read summaries alone report the file clean. One with no results row is
 * not judged (the next run stores both again). */
static int summary_agrees(struct verify *v, sqlite3_stmt *st, const struct record_summary *s)
{
	if (!v->result)
		return 1;
	for (int i = 0; i < 3; i++)
		sqlite3_bind_value(v->result, i + 1, sqlite3_column_value(st, i));
	int ok = 1;
	struct record rec;
	if (sqlite3_step(v->result) == SQLITE_ROW
	    && cache_unpack(sqlite3_column_blob(v->result, 0), sqlite3_column_bytes(v->result, 0),
			    sqlite3_column_int64(v->result, 1), &rec) == 0) {
		struct wbuf b;
		wbuf_init(&b);
		record_summary_encode(&rec, s->floor, &b);
		ok = b.failed || (b.len == (size_t)sqlite3_column_bytes(st, 3)
				  && memcmp(b.data, sqlite3_column_blob(st, 3), b.len) == 0);
		wbuf_free(&b);
		record_clear(&rec);
	}
	sqlite3_reset(v->result);
	return ok;
}

/* A summaries row (oid, lang, engine, summary, digest) whose summary decodes and agrees
 * with its result. */
static int summary_row_ok(struct verify *v, sqlite3_stmt *st)
{
	struct record head;
	struct record_summary s;
	const void *summary = sqlite3_column_blob(st, 3);
	int len = sqlite3_column_bytes(st, 3);
	if (!digest_ok(st, 4))
		return ROW_BAD;
	if (record_summary_decode(summary, (size_t)len, &head, &s) < 0)
		return cache_summary_of_other_version(summary, len) ? ROW_OTHER_VERSION : ROW_BAD;
	int ok = head.lang == sqlite3_column_int(st, 1) && summary_agrees(v, st, &s);
	record_clear(&head);
	return ok;
}

/* Deletes the row st is on from table with del, noted as damaged with *note when damaged
 * and note is not NULL (a results row); a delete that fails stops the deleting (the cache
 * cannot be written: cache_unwritable says why). 1 when the row went. */
static int delete_row(struct cache *c, sqlite3_stmt **del, sqlite3_stmt *st, int damaged,
		      sqlite3_stmt **note)
{
	sqlite3_bind_value(*del, 1, sqlite3_column_value(st, 0));
	sqlite3_bind_int(*del, 2, sqlite3_column_int(st, 1));
	sqlite3_bind_int64(*del, 3, sqlite3_column_int64(st, 2));
	int rc = sqlite3_step(*del);
	sqlite3_reset(*del);
	if (rc == SQLITE_DONE && damaged && note)
		note_removal(c, note, sqlite3_column_value(st, 0), sqlite3_column_int(st, 1),
			     sqlite3_column_int64(st, 2), CACHE_REMOVED_DAMAGED);
	if (rc == SQLITE_DONE)
		return 1;	/* gone (a row another process deleted first too) */
	cache_note(c, rc);	/* corrupt: cache_verify fails, the database is set aside */
	cache_describe_failure(c->db, rc, c->failure, sizeof(c->failure));
	c->writable = 0;
	sqlite3_finalize(*del);
	*del = NULL;
	return 0;
}

/* The statement deleting a row of table, or NULL when the cache is not writable (or has
 * just been found not to be: cache_unwritable says why). */
static sqlite3_stmt *prepare_delete(struct cache *c, const char *table)
{
	char sql[128];
	sqlite3_stmt *del = NULL;
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE oid=?1 AND lang=?2 AND engine=?3", table);
	int prep = c->writable ? sqlite3_prepare_v2(c->db, sql, -1, &del, NULL) : SQLITE_OK;
	if (prep != SQLITE_OK) {
		cache_describe_failure(c->db, prep, c->failure, sizeof(c->failure));
		c->writable = 0;	/* nothing can be removed */
	}
	return del;
}

/* Checks every row of a table with row_ok, deleting the bad ones and those of another
 * version (counted in *removed; the latter in *other too); the number of bad rows, or
 * -1. */
static long verify_table(struct cache *c, struct verify *v, const char *select_sql,
			 const char *table, int (*row_ok)(struct verify *, sqlite3_stmt *),
			 long *removed, long *other)
{
	sqlite3_stmt *st, *note = NULL;
	long bad = 0;
	if (sqlite3_prepare_v2(c->db, select_sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *del = prepare_delete(c, table);
	sqlite3_stmt **notes = strcmp(table, "results") == 0 ? &note : NULL;
	int rc = SQLITE_DONE;
	while (!cache_stopped(c) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		testpoint("cache.row");
		int verdict = sqlite3_column_bytes(st, 0) == CACHE_OID_LEN ? row_ok(v, st) : ROW_BAD;
		if (verdict == ROW_OK)
			continue;
		*(verdict == ROW_OTHER_VERSION ? other : &bad) += 1;
		if (del)
			*removed += delete_row(c, &del, st, verdict == ROW_BAD, notes);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(del);
	sqlite3_finalize(note);
	/* A damaged page the integrity check missed ends the scan as corrupt. */
	return cache_stopped(c) || cache_note(c, rc) != SQLITE_DONE ? -1 : bad;
}

long cache_verify(struct cache *c, long *removed, long *other)
{
	*removed = *other = 0;
	cache_flush(c);
	/* Only a check that ran and found damage notes the database corrupt: one stopped by
	 * a signal, or that could not run, says nothing about it. */
	testpoint("cache.check");
	int rc = cache_quick_check(c->db);
	if (rc != SQLITE_OK) {
		if (!cache_stopped(c))
			cache_note(c, rc);
		return -1;
	}
	struct verify v = { NULL };
	long bad = verify_table(c, &v, "SELECT oid, lang, engine, value, raw_size, digest FROM "
				"results", "results", result_row_ok, removed, other);
	if (sqlite3_prepare_v2(c->db, "SELECT value, raw_size FROM results WHERE oid=?1 AND "
			       "lang=?2 AND engine=?3", -1, &v.result, NULL) != SQLITE_OK)
		v.result = NULL;	/* summaries are then checked alone */
	long bad_summaries = bad < 0 ? -1 : verify_table(c, &v, "SELECT oid, lang, engine, "
							 "summary, digest FROM summaries",
							 "summaries", summary_row_ok, removed,
							 other);
	sqlite3_finalize(v.result);
	return bad < 0 || bad_summaries < 0 || c->corrupt ? -1 : bad + bad_summaries;
}
