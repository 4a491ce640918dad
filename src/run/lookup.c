/*
 * lookup.c - the run's use of the result cache (see lookup.h).
 */
#include "run/lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "common/hash.h"
#include "git/keys.h"
#include "git/sha1.h"
#include "run/remote.h"
#include "run/settle.h"
#include "store/cache.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/testpoint.h"

void run_lang_flags(const struct run_params *p, uint32_t out[LANG_COUNT])
{
	for (int l = 0; l < LANG_COUNT; l++)
		out[l] = (uint32_t)p->units[l] << 2;
}

uint64_t lookup_engine_salt(const struct run_params *p)
{
	const struct setting_list *g = &p->settings.generated_markers;
	if (g->count == 0 || p->include_generated)
		return 0;
	struct wbuf b;
	wbuf_init(&b);
	/* Strict runs' rows since refused markers are never stored: rows of the runs before,
	 * which answered a file without its refusal, are not theirs. */
	wbuf_printf(&b, p->strict ? "strict 1 refusals-unstored" : "strict 0");
	for (size_t i = 0; i < g->count; i++)
		wbuf_printf(&b, ";marker %s", g->items[i].text);
	uint64_t h = b.failed ? 1 : hash64(b.data, b.len);
	wbuf_free(&b);
	return h ? h : 1;
}

void lookup_engines(const struct run_params *p, uint64_t engines[LANG_COUNT])
{
	uint32_t lang_flags[LANG_COUNT];
	run_lang_flags(p, lang_flags);
	cache_engine_ids(p->modified ? ANALYZE_MODIFIED_CCN : 0, lang_flags, lookup_engine_salt(p),
			 engines);
}

void lookup_open_warning(const struct cache *c, const char *warning)
{
	if (c && cache_recovered(c))
		log_event(LOG_WARNING, "cache.recovered", NULL, "%s", warning);
	else if (c && cache_unwritable(c))
		log_event(LOG_WARNING, "cache.readonly", NULL, "%s", warning);
	else
		log_event(LOG_WARNING, "cache.disabled", NULL, "%s", warning);
}

void lookup_open(struct run *r, int prefetch)
{
	const struct run_params *p = r->p;
	if (p->no_cache) {
		snprintf(r->cache_note, sizeof(r->cache_note), "off (--no-cache)");
		return;
	}
	testpoint("cache.open");
	char *dir = cache_default_dir(p->cache_dir);
	char warning[512] = "";
	uint64_t engines[LANG_COUNT];
	lookup_engines(p, engines);
	if (dir) {
		r->cache_written_ns = cache_written_ns(dir);
		r->cache = cache_open(dir, engines, warning, sizeof(warning));
	} else {
		snprintf(warning, sizeof(warning), "no cache directory: set --cache-dir, "
			 "ASSAY_CACHE_DIR, XDG_CACHE_HOME or HOME");
	}
	if (warning[0])
		lookup_open_warning(r->cache, warning);
	if (!r->cache)
		snprintf(r->cache_note, sizeof(r->cache_note), "off (%s)", warning);
	free(dir);
	if (prefetch)
		cache_prefetch(r->cache);
}

int lookup_open_remote(struct run *r)
{
	if (!r->p->remote_url)
		return 0;	/* the engine ids cost 300 000 instructions: not for nothing */
	uint64_t engines[LANG_COUNT];
	lookup_engines(r->p, engines);
	return remote_open(r, engines);
}

void lookup_need(struct run *r)
{
	if (!r->cache && !r->cache_note[0])
		lookup_open(r, 0);
}

int lookup_will_have_cache(const struct run *r)
{
	return r->cache || !r->cache_note[0];
}

int64_t lookup_cache_written_ns(const struct run *r)
{
	if (r->p->no_cache)
		return 0;
	if (r->cache)
		return r->cache_written_ns;	/* this run may have written to it since */
	char *dir = cache_default_dir(r->p->cache_dir);
	int64_t t = dir ? cache_written_ns(dir) : 0;
	free(dir);
	return t;
}

void lookup_open_for_keyed(struct run *r)
{
	for (size_t i = 0; i < r->list.nfiles; i++)
		if (!r->state[i].done && r->list.keys[i].has_oid) {
			lookup_need(r);
			return;
		}
}

/* A database that opened clean and then read or wrote as corrupt is set aside, as one
 * found corrupt at open is: left in place, every later run would miss on it and store
 * nothing, marked clean and never checked again. 1 when it was (r->cache is then gone). */
static int set_aside_if_corrupt(struct run *r)
{
	char aside[4800];
	if (!cache_set_aside_if_corrupt(r->cache, aside, sizeof(aside)))
		return 0;
	log_event(LOG_WARNING, "cache.recovered", NULL, "%s", aside);
	cache_close(r->cache);
	r->cache = NULL;
	return 1;
}

/* Past --cache-max, evicts. The file holds more than the stored values: only when it
 * outgrows the cap are they summed (a scan of the whole table, not for every run). Not
 * after a signal: the user is waiting for the run to end. */
static void evict_over_cap(struct run *r)
{
	struct cache_totals totals;
	if (*r->sig.stop || cache_file_bytes(r->cache) <= r->p->cache_max)
		return;
	int rc = cache_totals(r->cache, &totals);
	if (rc == 0 && totals.bytes > r->p->cache_max)
		rc = cache_gc(r->cache, r->p->cache_max, r->p->cache_lfu) == -1 ? -1 : 0;
	if (rc < 0 && cache_error(r->cache)[0])
		log_event(LOG_WARNING, "cache.gc_failed", NULL, "the cache %s is over "
			  "--cache-max and was not evicted: %s", cache_path(r->cache),
			  cache_error(r->cache));
}

void lookup_close(struct run *r)
{
	remote_close(r);
	if (!r->cache || set_aside_if_corrupt(r))
		return;
	if (cache_warning(r->cache)[0])
		log_event(LOG_WARNING, "cache.disabled", NULL, "%s", cache_warning(r->cache));
	evict_over_cap(r);
	if (set_aside_if_corrupt(r))	/* found so by the eviction's reads */
		return;
	cache_close(r->cache);
	r->cache = NULL;
}

void lookup_flush(struct run *r)
{
	cache_flush(r->cache);
}

/* The digest of file i's bytes (NULL: keyed from the index, not read; git/keys.h). */
static const uint8_t *key_digest(const struct run *r, size_t i)
{
	return r->list.keys[i].has_digest ? r->list.keys[i].digest : NULL;
}

/* Answers file i from the cache; 1 on a hit. When the reports show violations only, a
 * summary that keeps every unit over i's limits settles it without decoding the whole
 * record. */
static int from_cache(struct run *r, size_t i)
{
	struct record rec;
	struct record_summary s;
	struct file_state *st = &r->state[i];
	const long *limits = r->prune ? run_limits(r, i)->limit : NULL;
	int hit = cache_get(r->cache, r->list.keys[i].oid, key_digest(r, i), r->list.files[i].lang,
			    limits, &rec, &s);
	if (hit == CACHE_HIT_SUMMARY && !run_summary_enough(r, i, &rec)) {
		record_clear(&rec);
		hit = cache_get_whole(r->cache, r->list.keys[i].oid, key_digest(r, i),
				      r->list.files[i].lang, s.cost_us, &rec) ? CACHE_HIT : 0;
	}
	if (!hit)
		return 0;
	if (r->list.files[i].lang == LANG_NONE && rec.cause == CAUSE_UNKNOWN_LANGUAGE) {
		/* The row may be a .h's memo of the language its bytes gave (the same blob:
		 * lookup_header_language): that name is not this file's reason. */
		free(rec.detail);
		rec.detail = NULL;
	}
	if (!settle_applies(r, i, &rec)) {
		record_clear(&rec);
		cache_take_back_hit(r->cache, r->list.files[i].lang, s.cost_us);
		return 0;
	}
	record_clear(&st->rec);
	st->rec = rec;
	if (rec.status == FILE_FAILED && rec.cause == CAUSE_SANDBOX_VIOLATION)
		log_event(LOG_ERROR, "sandbox.violation", r->list.files[i].path, "security: a worker "
			  "analyzing this file was killed by the sandbox (a forbidden system call) "
			  "in an earlier run; the verdict is from the cache");
	if (hit == CACHE_HIT_SUMMARY) {
		settle_summary(r, i, s.nunits);
	} else {
		st->done = 1;
		settle_file(r, i);
	}
	return 1;
}

int lookup_loaded(struct run *r, size_t i, const uint8_t *data, size_t len)
{
	struct file_key *k = &r->list.keys[i];
	lookup_need(r);
	if (!r->cache && !r->shard)
		return 0;	/* the key is for the cache (and a shard's records) alone */
	if (!r->cache) {
		/* A shard's record names the content measured: its blob id alone (nothing is
		 * stored, so no digest). */
		uint8_t oid[sizeof(k->oid)];
		sha1_blob_id(data, len, oid);
		if (!k->has_oid || memcmp(oid, k->oid, sizeof(oid)) != 0)
			*k = (struct file_key){ .has_oid = 1, .in_git = k->in_git };
		memcpy(k->oid, oid, sizeof(oid));
		return 0;
	}
	int index = keys_check_index(data, len, k);
	if (index == KEYS_INDEX_DIFFERS)
		log_event(LOG_WARNING, "key.index", r->list.files[i].path, "the git index's id "
			  "for this file is not that of its bytes (it changed as it was read, or "
			  "the index was altered): keyed by its bytes");
	if (index != KEYS_INDEX_OK && r->state[i].cache_asked) {
		/* Asked again under the bytes' key: the index key's miss is not counted. */
		cache_uncount_miss(r->cache, r->list.files[i].lang);
		r->state[i].cache_asked = 0;
	}
	if (r->state[i].cache_asked)
		return 0;
	r->state[i].cache_asked = 1;	/* a miss counts once (scripts are read twice) */
	if (!k->has_oid)
		keys_lookup(data, len, k);
	return from_cache(r, i) || remote_lookup_one(r, i);
}

/* File i has a key to store under (its digest goes with it: key_digest). */
static int key_storable(const struct run *r, size_t i)
{
	return r->list.keys[i].has_oid;
}

int lookup_storable(const struct run *r, size_t i)
{
	const struct file_state *s = &r->state[i];
	return r->cache && s->done && key_storable(r, i) && s->cacheable && !s->keep_uncached;
}

void lookup_store(struct run *r, size_t i)
{
	const struct file_state *s = &r->state[i];
	if (!lookup_storable(r, i))
		return;
	cache_put(r->cache, r->list.keys[i].oid, key_digest(r, i), r->list.files[i].lang, &s->rec,
		  s->cost_us, run_limits(r, i)->limit);
	struct cache_row row;
	if (!r->remote)
		return;
	if (lookup_pack(r, i, &row) == 0)
		remote_queue(r, i, &row);
	cache_row_free(&row);
}

int lookup_pack(const struct run *r, size_t i, struct cache_row *row)
{
	int rc = cache_row_pack(row, &r->state[i].rec, run_limits(r, i)->limit);
	cache_row_digest(row, key_digest(r, i));
	return rc;
}

void lookup_store_row(struct run *r, size_t i, const struct cache_row *row, uint64_t worker)
{
	if (!key_storable(r, i))
		return;
	cache_put_row(r->cache, r->list.keys[i].oid, r->list.files[i].lang, row,
		      r->state[i].cost_us, worker);
	remote_queue(r, i, row);
}

void lookup_no_language(struct run *r, size_t i)
{
	if (key_storable(r, i))
		cache_put(r->cache, r->list.keys[i].oid, key_digest(r, i), LANG_NONE, &r->state[i].rec,
			  0, NULL);
}

void lookup_generated(struct run *r, size_t i)
{
	if (r->cache && key_storable(r, i) && !r->p->strict)
		cache_put(r->cache, r->list.keys[i].oid, key_digest(r, i), r->list.files[i].lang,
			  &r->state[i].rec, 0, NULL);
}

void lookup_header_language(struct run *r, size_t i, const uint8_t *data, size_t len)
{
	if (r->cache && key_storable(r, i) && !(len >= 2 && data[0] == '#' && data[1] == '!'))
		cache_put_language_memo(r->cache, r->list.keys[i].oid, key_digest(r, i),
					r->list.files[i].lang);
}

/* Whether file i is a keyed .h whose language its bytes have not said yet. */
static int header_pending(const struct run *r, size_t i)
{
	return r->list.files[i].by_content && r->list.keys[i].has_oid && !r->state[i].done;
}

/* File i's language from lookup_header_language's memo in rec (cleared); then it is
 * asked of the cache like any file, or left out under -l. */
static void header_take(struct run *r, size_t i, struct record *rec)
{
	struct file_entry *f = &r->list.files[i];
	enum lang_id lang = rec->detail ? language_by_name(rec->detail) : LANG_NONE;
	record_clear(rec);
	if (lang != LANG_C && lang != LANG_CPP && lang != LANG_OBJC)
		return;
	f->lang = lang;
	f->by_content = 0;
	if (r->p->language_mask && !(r->p->language_mask & (UINT64_C(1) << lang)))
		run_verdict(r, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
}

/* The keyed .h files' languages from the memos of earlier runs, by one scan of the
 * summaries (point lookups when the cache prefers them), so a warm run reads no header. */
static void headers_from_cache(struct run *r)
{
	static const long no_limits[MET_COUNT];
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		n += header_pending(r, i);
	if (n == 0)
		return;
	struct cache_query *q = xcalloc(n, sizeof(*q));
	struct record *recs = xcalloc(n, sizeof(*recs));
	size_t *file_of = xmalloc(n * sizeof(*file_of));
	n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		if (header_pending(r, i)) {
			q[n] = (struct cache_query){ .oid = r->list.keys[i].oid, .lang = LANG_NONE,
						     .rec = &recs[n], .limits = no_limits };
			file_of[n++] = i;
		}
	int scanned = cache_scan(r->cache, q, n) > 0;
	for (size_t k = 0; k < n && !*r->sig.stop; k++) {
		struct record_summary s;
		if (q[k].answered
		    || (!scanned && cache_get(r->cache, q[k].oid, NULL, LANG_NONE, no_limits,
					      &recs[k], &s) > 0))
			header_take(r, file_of[k], &recs[k]);
	}
	free(q);
	free(recs);
	free(file_of);
}

/* A file the cache may answer before it is read: keyed from the git index. One of no
 * language yet (extension-less) can only be answered as not analyzable (see load.c); a
 * .h is asked once its bytes have said C or C++. */
static int keyed_pending(const struct run *r, size_t i)
{
	return !r->state[i].done && r->list.keys[i].has_oid && !r->list.files[i].by_content;
}

/* File i, answered by a summary in the scan (its record): settled by it, or by its whole
 * record when the summary is not enough (run_summary_enough); left pending when that
 * cannot be read. */
static void settle_scanned(struct run *r, size_t i, const struct cache_query *q)
{
	struct file_state *s = &r->state[i];
	s->cache_asked = 1;
	if (run_summary_enough(r, i, &s->rec)) {
		settle_summary(r, i, q->nunits);
		return;
	}
	record_clear(&s->rec);
	if (cache_get_whole(r->cache, r->list.keys[i].oid, NULL, r->list.files[i].lang,
			    q->cost_us, &s->rec)) {
		s->done = 1;
		settle_file(r, i);
	}
}

/* When the reports need violations only: as many files as one scan of the cache's
 * summaries settles (see cache_scan), before any is looked up alone. */
static void scan_summaries(struct run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++)
		n += keyed_pending(r, i);
	if (!r->prune || n == 0)
		return;
	struct cache_query *q = xcalloc(n, sizeof(*q));
	size_t *file_of = xmalloc(n * sizeof(*file_of));
	n = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		if (!keyed_pending(r, i))
			continue;
		record_clear(&r->state[i].rec);	/* a pending file's record is empty */
		q[n] = (struct cache_query){ .oid = r->list.keys[i].oid,
					     .lang = r->list.files[i].lang,
					     .rec = &r->state[i].rec,
					     .limits = run_limits(r, i)->limit };
		file_of[n++] = i;
	}
	if (cache_scan(r->cache, q, n) > 0)
		for (size_t k = 0; k < n; k++) {
			if (!q[k].answered)
				continue;
			if (!settle_applies(r, file_of[k], q[k].rec)) {
				record_clear(q[k].rec);
				cache_take_back_hit(r->cache, q[k].lang, q[k].cost_us);
				r->state[file_of[k]].cache_asked = 1;	/* not asked again */
				continue;
			}
			settle_scanned(r, file_of[k], &q[k]);
		}
	free(q);
	free(file_of);
}

void lookup_prepass(struct run *r)
{
	if (!r->cache)
		return;
	cache_hold_reads(r->cache);
	if (!*r->sig.stop)
		headers_from_cache(r);
	if (!*r->sig.stop)
		scan_summaries(r);
	for (size_t i = 0; i < r->list.nfiles && !*r->sig.stop; i++) {
		testpoint("lookup.file");
		if (!keyed_pending(r, i) || r->state[i].cache_asked)	/* the scan asked it */
			continue;
		/* Once read, an extension-less script may have a language to look up. */
		r->state[i].cache_asked = r->list.files[i].lang != LANG_NONE;
		from_cache(r, i);
	}
	cache_release_reads(r->cache);
}
