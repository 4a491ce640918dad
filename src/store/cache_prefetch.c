/*
 * cache_prefetch.c - the summaries of the run's engines read ahead on a thread while the
 * tree is walked (see cache_prefetch in cache.h), and the row helpers a scan shares.
 */
#include "store/cache_impl.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* The row under a summaries statement (oid, lang, summary, cost_us, used_day); -1 when
 * its oid is malformed. */
int cache_row_of(sqlite3_stmt *st, struct summary_row *row)
{
	/* The sizes first: a summary over the cap is never read into memory. */
	size_t len = (size_t)sqlite3_column_bytes(st, 2);
	if (sqlite3_column_bytes(st, 0) != CACHE_OID_LEN || len > SUMMARY_MAX_BYTES
	    || sqlite3_column_type(st, 2) == SQLITE_NULL)	/* over the cap (SUMMARY_COLUMN) */
		return -1;
	*row = (struct summary_row){ sqlite3_column_blob(st, 0),
				     (enum lang_id)sqlite3_column_int(st, 1),
				     sqlite3_column_blob(st, 2), len,
				     (uint64_t)sqlite3_column_int64(st, 3),
				     sqlite3_column_int64(st, 4) };
	return 0;
}

const char cache_engine_summaries_sql[] = "SELECT oid, lang, " SUMMARY_COLUMN ", cost_us, "
					  "used_day FROM summaries WHERE engine=?1";

/* 1 when no language before l has l's engine id: the engines to scan, each once. */
int cache_first_of_engine(const struct cache *c, int l)
{
	for (int k = 0; k < l; k++)
		if (c->engines[k] == c->engines[l])
			return 0;
	return 1;
}

/* 1 when a row read from engine's range is of a language whose engine this is. */
int cache_row_current(const struct cache *c, const struct summary_row *row, uint64_t engine)
{
	return (int)row->lang >= 0 && row->lang < LANG_COUNT && c->engines[row->lang] == engine;
}

/* ---- the prefetch: the engine's summaries read while the walk runs ------------------ */

/* Past this many rows, or bytes, the cache holds much more than one tree: point lookups
 * then (a summary over SUMMARY_MAX_BYTES is not even read: cache_row_of). */
#define PREFETCH_MAX_ROWS 1000000u
#define PREFETCH_MAX_BYTES ((size_t)256 << 20)

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
	if (row->len)	/* an empty blob reads as NULL */
		memcpy(pf->arena + pf->arena_len + CACHE_OID_LEN, row->summary, row->len);
	pf->arena_len += CACHE_OID_LEN + row->len;
}

static void *prefetch_run(void *arg)
{
	struct cache *c = arg;
	struct prefetch *pf = &c->pf;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, cache_engine_summaries_sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	struct summary_row row;
	int rc = SQLITE_DONE;
	for (int l = 0; l < LANG_COUNT && rc == SQLITE_DONE; l++) {
		if (!cache_first_of_engine(c, l))
			continue;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->engines[l]);
		rc = SQLITE_INTERRUPT;
		while (!atomic_load_explicit(&pf->stop, memory_order_relaxed)
		       && (rc = sqlite3_step(st)) == SQLITE_ROW && pf->nrows < PREFETCH_MAX_ROWS
		       && pf->arena_len < PREFETCH_MAX_BYTES)
			if (cache_row_of(st, &row) == 0 && cache_row_current(c, &row, c->engines[l]))
				prefetch_keep(pf, &row);
		sqlite3_reset(st);
	}
	pf->complete = rc == SQLITE_DONE;
	cache_note(c, rc);	/* read after the join (cache_prefetch_join) */
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
