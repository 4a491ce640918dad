/*
 * increments.c - the increments of the worst units, analyzed again (see increments.h).
 */
#include "run/increments.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "engine/engine.h"
#include "run/load.h"
#include "util/alloc.h"

/* A unit that may be among the worst: its file, its index and what ranks it. */
struct candidate {
	size_t file, unit;
	double score;
	int over;
	uint32_t ccn, cognitive;
};

/* Worse first, as the worst-offenders list ranks (report/model.c). */
static int by_worse(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->over != b->over)
		return b->over - a->over;
	if (a->ccn != b->ccn)
		return a->ccn > b->ccn ? -1 : 1;
	if (a->cognitive != b->cognitive)
		return a->cognitive > b->cognitive ? -1 : 1;
	return a->file != b->file ? (a->file < b->file ? -1 : 1) : (a->unit < b->unit ? -1 : 1);
}

/* Every unit of every measured file, worst first; *n of them. */
static struct candidate *ranked(const struct run_view *v, size_t nfiles, size_t *n)
{
	struct candidate *c = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < nfiles; i++) {
		const struct report_file *f = &v->files[i];
		if (!f->done || f->rec->status > FILE_FALLBACK)
			continue;
		for (size_t k = 0; k < f->rec->nunits; k++) {
			const struct unit *u = &f->rec->units[k];
			uint32_t bits = unit_violations(f->limits, u);
			xgrow((void **)&c, &cap, *n + 1, sizeof(*c));
			c[(*n)++] = (struct candidate){ i, k, model_over_score(f->limits, u, bits),
							__builtin_popcount(bits), u->ccn, u->cognitive };
		}
	}
	if (*n)
		qsort(c, *n, sizeof(*c), by_worse);
	return c;
}

struct again {
	struct run *r;
	struct record *recs;	/* per file: the analysis with increments */
};

static enum engine_load load_hook(void *ctx, struct engine_job *job, struct wbuf *bytes)
{
	struct again *a = ctx;
	if (load_again(a->r, job->file, bytes) < 0)
		return ENGINE_SETTLED;
	job->size = bytes->len;
	return ENGINE_SEND;
}

static void result_hook(void *ctx, const struct engine_job *job, struct engine_result *res)
{
	struct again *a = ctx;
	record_clear(&a->recs[job->file]);
	a->recs[job->file] = res->rec;
	memset(&res->rec, 0, sizeof(res->rec));
}

/* 1 when the new analysis has the units the run measured, in the same order. */
static int same_units(const struct record *old, const struct record *now)
{
	if (now->status > FILE_FALLBACK || now->nunits != old->nunits)
		return 0;
	for (size_t k = 0; k < old->nunits; k++)
		if (now->units[k].line != old->units[k].line
		    || now->units[k].body_hash != old->units[k].body_hash)
			return 0;
	return 1;
}

/* Keeps the increments of file i's chosen units (chosen[k] for unit k) in v. */
static void keep(struct run_view *v, size_t i, const struct record *now, const uint8_t *chosen)
{
	struct increment *out = xcalloc(now->nincrements + 1, sizeof(*out));
	size_t n = 0;
	for (size_t k = 0; k < now->nincrements; k++)
		if (now->increments[k].unit < now->nunits && chosen[now->increments[k].unit])
			out[n++] = now->increments[k];
	v->increments[i] = out;
	v->files[i].increments = out;
	v->files[i].nincrements = n;
}

/* The analysis again over the jobs; 0, or -1 when it could not run. */
static int analyze_again(struct run *r, struct engine_job *jobs, size_t njobs, struct record *recs)
{
	struct engine_params ep;
	if (run_engine_params(r->p, r->analyze_flags | ANALYZE_INCREMENTS, &ep) < 0)
		return -1;
	struct again a = { r, recs };
	struct engine_hooks hooks = { .load = load_hook, .result = result_hook, .ctx = &a };
	struct engine_stats stats;
	memset(&stats, 0, sizeof(stats));
	int rc = engine_pool.run(&ep, jobs, njobs, &hooks, &stats, r->sig.stop, r->sig.wake_fd);
	engine_stats_free(&stats);
	free((char *)ep.worker_path);
	return rc < 0 ? -1 : 0;
}

/* The files of the chosen candidates as jobs, and which of their units were chosen. */
static struct engine_job *jobs_of(const struct run *r, const struct candidate *c, size_t nc,
				  uint8_t **chosen, size_t *njobs)
{
	struct engine_job *jobs = xcalloc(nc + 1, sizeof(*jobs));
	*njobs = 0;
	for (size_t k = 0; k < nc; k++) {
		size_t i = c[k].file;
		if (!chosen[i]) {
			const struct file_entry *f = &r->list.files[i];
			chosen[i] = xcalloc(r->state[i].rec.nunits + 1, 1);
			jobs[(*njobs)++] = (struct engine_job){ i, f->lang, f->size, 0, 0, f->path, 0 };
		}
		chosen[i][c[k].unit] = 1;
	}
	return jobs;
}

void run_increments(struct run *r, struct run_view *v)
{
	size_t nfiles = r->list.nfiles, nc, njobs;
	struct candidate *c = ranked(v, nfiles, &nc);
	if (nc > INCREMENTS_WORST)
		nc = INCREMENTS_WORST;
	uint8_t **chosen = xcalloc(nfiles + 1, sizeof(*chosen));
	struct engine_job *jobs = jobs_of(r, c, nc, chosen, &njobs);
	struct record *recs = xcalloc(nfiles + 1, sizeof(*recs));
	v->increments = xcalloc(nfiles + 1, sizeof(*v->increments));
	v->nincrements = nfiles;
	if (njobs && analyze_again(r, jobs, njobs, recs) == 0)
		for (size_t k = 0; k < njobs; k++) {
			size_t i = jobs[k].file;
			if (same_units(&r->state[i].rec, &recs[i]))
				keep(v, i, &recs[i], chosen[i]);
		}
	for (size_t i = 0; i < nfiles; i++) {
		free(chosen[i]);
		record_clear(&recs[i]);
	}
	free(chosen);
	free(recs);
	free(jobs);
	free(c);
}
