/*
 * cache_scan.c - many lookups at once: one ordered scan of the run's engines' summaries
 * answers every file a summary settles, and a thread reads them ahead while the tree is
 * walked (see cache_scan and cache_prefetch in cache.h).
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
void cache_prefetch_join(struct cache *c)
{
	if (c && c->pf.running) {
		atomic_store(&c->pf.stop, 1);
		pthread_join(c->pf.thread, NULL);
		c->pf.running = 0;
	}
}

void cache_prefetch_free(struct prefetch *pf)
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
	cache_prefetch_join(c);
	if (!scan_pays(c, n)) {
		cache_prefetch_free(&c->pf);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		memset(q[i].rec, 0, sizeof(*q[i].rec));
		q[i].answered = 0;
	}
	struct query_table t;
	table_build(&t, q, n);
	scan_summaries(c, &t);
	cache_prefetch_free(&c->pf);
	free(t.slot);
	free(t.next);
	/* Counted (and touched) after the scan: no write while it reads. */
	size_t answered = 0;
	for (size_t i = 0; i < n; i++)
		if (q[i].answered) {
			cache_count_hit(c, q[i].oid, q[i].lang, q[i].cost_us, q[i].day);
			answered++;
		}
	return answered;
}
