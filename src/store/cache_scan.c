/*
 * cache_scan.c - many lookups at once: one ordered scan of the run's engines' summaries
 * (or of what cache_prefetch.c read ahead) answers every file a summary settles (see
 * cache_scan in cache.h).
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
		if (!cache_first_of_engine(c, l))
			continue;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->engines[l]);
		if (cache_note(c, sqlite3_step(st)) == SQLITE_ROW)
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
	if (sqlite3_prepare_v2(c->db, cache_engine_summaries_sql, -1, &st, NULL) != SQLITE_OK)
		return;
	for (int l = 0; l < LANG_COUNT; l++) {
		if (!cache_first_of_engine(c, l))
			continue;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->engines[l]);
		while (cache_note(c, sqlite3_step(st)) == SQLITE_ROW)
			if (cache_row_of(st, &row) == 0 && cache_row_current(c, &row, c->engines[l]))
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
