/*
 * cache_inspect.c - what the cache holds for one content, of every language and engine,
 * read without writing anything, for `assay cache why` (see cache.h).
 */
#include "store/cache_impl.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

const uint64_t *cache_engines(const struct cache *c)
{
	return c->engines;
}

/* The results rows of ?1, with whether each has a summary and whether its digest (schema
 * 6) is ?2 (NULL: none stored); stored_at only from schema 5. */
static const char results_sql[] =
	"SELECT lang, engine, value, raw_size, %s, used_day, uses, worker, EXISTS(SELECT 1 "
	"FROM summaries s WHERE s.oid=r.oid AND s.lang=r.lang AND s.engine=r.engine), %s "
	"FROM results r WHERE oid=?1 ORDER BY lang, engine";
/* The summaries of ?1 whose results row is gone. */
static const char orphans_sql[] =
	"SELECT lang, engine, used_day FROM summaries s WHERE oid=?1 AND NOT EXISTS(SELECT 1 "
	"FROM results r WHERE r.oid=s.oid AND r.lang=s.lang AND r.engine=s.engine) "
	"ORDER BY lang, engine";

/* The results row under st into e. */
static void result_entry(sqlite3_stmt *st, struct cache_entry *e)
{
	struct record rec;
	memset(e, 0, sizeof(*e));
	e->lang = (enum lang_id)sqlite3_column_int(st, 0);
	e->engine = (uint64_t)sqlite3_column_int64(st, 1);
	e->has_result = 1;
	e->bytes = (uint64_t)sqlite3_column_bytes(st, 2);
	e->decodes = cache_unpack(sqlite3_column_blob(st, 2), sqlite3_column_bytes(st, 2),
				  sqlite3_column_int64(st, 3), &rec) == 0;
	if (e->decodes) {
		e->decodes = rec.lang == (int)e->lang;
		record_clear(&rec);
	}
	e->stored_at = sqlite3_column_int64(st, 4);
	e->used_day = sqlite3_column_int64(st, 5);
	e->uses = (uint64_t)sqlite3_column_int64(st, 6);
	e->worker = (uint64_t)sqlite3_column_int64(st, 7);
	e->has_summary = sqlite3_column_int(st, 8);
	e->other_bytes = sqlite3_column_type(st, 9) != SQLITE_NULL && !sqlite3_column_int(st, 9);
}

/* The summary-only row under st into e. */
static void orphan_entry(sqlite3_stmt *st, struct cache_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->lang = (enum lang_id)sqlite3_column_int(st, 0);
	e->engine = (uint64_t)sqlite3_column_int64(st, 1);
	e->used_day = sqlite3_column_int64(st, 2);
	e->has_summary = 1;
}

/* Prepares the results query, with stored_at and digest as far as the schema has them (a
 * cache inspected read-only is not migrated). */
static int prepare_results(sqlite3 *db, sqlite3_stmt **st)
{
	static const char *const columns[][2] = {
		{ "stored_at", "CASE WHEN digest IS NULL THEN NULL ELSE digest = ?2 END" },
		{ "stored_at", "NULL" },
		{ "0", "NULL" },
	};
	char sql[sizeof(results_sql) + 80];
	int rc = SQLITE_ERROR;
	for (size_t i = 0; i < 3 && rc != SQLITE_OK; i++) {
		snprintf(sql, sizeof(sql), results_sql, columns[i][0], columns[i][1]);
		rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);
	}
	return rc;
}

/* Runs st (bound to oid) and appends its rows with fill; the count, or -1. */
static long collect(sqlite3_stmt *st, const uint8_t *oid, const uint8_t *digest,
		    void (*fill)(sqlite3_stmt *, struct cache_entry *), struct cache_entry *e,
		    size_t max, long n)
{
	sqlite3_bind_blob(st, 1, oid, CACHE_OID_LEN, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_blob(st, 2, digest, CACHE_DIGEST_LEN, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)n < max)
			fill(st, &e[n]);
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n : -1;
}

long cache_entries_of(struct cache *c, const uint8_t oid[CACHE_OID_LEN],
		      const uint8_t digest[CACHE_DIGEST_LEN], struct cache_entry *e, size_t max,
		      char *err, size_t errlen)
{
	sqlite3_stmt *st;
	long n = -1;
	cache_flush(c);
	if (prepare_results(c->db, &st) == SQLITE_OK)
		n = collect(st, oid, digest, result_entry, e, max, 0);
	if (n >= 0 && sqlite3_prepare_v2(c->db, orphans_sql, -1, &st, NULL) == SQLITE_OK)
		n = collect(st, oid, digest, orphan_entry, e, max, n);
	else
		n = -1;
	if (n < 0)
		snprintf(err, errlen, "%s: cannot be read: %s", c->path, sqlite3_errmsg(c->db));
	return n;
}

/* The newest removal noted of a results row of oid (of lang and engine, unless any): 1
 * with it in *r, 0 when none is (or the cache, of an older schema, notes none). */
static int removal_noted(struct cache *c, const uint8_t oid[CACHE_OID_LEN], int any,
			 struct cache_removal_note *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, "SELECT day, why, lang, engine FROM evicted WHERE oid=?1 "
			       "AND (?4 OR (lang=?2 AND engine=?3)) ORDER BY day DESC LIMIT 1", -1,
			       &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_blob(st, 1, oid, CACHE_OID_LEN, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)r->lang);
	sqlite3_bind_int64(st, 3, (int64_t)r->engine);
	sqlite3_bind_int(st, 4, any);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		r->day = sqlite3_column_int64(st, 0);
		r->why = sqlite3_column_int(st, 1) == CACHE_REMOVED_DAMAGED ? CACHE_REMOVED_DAMAGED
									 : CACHE_REMOVED_EVICTED;
		int lang = sqlite3_column_int(st, 2);
		r->lang = lang >= 0 && lang < LANG_COUNT ? (enum lang_id)lang : LANG_NONE;
		r->engine = (uint64_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return found;
}

int cache_removal_of(struct cache *c, const uint8_t oid[CACHE_OID_LEN], enum lang_id lang,
		     uint64_t engine, struct cache_removal_note *r)
{
	r->lang = lang;
	r->engine = engine;
	r->other = 0;
	if (removal_noted(c, oid, 0, r))
		return 1;
	r->other = removal_noted(c, oid, 1, r);
	return r->other;
}
