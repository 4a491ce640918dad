/*
 * analyze.c - `assay [OPTIONS] [PATH...]`: measure the files under the paths (default .)
 * and report them.
 */
#include "cmd/cmd.h"

#include <sys/stat.h>

#include "common/heap.h"
#include "report/formats.h"
#include "run/exitcode.h"
#include "run/lookup.h"
#include "run/output.h"
#include "run/shard.h"
#include "util/msg.h"

/* --shard=K/N: the run keeps the files of its own shard (run/shard.h). */
static void share_out(struct run *r, struct shard_plan *plan)
{
	if (!r->p->shard_total)
		return;
	shard_plan_make(r, r->p->shard_total, plan);
	plan->index = r->p->shard_index;
	shard_keep_own(r, plan);
	r->shard = plan;
}

/* Prefetching reads every summary the cache holds for the run's engines on a thread while
 * the tree is walked; for a short list of files (an editor's, a hook's) point lookups
 * cost less than that read and the thread's start (cache_scan.c looks rows up one by one
 * under 64 files anyway). So: only when a path names a directory (or none names ".") or
 * the list is long. Otherwise the cache opens after discovery, or at the first file read
 * (run/lookup.h, lookup_open_for_keyed). */
static int worth_prefetching(const struct run_params *p)
{
	if (p->npaths == 0 || p->npaths >= 64)
		return 1;
	struct stat st;
	for (size_t i = 0; i < p->npaths; i++)
		if (stat(p->paths[i], &st) != 0 || S_ISDIR(st.st_mode))
			return 1;
	return 0;
}

/* A run's memory goes back with the process: freeing the records of the kernel's 78 000
 * files one by one was a tenth of a warm run. A build with a leak checker frees it, so
 * that what it finds is a leak (common/heap.h tells such a build). */
#ifdef HEAP_SANITIZED
#define FREE_AT_EXIT 1
#else
#define FREE_AT_EXIT 0
#endif

/* When every report shows violations only, units under the limits are dropped as soon as
 * each file is final, and the cache's summaries are read while the tree is walked. A mean
 * CCN (--max-modules, --max-average, --show-rank) and the tables of --by need them all. */
static int prunable(const struct run_params *p)
{
	return !output_shows(p, REPORT_EVERY_UNIT) && !p->rank_max[RANK_MODULES]
	       && !p->rank_max[RANK_AVERAGE] && !p->show_rank && !p->by && !p->shard_total;
}

/* --shard=K/N: every path named is one the merge can walk in its own checkout. */
static int shard_paths_ok(const struct run_params *p)
{
	for (size_t k = 0; k < p->npaths && p->shard_total; k++)
		if (!shard_path_inside(p->paths[k])) {
			error_msg("--shard: the path '%s' is absolute or leaves the folder: `assay "
				  "merge` walks the shards' paths in its own checkout, so name them "
				  "relative to where the jobs and the merge run", p->paths[k]);
			return 0;
		}
	return 1;
}

/* The files discovered, measured and reported; the exit status. */
static int measure_and_report(struct run *r)
{
	int engine_rc = run_analyze(r);
	heap_hint();	/* what the cache's summaries grew the heap by, before the model */
	run_baseline_moved(r);
	if (engine_rc == 0)
		run_report_unused_entries(r);
	return engine_rc > 0 ? engine_rc : run_report(r, engine_rc);
}

int cmd_analyze(const struct run_params *p, struct run_signals sig)
{
	if (output_check(p) < 0 || !shard_paths_ok(p))
		return EXIT_USAGE;
	struct run r;
	struct shard_plan plan = { 0 };
	run_init(&r, p, sig);
	r.empty_is_usage = 1;
	int code = run_read_baseline(&r);
	if (code == 0) {
		r.prune = prunable(p);
		if (r.prune && worth_prefetching(p))
			lookup_open(&r, 1);	/* read ahead while the tree is walked */
		code = run_discover(&r, (const char *const *)p->paths, p->npaths);
	}
	heap_hint();	/* what discovery grew the heap by, before the cache's summaries */
	if (code == 0) {
		share_out(&r, &plan);
		code = measure_and_report(&r);
	}
	lookup_close(&r);
	if (FREE_AT_EXIT) {
		run_free(&r);
		shard_plan_free(&plan);
	}
	return code;
}
