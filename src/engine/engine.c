/*
 * engine.c - what both engines share (see engine.h): defaults, verdicts, trace spans.
 */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine_impl.h"
#include "util/alloc.h"
#include "util/clock.h"

void engine_params_default(struct engine_params *p)
{
	memset(p, 0, sizeof(*p));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	p->jobs = cpus > 0 ? (int)cpus : 1;
	p->mode = SANDBOX_MODE_AUTO;
	p->timeout_base = 10.0;
	p->timeout_per_mb = 10.0;
	p->batch_bytes = 1u << 20;
	p->batch_files = 32;
	p->recycle_files = 5000;
	p->recycle_bytes = 256u << 20;
	/* tree-sitter needs roughly 30-100x the source size; leave room for the grammar. */
	p->memory_limit = (512ull << 20) + 100ull * (8u << 20);
}

void engine_stats_free(struct engine_stats *stats)
{
	free(stats->spans);
	stats->spans = NULL;
	stats->nspans = stats->spans_cap = 0;
}

void engine_verdict(struct engine_result *r, enum lang_id lang, const struct cause_note *why)
{
	memset(r, 0, sizeof(*r));
	r->rec.status = FILE_FAILED;
	r->rec.lang = (uint8_t)lang;
	r->rec.cause = (uint8_t)why->cause;
	r->rec.detail = why->detail[0] ? xstrdup(why->detail) : NULL;
}

void engine_add_span(const struct engine_params *p, struct engine_stats *stats, int worker,
		     double start, size_t file, uint64_t parse_us)
{
	if (!p->trace)
		return;
	xgrow((void **)&stats->spans, &stats->spans_cap, stats->nspans + 1,
	      sizeof(*stats->spans));
	stats->spans[stats->nspans++] = (struct engine_span){ worker, start, now_seconds(), file,
							       parse_us };
}
