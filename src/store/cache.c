/*
 * cache.c - the SQLite result cache: looking results up and storing them (see cache.h).
 *
 * Schema and opening are in cache_open.c, engine ids in cache_engine.c, the scan of many
 * lookups at once in cache_scan.c, maintenance in cache_admin.c, export and import in
 * cache_export.c (the file's layout: export_format.c), decoding a stored value in
 * cache_unpack.c; the state they share is store/cache_impl.h.
 *
 * Results are committed in batches (BATCH_ROWS rows or BATCH_SECONDS, whichever comes
 * first), so Ctrl-C, a crash or kill -9 loses at most the open batch of a run, and the
 * supervisor commits that before it reports. Recency is kept per day (used_day) and
 * refreshed at most once a day per entry, so a warm run reads the cache without writing a
 * row per hit.
 */
#include "store/cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "common/proto.h"
#include "util/alloc.h"
#include "util/clock.h"

/* ---- writing ------------------------------------------------------------------------ */

/* SQLite ran out of memory in the open batch: the supervisor's reserve released (the run
 * now stops, util/alloc.h), 1 when the batch is still open for one retry. */
static int retry_nomem(struct cache *c, int rc)
{
	return rc == SQLITE_NOMEM && alloc_out_of_memory() && c->in_batch
	       && !sqlite3_get_autocommit(c->db);
}

/* A write failed (disk full, read-only, I/O error): stop writing for this run and say so
 * once. What was committed before stays; out of memory, the open batch is committed too
 * when SQLite can. */
static void writes_failed(struct cache *c, int rc)
{
	cache_note(c, rc);
	/* Out of memory, what the batch holds is kept: committed with the open mark, as
	 * cache_flush commits. */
	int keep = c->in_batch && rc == SQLITE_NOMEM && !sqlite3_get_autocommit(c->db);
	if (keep && !c->closing)
		cache_mark_dirty(c);
	if (c->in_batch && !(keep && cache_exec(c->db, "COMMIT") == SQLITE_OK))
		cache_exec(c->db, "ROLLBACK");
	c->in_batch = 0;
	c->writable = 0;
	if (!c->warning[0]) {
		char why[200];
		cache_describe_failure(c->db, rc, why, sizeof(why));
		snprintf(c->warning, sizeof(c->warning), "the cache %s stopped storing results: %s",
			 c->path, why);
	}
}

void cache_flush(struct cache *c)
{
	cache_prefetch_join(c);
	if (!c || !c->in_batch)
		return;
	/* Results committed before the run's end carry the mark that it has not ended
	 * (cache_open.c, meta clean=0), in the same transaction. The run's last transaction
	 * needs none: one that is all a run writes (a hit's counters) leaves meta as it was,
	 * two pages fewer in the WAL for every later open to read. */
	if (!c->closing)
		cache_mark_dirty(c);
	int rc = cache_exec(c->db, "COMMIT");
	if (retry_nomem(c, rc))
		rc = cache_exec(c->db, "COMMIT");
	c->in_batch = 0;
	c->batch_rows = 0;
	if (rc != SQLITE_OK)
		writes_failed(c, rc);
}

void cache_hold_reads(struct cache *c)
{
	cache_prefetch_join(c);
	if (c && !c->in_batch && !c->reading && cache_exec(c->db, "BEGIN") == SQLITE_OK)
		c->reading = 1;
}

void cache_release_reads(struct cache *c)
{
	if (c && c->reading)
		cache_exec(c->db, "COMMIT");
	if (c)
		c->reading = 0;
}

int cache_begin_batch(struct cache *c)
{
	if (c->in_batch)
		return 1;
	cache_release_reads(c);	/* a write needs its own, immediate, transaction */
	int rc = cache_exec(c->db, "BEGIN IMMEDIATE");
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
void cache_bind_key(sqlite3_stmt *st, const uint8_t *oid, enum lang_id lang, uint64_t engine)
{
	sqlite3_bind_blob(st, 1, oid, CACHE_OID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)lang);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)engine);
}

/* Runs a bound write statement inside the batch; commits the batch when it is due. */
void cache_batch_step(struct cache *c, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (retry_nomem(c, rc)) {
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		writes_failed(c, rc);
		return;
	}
	++c->batch_rows;
	c->rows_written += st == c->put;
	if (!c->bulk && (c->batch_rows >= BATCH_ROWS
			 || now_seconds() - c->batch_started > BATCH_SECONDS))
		cache_flush(c);
}

int cache_bulk(struct cache *c, int on)
{
	if (!c)
		return 0;
	int was = c->bulk;
	c->bulk = on;
	if (!on)
		cache_flush(c);
	return was;
}

void cache_bind_digest(sqlite3_stmt *st, int param, const uint8_t *digest)
{
	if (digest)
		sqlite3_bind_blob(st, param, digest, CACHE_DIGEST_LEN, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, param);
}

/* Queues a summary row (the schema: cache_open.c). */
static void put_summary_bytes(struct cache *c, const uint8_t *oid, enum lang_id lang,
			      const struct wbuf *b, uint64_t cost_us, const uint8_t *digest)
{
	if (!b->failed && c->writable && cache_begin_batch(c)) {
		cache_bind_key(c->put_summary, oid, lang, c->engines[lang]);
		sqlite3_bind_blob(c->put_summary, 4, b->data, (int)b->len, SQLITE_STATIC);
		sqlite3_bind_int64(c->put_summary, 5, (sqlite3_int64)cost_us);
		sqlite3_bind_int64(c->put_summary, 6, c->today);
		cache_bind_digest(c->put_summary, 7, digest);
		cache_batch_step(c, c->put_summary);
	}
}

void cache_put_summary(struct cache *c, const uint8_t *oid, enum lang_id lang,
		       const struct record *rec, const long *floor, uint64_t cost_us,
		       const uint8_t *digest)
{
	struct wbuf b;
	wbuf_init(&b);
	record_summary_encode(rec, floor, &b);
	put_summary_bytes(c, oid, lang, &b, cost_us, digest);
	wbuf_free(&b);
}

/* The record as it is, in a block of its own size: a worker generation's rows are held
 * until it ends well (up to 500 of them per worker). Version 5 records are about what
 * version 4's deflated to, so they are not deflated: deflating took a third of what
 * filling a cache cost the supervisor (docs/TUNING.md). */
int cache_row_pack(struct cache_row *row, const struct record *rec, const long *floor)
{
	struct wbuf raw;
	memset(row, 0, sizeof(*row));
	wbuf_init(&raw);
	wbuf_init(&row->summary);
	record_encode(rec, &raw);
	record_summary_encode(rec, floor, &row->summary);
	row->packed = raw.failed || row->summary.failed || !raw.len ? NULL
		      : core_malloc(raw.len);
	if (row->packed) {
		memcpy(row->packed, raw.data, raw.len);
		row->plen = row->raw_len = raw.len;
	}
	wbuf_free(&raw);
	return row->packed ? 0 : -1;
}

void cache_row_digest(struct cache_row *row, const uint8_t *digest)
{
	row->has_digest = digest != NULL;
	if (digest)
		memcpy(row->digest, digest, CACHE_DIGEST_LEN);
}

void cache_row_free(struct cache_row *row)
{
	free(row->packed);
	wbuf_free(&row->summary);
	memset(row, 0, sizeof(*row));
}

void cache_put_row(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
		   const struct cache_row *row, uint64_t cost_us, uint64_t worker)
{
	cache_prefetch_join(c);
	if (!c || !c->writable || !row->packed || !cache_begin_batch(c))
		return;
	cache_bind_key(c->put, oid, lang, c->engines[lang]);
	sqlite3_bind_blob(c->put, 4, row->packed, (int)row->plen, SQLITE_STATIC);
	sqlite3_bind_int64(c->put, 5, (sqlite3_int64)row->raw_len);
	sqlite3_bind_int64(c->put, 6, (sqlite3_int64)cost_us);
	sqlite3_bind_int64(c->put, 7, c->today);
	sqlite3_bind_int64(c->put, 8, (sqlite3_int64)worker);
	sqlite3_bind_int64(c->put, 9, (sqlite3_int64)time(NULL));
	const uint8_t *digest = row->has_digest ? row->digest : NULL;
	cache_bind_digest(c->put, 10, digest);
	cache_batch_step(c, c->put);
	put_summary_bytes(c, oid, lang, &row->summary, cost_us, digest);
	c->counts.stored += lang != LANG_NONE;
}

void cache_put_language_memo(struct cache *c, const uint8_t oid[CACHE_OID_LEN],
			     const uint8_t *digest, enum lang_id lang)
{
	/* The same bytes for every blob of a language: packed once (a fresh machine filled
	 * from a remote cache stores 23 000 of them for the kernel). */
	static struct cache_row rows[LANG_COUNT];
	static int packed[LANG_COUNT];
	if (!c || !c->writable || lang <= LANG_NONE || lang >= LANG_COUNT)
		return;
	if (!packed[lang]) {
		struct record memo;
		memset(&memo, 0, sizeof(memo));
		memo.status = FILE_SKIPPED;
		memo.cause = CAUSE_UNKNOWN_LANGUAGE;
		memo.lang = LANG_NONE;	/* a row's record is of its key's language */
		memo.detail = (char *)language_info(lang)->name;
		if (cache_row_pack(&rows[lang], &memo, NULL) < 0) {
			cache_row_free(&rows[lang]);
			return;
		}
		packed[lang] = 1;
	}
	struct cache_row row = rows[lang];	/* shares the packed bytes: not freed */
	cache_row_digest(&row, digest);
	cache_put_row(c, oid, LANG_NONE, &row, 0, 0);
}

void cache_put(struct cache *c, const uint8_t oid[CACHE_OID_LEN], const uint8_t *digest,
	       enum lang_id lang, const struct record *rec, uint64_t cost_us, const long *floor)
{
	if (!c || !c->writable)
		return;
	struct cache_row row;
	if (cache_row_pack(&row, rec, floor) == 0) {
		cache_row_digest(&row, digest);
		cache_put_row(c, oid, lang, &row, cost_us, 0);
	}
	cache_row_free(&row);
}

/* ---- reading ------------------------------------------------------------------------ */

/* Counts a hit, and refreshes the entry's recency once a day. */
void cache_count_hit(struct cache *c, const uint8_t *oid, enum lang_id lang, uint64_t cost,
		      sqlite3_int64 day)
{
	if (lang != LANG_NONE) {	/* a content verdict (run/load.c), not an analysis */
		c->counts.hits[lang]++;
		c->counts.saved_us += cost;
	}
	if (day < c->today && c->writable && cache_begin_batch(c)) {
		sqlite3_stmt *touch[] = { c->touch, c->touch_summary };
		for (size_t i = 0; i < 2 && c->writable; i++) {
			cache_bind_key(touch[i], oid, lang, c->engines[lang]);
			sqlite3_bind_int64(touch[i], 4, c->today);
			cache_batch_step(c, touch[i]);
		}
	}
}

/* Whether the digest in column col of st's row may answer a lookup of digest: always when
 * either is NULL (a key git computed), else when they are equal. A stored digest of
 * another length (tampered) answers nothing. With stored, the row's digest is kept there
 * (has_digest set) for a summary written again. */
static int digest_answers(sqlite3_stmt *st, int col, const uint8_t *digest,
			  struct cache_row *stored)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 1;
	const void *d = sqlite3_column_blob(st, col);
	if (sqlite3_column_bytes(st, col) != CACHE_DIGEST_LEN || !d)
		return 0;
	if (stored)
		cache_row_digest(stored, d);
	return !digest || memcmp(d, digest, CACHE_DIGEST_LEN) == 0;
}

/* One lookup: its key (the bytes' digest, NULL none: cache_get), and what the row found
 * says of its cost and last day of use. */
struct lookup {
	const uint8_t *oid, *digest;
	enum lang_id lang;
	uint64_t cost;
	sqlite3_int64 day;
};

/* The full record from results; 1 on a hit (not counted), with its cost and day in *lk,
 * and the row's digest into *stored. */
static int get_full(struct cache *c, struct lookup *lk, struct record *rec,
		    struct cache_row *stored)
{
	int hit = 0;
	cache_bind_key(c->get, lk->oid, lk->lang, c->engines[lk->lang]);
	if (cache_note(c, sqlite3_step(c->get)) == SQLITE_ROW
	    && digest_answers(c->get, 4, lk->digest, stored)) {
		hit = cache_unpack(sqlite3_column_blob(c->get, 0), sqlite3_column_bytes(c->get, 0),
			     sqlite3_column_int64(c->get, 1), rec) == 0
		      && rec->lang == (uint8_t)lk->lang;
		if (!hit)
			record_clear(rec);	/* tampered or truncated: analyze again */
		lk->cost = (uint64_t)sqlite3_column_int64(c->get, 2);
		lk->day = sqlite3_column_int64(c->get, 3);
	}
	sqlite3_reset(c->get);
	sqlite3_clear_bindings(c->get);
	return hit;
}

/* The summary row; 1 when there is one that decodes, 0 when not (a miss, not counted),
 * -1 when it is there but undecodable (tampered: to be replaced). */
static int get_summary(struct cache *c, struct lookup *lk, struct record *head,
		       struct record_summary *s)
{
	int found = 0;
	cache_bind_key(c->get_summary, lk->oid, lk->lang, c->engines[lk->lang]);
	if (cache_note(c, sqlite3_step(c->get_summary)) == SQLITE_ROW
	    && digest_answers(c->get_summary, 3, lk->digest, NULL)) {
		size_t len = (size_t)sqlite3_column_bytes(c->get_summary, 0);
		found = len <= SUMMARY_MAX_BYTES	/* else never read: tampered */
			&& record_summary_decode(sqlite3_column_blob(c->get_summary, 0), len, head,
						 s) == 0 && head->lang == (uint8_t)lk->lang ? 1 : -1;
		if (found < 0)
			record_clear(head);
		lk->cost = (uint64_t)sqlite3_column_int64(c->get_summary, 1);
		s->cost_us = lk->cost;
		lk->day = sqlite3_column_int64(c->get_summary, 2);
	}
	sqlite3_reset(c->get_summary);
	sqlite3_clear_bindings(c->get_summary);
	return found;
}

int cache_get_whole(struct cache *c, const uint8_t oid[CACHE_OID_LEN], const uint8_t *digest,
		    enum lang_id lang, uint64_t counted_cost, struct record *rec)
{
	memset(rec, 0, sizeof(*rec));
	if (!c)
		return 0;
	cache_prefetch_join(c);
	struct lookup lk = { oid, digest, lang, 0, 0 };
	struct cache_row stored = { 0 };
	if (get_full(c, &lk, rec, &stored))
		return 1;
	cache_take_back_hit(c, lang, counted_cost);
	return 0;
}

void cache_take_back_hit(struct cache *c, enum lang_id lang, uint64_t counted_cost)
{
	if (!c || lang == LANG_NONE || !c->counts.hits[lang])
		return;
	c->counts.hits[lang]--;
	c->counts.saved_us -= counted_cost < c->counts.saved_us ? counted_cost : c->counts.saved_us;
	c->counts.misses[lang]++;
}

void cache_uncount_miss(struct cache *c, enum lang_id lang)
{
	if (c && lang != LANG_NONE && c->counts.misses[lang])
		c->counts.misses[lang]--;
}

int cache_get(struct cache *c, const uint8_t oid[CACHE_OID_LEN], const uint8_t *digest,
	      enum lang_id lang, const long *limits, struct record *rec, struct record_summary *s)
{
	memset(rec, 0, sizeof(*rec));
	if (!c)
		return 0;
	cache_prefetch_join(c);
	struct lookup lk = { oid, digest, lang, 0, 0 };
	int found = limits ? get_summary(c, &lk, rec, s) : 0;
	if (found > 0 && record_summary_covers(s, limits)) {
		cache_count_hit(c, oid, lang, lk.cost, lk.day);
		return CACHE_HIT_SUMMARY;
	}
	record_clear(rec);
	struct cache_row stored = { 0 };
	if (!get_full(c, &lk, rec, &stored)) {
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
		cache_put_summary(c, oid, lang, rec, floor, lk.cost,
				  stored.has_digest ? stored.digest : NULL);
	}
	cache_count_hit(c, oid, lang, lk.cost, lk.day);
	s->cost_us = lk.cost;
	return CACHE_HIT;
}

/* The summary row of key into *out (a copy), with the row's cost; 1, or 0 when none. */
static int copy_summary(struct cache *c, const uint8_t *oid, enum lang_id lang, struct wbuf *out)
{
	int found = 0;
	cache_bind_key(c->get_summary, oid, lang, c->engines[lang]);
	if (cache_note(c, sqlite3_step(c->get_summary)) == SQLITE_ROW) {
		wbuf_put(out, sqlite3_column_blob(c->get_summary, 0),
			 (size_t)sqlite3_column_bytes(c->get_summary, 0));
		found = !out->failed;
	}
	sqlite3_reset(c->get_summary);
	sqlite3_clear_bindings(c->get_summary);
	return found;
}

int cache_get_row(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
		  struct cache_row *row, uint64_t *cost_us)
{
	memset(row, 0, sizeof(*row));
	wbuf_init(&row->summary);
	if (!c)
		return 0;
	cache_prefetch_join(c);
	cache_bind_key(c->get, oid, lang, c->engines[lang]);
	if (cache_note(c, sqlite3_step(c->get)) == SQLITE_ROW && digest_answers(c->get, 4, NULL, row)) {
		int n = sqlite3_column_bytes(c->get, 0);
		row->packed = n > 0 ? core_malloc((size_t)n) : NULL;
		if (row->packed) {
			memcpy(row->packed, sqlite3_column_blob(c->get, 0), (size_t)n);
			row->plen = (size_t)n;
			row->raw_len = (size_t)sqlite3_column_int64(c->get, 1);
			*cost_us = (uint64_t)sqlite3_column_int64(c->get, 2);
		}
	}
	sqlite3_reset(c->get);
	sqlite3_clear_bindings(c->get);
	if (!row->packed)
		return 0;
	if (!copy_summary(c, oid, lang, &row->summary)) {
		/* No summary (a row from before schema 3): made from the record. */
		struct record rec;
		memset(&rec, 0, sizeof(rec));
		int ok = cache_unpack(row->packed, (int)row->plen, (sqlite3_int64)row->raw_len, &rec) == 0
			 && rec.lang == (uint8_t)lang;
		if (ok)
			record_summary_encode(&rec, NULL, &row->summary);
		record_clear(&rec);
		if (!ok || row->summary.failed) {
			cache_row_free(row);
			return 0;
		}
	}
	return 1;
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
		if (!cache_begin_batch(c))
			break;
		sqlite3_bind_int(st, 1, l);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->counts.hits[l]);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)c->counts.misses[l]);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)saved);
		saved = 0;	/* the run's total, counted once */
		cache_batch_step(c, st);
	}
	sqlite3_finalize(st);
}

int cache_set_aside_if_corrupt(struct cache *c, char *note, size_t len)
{
	if (!c)
		return 0;
	cache_prefetch_join(c);
	if (!c->corrupt)
		return 0;
	if (c->in_batch)
		cache_exec(c->db, "ROLLBACK");
	c->in_batch = 0;
	cache_release_reads(c);
	/* Nothing more goes into it: no counters, no clean mark, no checkpoint. */
	c->writable = c->dirty = c->bring_in = 0;
	c->rows_written = 0;
	c->wal_pages = 0;
	cache_close_db(c);
	char moved[4200];
	if (cache_move_aside(c, moved, sizeof(moved)) < 0)
		snprintf(note, len, "the cache %s turned out corrupt (%s) and cannot be moved aside "
			 "(%s): remove it", c->path, sqlite3_errstr(c->corrupt), strerror(errno));
	else
		snprintf(note, len, "the cache %s turned out corrupt (%s): moved to %s; the next "
			 "run starts a new one", c->path, sqlite3_errstr(c->corrupt), moved);
	return 1;
}

#define CLOSE_BUSY_MS 250

void cache_close(struct cache *c)
{
	if (!c)
		return;
	cache_prefetch_join(c);
	cache_prefetch_free(&c->pf);
	cache_release_reads(c);
	/* The rest is one transaction, the run's last: no batch falls due in it (bulk), so
	 * none commits without the open mark before the clean one. */
	c->closing = 1;
	c->bulk = 1;
	/* The counters and the clean mark are worth no wait: with nothing the run measured
	 * pending, another process's write lock (a long import, a gc) is waited for a moment
	 * only, and they are left out when it is still held. */
	if (c->db && !c->in_batch)
		sqlite3_busy_timeout(c->db, CLOSE_BUSY_MS);
	save_counts(c);
	if (c->dirty && cache_begin_batch(c))
		cache_set_clean(c->db, 1);	/* in the run's last transaction */
	cache_flush(c);
	cache_close_db(c);
	free(c->dir);
	free(c->path);
	free(c);
}
