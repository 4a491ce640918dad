/*
 * load.c - the engine's hooks: reading, checking and taking back the files (see load.h).
 */
#include "run/load.h"

#include <string.h>

#include "files/content.h"
#include "git/view.h"
#include "run/lookup.h"
#include "run/progress.h"
#include "run/settle.h"
#include "run/strict.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/testpoint.h"

/* Reads file i's bytes: its git object, or the file in the tree. 0, or -1 after a
 * verdict. */
static int read_bytes(struct run *r, size_t i, struct wbuf *bytes)
{
	struct cause_note why;
	enum file_status status = FILE_FAILED;
	int rc;
	if (r->list.files[i].from_git) {
		rc = git_view_load(r->git, r->list.keys[i].oid, r->p->max_size, bytes, &why);
		status = rc > 0 ? FILE_SKIPPED : FILE_FAILED;
	} else {
		rc = content_read(&r->list, i, r->p->max_size, bytes, &status, &why);
	}
	if (rc == 0)
		return 0;
	run_verdict(r, i, status, why.cause, why.detail);
	return -1;
}

int load_again(struct run *r, size_t i, struct wbuf *bytes)
{
	struct cause_note why;
	enum file_status status;
	if (r->list.files[i].from_git)
		return git_view_load(r->git, r->list.keys[i].oid, r->p->max_size, bytes, &why) == 0
			       ? 0 : -1;
	return content_read(&r->list, i, r->p->max_size, bytes, &status, &why) == 0 ? 0 : -1;
}

/* A .h file's language, from the bytes read (the bytes the cache keys, so a result is
 * always stored and found under the language they say). -1 when it is one the run
 * leaves out (-l). */
static int header_language(struct run *r, size_t i, const struct wbuf *bytes)
{
	struct file_entry *f = &r->list.files[i];
	f->lang = language_of_c_header((const char *)bytes->data, bytes->len);
	f->by_content = 0;
	lookup_header_language(r, i, bytes->data, bytes->len);
	if (!r->p->language_mask || (r->p->language_mask & (UINT64_C(1) << f->lang)))
		return 0;
	run_verdict(r, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
	return -1;
}

int load_bytes(struct run *r, size_t i, struct wbuf *bytes)
{
	struct file_entry *f = &r->list.files[i];
	if (read_bytes(r, i, bytes) < 0)
		return -1;
	enum lang_id named = f->lang;
	struct cause_note why;
	f->size = bytes->len;
	if (f->by_content && header_language(r, i, bytes) < 0)
		return -1;
	if (content_check(bytes->data, bytes->len, &f->lang, &why) < 0) {
		run_verdict(r, i, FILE_SKIPPED, why.cause, why.detail);
		/* An extension-less file keyed from the index that is no language we know
		 * (no #! line we know, binary, a git-lfs pointer) is remembered under
		 * LANG_NONE, so the next run need not open it. */
		if (named == LANG_NONE && !f->from_git)
			lookup_no_language(r, i);
		return -1;
	}
	if (named == LANG_NONE && r->p->language_mask
	    && !(r->p->language_mask & (UINT64_C(1) << f->lang))) {
		/* A script its #! line named: -l leaves it out like a file its name named. */
		run_verdict(r, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
		return -1;
	}
	if (strict_generated(r, i, bytes->data, bytes->len)) {
		run_verdict(r, i, FILE_SKIPPED, CAUSE_GENERATED, NULL);
		lookup_generated(r, i);
		return -1;
	}
	return 0;
}

void load_scripts(struct run *r)
{
	if (!r->cache)
		return;	/* reading them early pays only with a cache to ask */
	struct wbuf bytes;
	wbuf_init(&bytes);
	for (size_t i = 0; i < r->list.nfiles && !*r->sig.stop; i++) {
		if (r->state[i].done || !r->list.keys[i].has_oid
		    || (r->list.files[i].lang != LANG_NONE && !r->list.files[i].by_content))
			continue;
		if (load_bytes(r, i, &bytes) == 0)
			lookup_loaded(r, i, bytes.data, bytes.len);
	}
	wbuf_free(&bytes);
}

/* Engine hook: the bytes of a job, unless its content or the cache settles it. */
static enum engine_load load_job(void *ctx, struct engine_job *job, struct wbuf *bytes)
{
	struct run *r = ctx;
	size_t i = job->file;
	if (load_bytes(r, i, bytes) < 0) {
		settle_file(r, i);
		return ENGINE_SETTLED;
	}
	if (lookup_loaded(r, i, bytes->data, bytes->len))
		return ENGINE_SETTLED;	/* settled by the cache */
	job->lang = r->list.files[i].lang;
	job->size = bytes->len;
	return ENGINE_SEND;
}

/* A worker's result waits for the worker to end (worker_ended); a verdict of the
 * supervisor's (a crash, a timeout: a hostile file costs once) is stored at once. */
static void store_or_hold(struct run *r, size_t file, uint64_t worker)
{
	if (!worker) {
		lookup_store(r, file);
		return;
	}
	if (!lookup_storable(r, file))
		return;
	xgrow((void **)&r->held, &r->heldcap, r->nheld + 1, sizeof(*r->held));
	struct held_result *h = &r->held[r->nheld];
	h->worker = worker;
	h->file = file;
	if (lookup_pack(r, file, &h->row) == 0)
		r->nheld++;
	else
		cache_row_free(&h->row);
}

/* Engine hook: a worker generation is gone. Its results are stored when it ended well;
 * when it crashed, hung or was killed by the sandbox they are reported but not cached:
 * a parser exploit through one file could have forged the answers for the files after
 * it, and the cache would hand them to every later run (docs/SECURITY.md). */
static void worker_ended(void *ctx, uint64_t worker, int trusted)
{
	struct run *r = ctx;
	size_t kept = 0, withheld = 0;
	/* One transaction for the generation's rows (up to 500 files): in batches of 128
	 * files, each commit wrote most of the tables' pages to the WAL again. */
	int was_bulk = trusted && cache_bulk(r->cache, 1);
	for (size_t i = 0; i < r->nheld; i++) {
		struct held_result *h = &r->held[i];
		if (h->worker != worker) {
			r->held[kept++] = *h;
			continue;
		}
		if (trusted)
			lookup_store_row(r, h->file, &h->row, worker);
		else
			withheld++;
		cache_row_free(&h->row);
	}
	r->nheld = kept;
	if (trusted && !was_bulk)
		cache_bulk(r->cache, 0);
	if (withheld)
		log_event(LOG_INFO, "cache.withheld", NULL, "%zu results of a worker that then "
			  "failed are reported but not cached", withheld);
}

/* Engine hook: a job's result is final (see store_or_hold for the cache). */
static void take_result(void *ctx, const struct engine_job *job, struct engine_result *res)
{
	struct run *r = ctx;
	struct file_state *s = &r->state[job->file];
	record_clear(&s->rec);
	s->rec = res->rec;
	memset(&res->rec, 0, sizeof(res->rec));
	s->done = 1;
	s->cacheable = (uint8_t)res->from_worker;
	s->cost_us = res->cost_us;
	s->parse_us = res->parse_us;
	store_or_hold(r, job->file, res->worker);
	settle_file(r, job->file);
	testpoint("engine.result");
}

void load_hooks(struct run *r, struct engine_hooks *h)
{
	h->load = load_job;
	h->result = take_result;
	h->progress = progress_show;
	h->worker_end = worker_ended;
	h->ctx = r;
}
