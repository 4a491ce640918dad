/*
 * stats.c - the --stats lines (see stats.h).
 */
#include "run/stats.h"

#include <stdio.h>
#include <sys/resource.h>

#include "git/libgit2.h"

/* The pool's scheduling: how many workers ran at most (memory), how many files moved. */
static void stats_pool(const struct engine_stats *es, int workers)
{
	fprintf(stderr, "assay-stats: workers_asked=%d workers_at_most=%d shed=%u stolen=%u "
		"fallbacks=%u%s%s\n", workers, es->max_active ? es->max_active : workers, es->shed,
		es->stolen, es->fallbacks, es->memory_note[0] ? " memory=" : "", es->memory_note);
}

/* The remote cache's figures, when the run had one. */
static void stats_remote(const struct run_model *m)
{
	const struct model_remote *c = m->remote;
	if (c)
		fprintf(stderr, "assay-stats: remote_hits=%llu remote_misses=%llu remote_rejected=%llu "
			"remote_errors=%llu remote_stored=%llu remote_bytes_in=%llu "
			"remote_bytes_out=%llu remote=%.3fs remote_packs=%llu/%llu "
			"remote_packs_stored=%llu\n", (unsigned long long)c->hits,
			(unsigned long long)c->misses, (unsigned long long)c->rejected,
			(unsigned long long)c->errors, (unsigned long long)c->stored,
			(unsigned long long)c->bytes_in, (unsigned long long)c->bytes_out,
			c->seconds, (unsigned long long)c->packs_found,
			(unsigned long long)c->packs_asked, (unsigned long long)c->packs_stored);
}

void stats_print(const struct run *r, const struct run_model *m)
{
	uint64_t bytes = 0, hits, misses;
	size_t analyzed = 0, keyed = 0;
	for (size_t i = 0; i < r->list.nfiles; i++) {
		const struct file_state *s = &r->state[i];
		keyed += r->list.keys[i].from_index;
		if (s->done && s->rec.status <= FILE_FALLBACK) {
			bytes += r->list.files[i].size;
			analyzed++;
		}
	}
	model_cache_totals(m, &hits, &misses);
	const struct run_times *t = &r->t;
	double analyze = t->analyzed - t->cached, total = t->reported - t->start;
	const struct engine_stats *es = &r->engine;
	int workers = es->slots ? es->slots : r->jobs;
	/* Speed-up: worker time over wall time; efficiency: that over the workers used. */
	double speedup = analyze > 0 ? es->busy_seconds / analyze : 0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "assay-stats: discover=%.3fs key=%.3fs cache=%.3fs analyze=%.3fs "
		"report=%.3fs total=%.3fs files=%zu analyzed=%zu keyed=%zu bytes=%llu files_per_s=%.0f "
		"mb_per_s=%.2f workers=%d worker_deaths=%u utilization=%.2f speedup=%.2f "
		"efficiency=%.2f cache_hit_rate=%.3f peak_rss_kb=%ld page_faults=%ld libgit2=%d\n",
		t->discovered - t->start, t->keyed - t->discovered, t->cached - t->keyed, analyze,
		t->reported - t->analyzed, total, r->list.nfiles, analyzed, keyed,
		(unsigned long long)bytes, total > 0 ? analyzed / total : 0,
		total > 0 ? bytes / total / 1048576.0 : 0, workers, es->deaths,
		workers ? speedup / workers : 0, speedup, workers ? speedup / workers : 0,
		hits + misses ? (double)hits / (double)(hits + misses) : 0, ru.ru_maxrss,
		ru.ru_minflt + ru.ru_majflt, gitlib_loaded());
	stats_pool(es, workers);
	stats_remote(m);
	for (int w = 0; w < workers && w < ENGINE_MAX_SLOTS; w++)
		fprintf(stderr, "assay-stats: worker=%d busy=%.3fs utilization=%.2f\n", w + 1,
			es->slot_busy[w], analyze > 0 ? es->slot_busy[w] / analyze : 0);
}
