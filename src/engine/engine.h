/*
 * engine.h - pending files in, records out: ONE interface with two implementations.
 *
 *   pool       (engine/pool.c) sandboxed worker processes fed over pipes: the engine
 *   inprocess  (engine/inprocess.c) the same analysis in the supervisor, without any
 *              sandbox, only when no worker can start and --allow-unsandboxed says so
 *
 * The caller hands over jobs and hooks. The engine never reads a file, the cache or git:
 * it asks the load hook for each job's bytes (the run's loader reads the tree or a git
 * object, and may settle the file itself: a verdict, a cache hit), and hands every result
 * it has to the result hook. Both implementations call the same hooks in the same way, so
 * what is analyzed never depends on which engine ran (the in-process fallback once read
 * the work tree where the gate asked for staged blobs).
 */
#ifndef ASSAY_ENGINE_ENGINE_H
#define ASSAY_ENGINE_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/languages.h"
#include "common/record.h"
#include "sandbox/sandbox.h"

/* One file to analyze. */
struct engine_job {
	size_t file;			/* the caller's index, handed back to the hooks */
	enum lang_id lang;		/* LANG_NONE until its content says (load sets it) */
	uint64_t size;			/* for ordering and deadlines (load updates it) */
	int priority;			/* higher first (precommit: critical files) */
	uint32_t changed_lines;		/* more first, within a priority */
	const char *path;		/* for events */
	int likely_miss;		/* the cache will most likely not answer it (none, or
					 * it missed already, or git says it changed): the
					 * pool starts workers before reading it */
};

/* What load did with a job. */
enum engine_load {
	ENGINE_SEND,			/* the bytes are read: analyze them */
	ENGINE_SETTLED,			/* the caller settled the file (verdict, cache hit) */
};

/* A file's result from the engine: an analysis, or the engine's verdict on it (failed:
 * timeout, crashed, sandbox violation, out of memory, invalid reply). */
struct engine_result {
	struct record rec;		/* the caller takes it over */
	int from_worker;		/* a worker answered, or died on it: cacheable */
	uint64_t cost_us;		/* how long the file held a worker */
	uint64_t parse_us;		/* the worker's own measure of its analysis */
	uint64_t worker;		/* the generation of the worker that answered: its
					 * results are only trusted once it ends well
					 * (worker_end); 0 for the supervisor's own verdicts
					 * and the in-process engine */
};

struct engine_hooks {
	/* Reads the job's bytes into bytes (replacing what they held), setting job->lang
	 * when the content decides it and job->size to the bytes' length. */
	enum engine_load (*load)(void *ctx, struct engine_job *job, struct wbuf *bytes);
	/* Once per job that load did not settle. */
	void (*result)(void *ctx, const struct engine_job *job, struct engine_result *r);
	/* Jobs finished of all (may be NULL). */
	void (*progress)(void *ctx, size_t done, size_t total);
	/* A worker generation is gone: trusted when it ended as asked (end of input, recycled,
	 * or stopped by us), not when it crashed, hung, broke the protocol or was killed by
	 * the sandbox; a parser exploit through one file could have forged the results it
	 * gave before (may be NULL). */
	void (*worker_end)(void *ctx, uint64_t worker, int trusted);
	void *ctx;
};

struct engine_params {
	int jobs;			/* workers at once */
	enum sandbox_mode mode;
	uint32_t analyze_flags;		/* ANALYZE_* */
	uint32_t lang_flags[LANG_COUNT];	/* ANALYZE_* added for one language (--units) */
	double timeout_base;		/* seconds a file may take ... */
	double timeout_per_mb;		/* ... plus this per MiB */
	uint64_t memory_limit;		/* a worker's RLIMIT_AS cap; 0 for none */
	uint64_t memory_total;		/* --memory: supervisor and workers together; 0 none */
	unsigned retries;		/* times a file that killed a worker is retried alone */
	double retry_delay;		/* seconds before the first retry, doubled per retry */
	size_t batch_bytes;		/* bytes in flight per worker */
	size_t batch_files;		/* files in flight per worker */
	unsigned recycle_files;		/* a worker is replaced after this many files ... */
	uint64_t recycle_bytes;		/* ... or this many bytes, or when its CPU time
					 * limit (engine_cpu_limit) could not cover the next
					 * file's timeout */
	uint64_t max_file;		/* the largest file a job may be (--max-size) */
	const char *worker_path;
	const char *libexecdir;		/* where else the worker and the analysis core are
					 * looked for (engine/analyzer_lib.h) */
	double deadline;		/* the time budget: at this now_seconds() the run ends,
					 * files unanswered stay pending (killed in a worker);
					 * 0 none */
	int trace;			/* record spans for --trace */
};

/* A span of a worker's time for --trace: a file (file != SIZE_MAX) or the worker's life. */
struct engine_span {
	int worker;			/* slot, 0-based */
	double start, end;		/* now_seconds() */
	size_t file;			/* the caller's index, or SIZE_MAX for a lifetime */
	uint64_t parse_us;		/* the worker's own measure (files) */
	int late;			/* another worker answered this file first (it was
					 * stolen after this one had started it) */
	int early;			/* a lifetime: the worker started before the first
					 * file was read (its likely miss) */
};

#define ENGINE_MAX_SLOTS 256	/* -j's maximum */

struct engine_stats {
	enum sandbox_level level;	/* the lowest level a worker reported */
	char detail[200];		/* what that worker said about its sandbox */
	int got_level;			/* at least one worker said HELLO */
	unsigned started, deaths, timeouts, crashes, violations;
	unsigned analyzed;		/* files a worker answered */
	unsigned stolen;		/* files moved from a busy worker to an idle one */
	unsigned fallbacks;		/* files sent for line counts after a death */
	int max_active;			/* workers allowed at once at the end (memory) */
	unsigned shed;			/* workers retired under memory pressure */
	char memory_note[160];		/* why fewer workers ran than asked, or "" */
	double busy_seconds;		/* sum over workers of time with work in flight */
	double slot_busy[ENGINE_MAX_SLOTS];	/* the same per worker slot */
	int slots;			/* worker slots the pool had */
	int interrupted;		/* the signal that stopped the run, or 0 */
	int unavailable;		/* no worker could run (strict sandbox missing, exec) */
	int inprocess;			/* the files were analyzed in the supervisor instead */
	int budget_exceeded;		/* the time budget left files unanswered */
	char why_unavailable[256];
	struct engine_span *spans;	/* with params.trace; freed by engine_stats_free */
	size_t nspans, spans_cap;
};

/* One implementation of the interface. */
struct engine {
	const char *name;
	/* Runs every job (reordering jobs as it likes). stop is set (to the signal number)
	 * by the caller's signal handler, which also writes a byte to wake_fd. Returns 0, or
	 * -1 when nothing could run (stats.why_unavailable says why); the jobs left are then
	 * those the result hook never saw. */
	int (*run)(const struct engine_params *p, struct engine_job *jobs, size_t njobs,
		   const struct engine_hooks *h, struct engine_stats *stats,
		   volatile sig_atomic_t *stop, int wake_fd);
};

extern const struct engine engine_pool, engine_inprocess;

/* Defaults for everything but worker_path. */
void engine_params_default(struct engine_params *p);
/* Seconds a file of size bytes may take: timeout_base, plus timeout_per_mb per MiB. */
double engine_file_timeout(const struct engine_params *p, uint64_t size);
/* The same under --timeout=timeout, which sets both (run_engine_params). */
double engine_timeout_of(double timeout, uint64_t size);
void engine_stats_free(struct engine_stats *stats);
/* Starts one worker and waits for its HELLO: the sandbox level this machine gives.
 * Returns 0, or -1 with stats.why_unavailable. */
int engine_probe(const struct engine_params *p, struct engine_stats *stats);

#endif
