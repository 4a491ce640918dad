/*
 * pool.h - the worker pool: fork+exec'd, sandboxed workers fed over pipes.
 *
 * pool_run takes the discovered file list, reads each pending file through fsguard just
 * before it is sent (so memory holds only what is in flight), hands files out pull-style
 * (largest first, small files grouped up to a byte budget per worker), and collects one
 * result per file. A worker that dies or overruns a file's deadline costs only that file:
 * its other in-flight files go back to the queue, the file it was working on is retried
 * once alone in a fresh worker (crashes), then recorded as failed with the cause (timeout,
 * crashed with SIGNAL, sandbox violation, out of memory).
 */
#ifndef ASSAY_POOL_H
#define ASSAY_POOL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox/sandbox.h"
#include "files/discover.h"

struct pool_options {
	int jobs;			/* workers at once */
	enum sandbox_mode mode;
	uint32_t analyze_flags;		/* ANALYZE_* */
	double timeout_base;		/* seconds a file may take ... */
	double timeout_per_mb;		/* ... plus this per MiB */
	uint64_t max_size;		/* files larger are skipped (fsguard re-checks) */
	uint64_t memory_limit;		/* RLIMIT_AS of a worker; 0 for none */
	size_t batch_bytes;		/* bytes in flight per worker */
	size_t batch_files;		/* files in flight per worker */
	unsigned recycle_files;		/* a worker is replaced after this many files ... */
	uint64_t recycle_bytes;		/* ... or this many bytes */
	const char *worker_path;
	/* Called once per file as its result is final (cache hook); may be NULL. */
	void (*on_result)(void *ctx, struct file_entry *f);
	/* Called when a file's bytes are read, before it is sent; returns 1 when it settled
	 * the file itself (a cache hit), which is then not sent. May be NULL. */
	int (*on_loaded)(void *ctx, struct file_entry *f, const uint8_t *data, size_t len);
	/* Reads a pending file's bytes instead of discover_load (files from git objects);
	 * returns 1 when they are to be analyzed, 0 when f got a verdict. May be NULL. */
	int (*load)(void *ctx, struct file_entry *f, struct wbuf *bytes);
	/* Stop sending new files at this time (now_seconds()); 0 for none. */
	double deadline;
	/* Called as work progresses (files settled of those queued); may be NULL. */
	void (*on_progress)(void *ctx, size_t done, size_t total);
	int trace;			/* record spans for --trace */
	void *ctx;
};

/* A span of a worker's time for --trace: a file (file != SIZE_MAX) or the worker's life. */
struct pool_span {
	int worker;			/* slot, 0-based */
	double start, end;		/* now_seconds() */
	size_t file;			/* index into the file list, or SIZE_MAX for a lifetime */
	uint64_t parse_us;		/* the worker's own measure (files) */
};

#define POOL_MAX_SLOTS 256	/* -j's maximum */

struct pool_stats {
	enum sandbox_level level;	/* the lowest level a worker reported */
	char detail[200];		/* what that worker said about its sandbox */
	int got_level;			/* at least one worker said HELLO */
	unsigned started, deaths, timeouts, crashes, violations;
	unsigned analyzed;		/* files a worker answered */
	double busy_seconds;		/* sum over workers of time with work in flight */
	double slot_busy[POOL_MAX_SLOTS];	/* the same per worker slot */
	int slots;			/* worker slots the pool had */
	int interrupted;		/* the signal that stopped the run, or 0 */
	int unavailable;		/* no worker could run (strict sandbox missing, exec) */
	int inprocess;			/* the files were analyzed in the supervisor instead */
	int budget_exceeded;		/* the time budget left files unsent */
	char why_unavailable[256];
	struct pool_span *spans;	/* with opt.trace; freed by pool_stats_free */
	size_t nspans, spans_cap;
};

void pool_stats_free(struct pool_stats *stats);

/* Sets defaults for everything but worker_path. */
void pool_options_default(struct pool_options *opt);
/* Runs every pending file of list. stop is set (to the signal number) by the caller's
 * signal handler, which also writes a byte to wake_fd so poll() returns. Returns 0, or
 * -1 when the pool could not work at all (stats.why_unavailable says why); files not
 * measured are then left pending (done == 0). */
int pool_run(const struct pool_options *opt, struct file_list *list, struct pool_stats *stats,
	     volatile sig_atomic_t *stop, int wake_fd);
/* Starts one worker and waits for its HELLO: the sandbox level this machine gives.
 * Returns 0, or -1 with stats.why_unavailable. */
int pool_probe(const struct pool_options *opt, struct pool_stats *stats);
/* Finds assay-worker next to the running executable, else in libexecdir. Never through
 * PATH or the environment. Returns a new string or NULL. */
char *pool_find_worker(const char *libexecdir);

#endif
