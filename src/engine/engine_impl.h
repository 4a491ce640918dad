/*
 * engine_impl.h - what the two engines share (engine/engine.c): not for use outside
 * engine/; the interface is engine/engine.h.
 */
#ifndef ASSAY_ENGINE_IMPL_H
#define ASSAY_ENGINE_IMPL_H

#include "common/proto.h"
#include "engine/engine.h"

#define HELLO_TIMEOUT 10.0	/* seconds a new worker has to say HELLO */
#define HELLO_TIMEOUT_TEXT "10 s"	/* the same, for messages */

/* A worker's CPU time limit (RLIMIT_CPU), seconds over its whole life: about
 * CPU_RECYCLE_SECONDS of work, then room for the timeouts of the most it may hold at
 * once. The pool replaces a worker before the limit could cut a file short of its own
 * timeout (pool_feed.c), so the limit only stops a worker whose supervisor did not, or a
 * file slower than a user's hard CPU limit (ulimit -t), which the limit is kept 5 s
 * under. The test build lowers it (testpoint value "engine.cpu_limit"). */
uint32_t engine_cpu_limit(const struct engine_params *p);
#define CPU_RECYCLE_SECONDS 300.0
#define CPU_SPARE_SECONDS 1.0	/* kept off the limit: the start, the gaps between files */
/* r as the engine's verdict on a file of language lang: failed, for why. */
void engine_verdict(struct engine_result *r, enum lang_id lang, const struct cause_note *why);
/* The answer frame fr (RESULT or ERROR, decoded as hostile input) for job, into r.
 * Returns 0, or -1 when it is malformed, of another type, or a record of another
 * language. */
int engine_take_answer(const struct engine_job *job, const struct proto_frame *fr,
		       struct engine_result *r);
/* Records a span of worker's time for --trace (when p->trace): a file (the caller's
 * index) or, with file SIZE_MAX, the worker's life. */
void engine_add_span(const struct engine_params *p, struct engine_stats *stats, int worker,
		     double start, size_t file, uint64_t parse_us);

/* What a worker's death (its wait status; killed_for_timeout when the pool killed it
 * past its deadline) says about the file it was on: its cause, counted in stats; *retry
 * when the file deserves a second try alone. */
void engine_describe_death(int status, int killed_for_timeout, struct cause_note *why,
			   struct engine_stats *stats, int *retry);
/* The event a file a worker died on is: a sandbox violation is an error the user is told
 * at once, whatever the report format; crashes, timeouts and running out of memory are
 * warnings (final: no retry follows). */
void engine_death_event(const struct engine_job *job, const struct cause_note *why, int final);
/* Why a worker that never said HELLO did not start, into stats->why_unavailable;
 * stopped_by_us says why assay ended it (NULL: it ended on its own). */
void engine_start_failure(const struct engine_params *p, struct engine_stats *stats, int status,
			  const char *stopped_by_us);

#endif
