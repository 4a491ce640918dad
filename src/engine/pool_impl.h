/*
 * pool_impl.h - the worker pool's state, shared by its three parts (not for use outside
 * engine/pool*.c; the interface is engine/engine.h):
 *
 *   pool.c         the loop: starting workers, poll(), deadlines, the time budget, memory
 *   pool_feed.c    which file goes to which worker: the queues, batches, work stealing
 *   pool_answer.c  what comes back: answers, deaths, retries, the line-count fallback
 */
#ifndef ASSAY_ENGINE_POOL_IMPL_H
#define ASSAY_ENGINE_POOL_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "engine/proc.h"

#define MAX_SPAWN_FAILURES 3	/* starts failed in a row before the pool gives up */

/* An in-flight entry of a worker whose file was withdrawn from it (handed to another
 * worker): the worker still answers it, WITHDRAWN or (when it had started it) a result. */
#define INFLIGHT_WITHDRAWN ((size_t)1 << (sizeof(size_t) * 8 - 1))

struct worker {
	struct proc proc;
	size_t *inflight;		/* job indices (| INFLIGHT_WITHDRAWN), oldest first */
	size_t head, count, cap;
	size_t withdrawn;		/* entries of inflight marked withdrawn */
	uint64_t inflight_bytes;
	double head_since;		/* when the head file became the one worked on */
	double busy_since;
	int hello;
	int early;			/* started before the first file was read (start_early) */
	int solo;			/* working on a retried file alone */
	int retiring;			/* gets no more work; closed when idle */
	int killed_for_timeout;
	size_t timeout_job;		/* the head when it was killed for its deadline */
	double busy_total;		/* seconds with work in flight over its life, but for
					 * the stretch since busy_since: its CPU time at most */
	double held_timeouts;		/* the timeouts of the files it holds, summed */
	unsigned files_sent;
	uint64_t bytes_sent;
	uint64_t generation;		/* random, never 0: tags its results (engine_result) */
};

/* A job's bytes as loaded, kept while the job may still be sent again (stolen, requeued
 * after a death, retried, or counted in the fallback): a file is read once per run, so
 * what a worker analyzes is always what the cache keys. */
struct job_bytes {
	uint8_t *data;
	size_t len;
	int loaded;
};

/* What the pool knows of a job beyond its place in a queue or a worker. */
struct job_state {
	uint8_t done;			/* its result went to the result hook */
	uint8_t attempts;		/* deaths charged to it */
	uint8_t fallback;		/* sent for line counts only */
	double not_before;		/* a retry waits until then (--retry-delay) */
	struct cause_note *why;		/* the cause of a fallback; NULL otherwise */
};

/* A queue of job indices. A job is in at most one queue or worker at a time, so room for
 * every job (and the canary) is enough: pushing at the back compacts first. */
struct jobq {
	size_t *a;
	size_t head, len, cap;
};

struct pool {
	const struct engine_params *opt;
	const struct engine_hooks *hooks;
	struct engine_job *jobs;	/* total + 1: the last is the canary (pool_answer.c) */
	struct engine_stats *stats;
	struct worker *workers;
	int nworkers;
	int max_active;			/* workers allowed at once (shrinks under memory pressure) */
	struct jobq queue;		/* pending jobs, largest first */
	struct jobq retry;		/* suspects to run alone, and the canary */
	struct jobq fallback;		/* files to count the lines of only */
	struct job_state *state;
	struct job_bytes *bytes;
	size_t total;			/* jobs queued at the start */
	int devnull;
	int spawn_failures;
	unsigned deaths_in_row;		/* files that killed a worker since one was answered */
	int canary_passed;
	int broken;			/* the canary died too: workers die on every file */
	double memory_checked;		/* when memory was last looked at (pool.c) */
	uint32_t cpu_limit;		/* a worker's RLIMIT_CPU (engine_cpu_limit) */
	struct wbuf file_bytes;
};

/* pool_feed.c */
void jobq_init(struct jobq *q, size_t cap);
void jobq_push_back(struct jobq *q, size_t idx);
void jobq_push_front(struct jobq *q, size_t idx);
int jobq_pop(struct jobq *q, size_t *out);
size_t jobq_peek(const struct jobq *q);
size_t inflight_job(size_t entry);
size_t worker_head(const struct worker *w);
int alive(const struct worker *w);
int work_left(const struct pool *p);
/* The job's bytes for a worker: loaded once (the load hook), then kept. 0 when the caller
 * settled the job instead. */
int job_load(struct pool *p, size_t idx);
void job_bytes_free(struct pool *p, size_t idx);
/* Loads queued jobs until one needs a worker (at most 256 a call, so signals are seen):
 * those the load hook settles (a cache hit once read, a verdict) leave the queue without
 * a worker ever being started for them. */
void queue_prime(struct pool *p);
/* Files workers hold but have not started, which an idle worker may steal. */
size_t pool_unstarted(const struct pool *p);
/* Tops a worker up: a retry alone (a fresh worker only), else queued files, else files
 * stolen from a busy worker that has not started them. A worker that gets nothing though
 * work is left (its CPU time is spent for queued files or for those it would steal, or a
 * retry waits for a fresh worker) retires. */
void worker_fill(struct pool *p, struct worker *w);
/* The engine's own verdict on a job (it failed for why): to the result hook. */
void fail_job(struct pool *p, size_t idx, const struct cause_note *why, int from_worker);
void add_busy(struct pool *p, struct worker *w, double seconds);
void add_span(struct pool *p, const struct worker *w, double start, size_t job,
	      uint64_t parse_us);
/* The span of w's life, as it ends. */
void add_life_span(struct pool *p, const struct worker *w);

/* pool_answer.c */
/* Reads and handles what the worker sent: PROC_READ_MORE while it may send more. */
enum proc_read worker_read(struct pool *p, struct worker *w);
/* A worker is gone (or broke the protocol): charge its head file, requeue the rest. */
void worker_died(struct pool *p, struct worker *w, int protocol_error, int ended_by_us);
/* The end of a generation, for the result hook's holder. */
void end_generation(struct pool *p, struct worker *w, int trusted);
void worker_release(struct worker *w);

#endif
