/*
 * engine.c - what both engines share (see engine.h): defaults, verdicts, the decoding
 * of an answer, trace spans.
 */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "engine/engine_impl.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/testpoint.h"

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
	p->recycle_files = 500;
	p->recycle_bytes = 256u << 20;
	p->max_file = 8u << 20;
	p->retries = 1;
	/* tree-sitter needs roughly 30-100x the source size; leave room for the grammar. */
	p->memory_limit = (512ull << 20) + 100ull * (8u << 20);
}

void engine_stats_free(struct engine_stats *stats)
{
	free(stats->spans);
	stats->spans = NULL;
	stats->nspans = stats->spans_cap = 0;
}

double engine_file_timeout(const struct engine_params *p, uint64_t size)
{
	return p->timeout_base + p->timeout_per_mb * (double)size / (1024.0 * 1024.0);
}

double engine_timeout_of(double timeout, uint64_t size)
{
	struct engine_params p;
	memset(&p, 0, sizeof(p));
	p.timeout_base = timeout;
	p.timeout_per_mb = timeout;
	return engine_file_timeout(&p, size);
}

uint32_t engine_cpu_limit(const struct engine_params *p)
{
	/* A worker holds at most batch_files files, their bytes at most batch_bytes and one
	 * file more (pool_feed.c; the fallback's batches have no byte cap, but cpu_room
	 * checks every file sent against the limit): room for the sum of their timeouts. */
	double held = p->batch_files * p->timeout_base
		      + engine_file_timeout(p, p->batch_bytes + p->max_file) - p->timeout_base;
	double limit = CPU_RECYCLE_SECONDS + held + 60.0;
	limit = testpoint_value("engine.cpu_limit", limit);
	/* Under a hard limit of the user's (ulimit -t), which the worker cannot raise: its
	 * soft limit 5 s below it, and the pool recycles against that. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_CPU, &rl) == 0 && rl.rlim_max != RLIM_INFINITY
	    && limit + 5 > (double)rl.rlim_max)
		limit = rl.rlim_max > 6 ? (double)rl.rlim_max - 5 : 1;
	return limit < 1 ? 1 : limit > 4e9 ? 4000000000u : (uint32_t)limit;
}

void engine_verdict(struct engine_result *r, enum lang_id lang, const struct cause_note *why)
{
	memset(r, 0, sizeof(*r));
	r->rec.status = FILE_FAILED;
	r->rec.lang = (uint8_t)lang;
	r->rec.cause = (uint8_t)why->cause;
	r->rec.detail = why->detail[0] ? xstrdup(why->detail) : NULL;
}

/* ERROR: the file could not be analyzed; its cause is kept in the detail. */
static int take_error(const struct engine_job *job, const struct proto_frame *fr,
		      struct engine_result *r)
{
	struct proto_error e;
	if (proto_decode_error(fr, &e) < 0)
		return -1;
	struct cause_note why = { CAUSE_WORKER_ERROR, "" };
	cause_text((enum cause)e.cause, e.detail, why.detail, sizeof(why.detail));
	free(e.detail);
	engine_verdict(r, job->lang, &why);
	return 0;
}

/* RESULT: the record (decoded as hostile input) of the file. */
static int take_result(const struct engine_job *job, const struct proto_frame *fr,
		       struct engine_result *r)
{
	struct proto_result res;
	memset(r, 0, sizeof(*r));
	if (proto_decode_result(fr, &res) < 0
	    || record_decode(res.record, res.record_len, &r->rec) < 0)
		return -1;
	if (r->rec.lang != job->lang) {
		record_clear(&r->rec);
		return -1;
	}
	r->parse_us = res.elapsed_ns / 1000;
	return 0;
}

int engine_take_answer(const struct engine_job *job, const struct proto_frame *fr,
		       struct engine_result *r)
{
	if (fr->type == PROTO_ERROR)
		return take_error(job, fr, r);
	return fr->type == PROTO_RESULT ? take_result(job, fr, r) : -1;
}

void engine_add_span(const struct engine_params *p, struct engine_stats *stats, int worker,
		     double start, size_t file, uint64_t parse_us)
{
	if (!p->trace)
		return;
	xgrow((void **)&stats->spans, &stats->spans_cap, stats->nspans + 1,
	      sizeof(*stats->spans));
	stats->spans[stats->nspans++] = (struct engine_span){ worker, start, now_seconds(), file,
							       parse_us, 0, 0 };
}
