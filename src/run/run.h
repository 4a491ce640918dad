/*
 * run.h - the supervisor's pipeline, and the only owner of its state.
 *
 * A run goes through stages, each in its own file, each keeping what it learns about a
 * file in its own array indexed like the file list:
 *
 *   discover  files/discover.c, then the configuration's selection (select.c): the file
 *             list (identity), discovery's verdicts and index keys, each file's limits
 *   key       git/keys.c: blob ids from the git index for the files discovery did not key
 *   lookup    lookup.c: answers from the cache before anything is read
 *   analyze   analyze.c: the engine (engine/engine.h) over the files still pending, with
 *             the run's loader (load.c) and the cache as its hooks
 *   report    report.c: the model, every report asked for (output.c), --stats, --trace,
 *             and the exit status (exitcode.c)
 *
 * A command (cmd/) starts a run with its parameters, adds its files (discovery, or the
 * changes of a git view) and drives the stages.
 */
#ifndef ASSAY_RUN_RUN_H
#define ASSAY_RUN_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/record.h"
#include "config/params.h"
#include "engine/engine.h"
#include "files/filelist.h"
#include "store/cache.h"

struct cache;
struct remote_run;
struct git_view;
struct git_attrs;
struct baseline;
struct shard_plan;

/* How a command learns that it is to stop: set (to the signal number) by main's handlers,
 * or to STOP_OUT_OF_MEMORY by the allocator (util/alloc.h), which also write a byte to
 * wake_fd so a poll() returns. */
struct run_signals {
	volatile sig_atomic_t *stop;
	int wake_fd;
};

/* A file's result: the run's, whatever produced it (a verdict, the cache, the engine). */
struct file_state {
	struct record rec;	/* the verdict or the analysis */
	uint8_t done;		/* rec is final */
	uint8_t cacheable;	/* rec came from (or was charged to) a worker: to store */
	uint8_t cache_asked;	/* the cache was asked already (a miss counts once) */
	uint8_t pruned;		/* rec keeps only the units over a limit (see settle.c) */
	uint8_t baseline_marked;	/* the baseline entries it matches were marked used
					   from its whole record, before pruning */
	uint8_t from_summary;	/* rec.units is a cache summary's subset, units_total their
				   number */
	uint8_t generated_refused;	/* --strict: a generated marker its base version lacks
					   (run/strict.h) */
	uint8_t generated_waived;	/* .gitattributes: linguist-generated=false, so the
					   markers do not apply */
	uint8_t keep_uncached;		/* measured only because of that waiver: its content
					   carries a marker, so a later run must not reuse it */
	uint32_t units_total;	/* the file's units, when pruned or from a summary */
	uint64_t cost_us;	/* worker time spent on it, as the supervisor saw it */
	uint64_t parse_us;	/* the worker's own measure of its analysis */
};

/* A changed file of precommit or diff: which version it is and how to order it. */
struct file_change {
	int side;		/* 0 the new version, 1 the old (or a merged branch's) */
	long partner;		/* the other version's index, or -1 */
	int merged;		/* side 1: a merged branch's version of the new version
				   partner, concluding a merge (git_change.merged_oid) */
	int deleted;		/* side 1, no partner: a deleted file's old version (its
				   functions may have moved to another changed file) */
	int priority;		/* dispatched first when higher: critical files */
	uint32_t changed_lines;	/* lines the change adds to it */
};

/* When each stage ended (now_seconds()), for --stats, --trace and --metrics-file. */
struct run_times {
	double start, discovered, keyed, cached, analyzed, reported;
};

/* A worker's result, stored in the cache only once that worker has ended well. */
struct held_result {
	uint64_t worker;
	size_t file;
	struct cache_row row;		/* the record as it came, packed */
};

struct run {
	const struct run_params *p;
	struct run_signals sig;
	struct file_list list;		/* identity, discovery's verdicts and keys */
	struct file_state *state;	/* one per file */
	struct thresholds **limits;	/* one per file: its own limits, or NULL for the run's */
	struct file_change *changes;	/* one per file in precommit and diff, else NULL */
	size_t cap;			/* of the arrays above */

	struct engine_stats engine;	/* what the engine did */
	int jobs;			/* worker processes asked for */
	struct cache *cache;		/* NULL without one */
	int64_t cache_written_ns;	/* when it was last written, taken as it opened (before
					 * this run wrote to it): run/lookup.h */
	char cache_note[600];		/* why there is no cache, or what went wrong with it */
	struct remote_run *remote;	/* the remote cache (run/remote.h), NULL without one */
	struct git_view *git;		/* precommit, diff, cache warm: files from git objects */
	struct git_attrs *attrs;	/* .gitattributes' linguist-generated and -vendored
					   (git/attrs.h), or NULL: none to read */
	struct baseline *baseline;	/* .assay-baseline, when one applies */
	struct baseline *baseline_refused;	/* --strict: the work tree's, whose acceptances
						   are listed as refused (run/strict.h) */
	int strict_gate;		/* --strict in precommit or diff: a base revision was
					   looked for */
	char strict_base[400];		/* its name ("HEAD", "merge base of ..."), "" none */
	char strict_why[448];		/* "not in the base revision (NAME)" */
	int prune;			/* keep only violating units (run/settle.h) */
	int empty_is_usage;		/* measuring nothing is a usage error (exit 2: a plain
					   run, a merge; run_measured_nothing) */
	uint32_t analyze_flags;		/* ANALYZE_* added to the run's (explain) */
	const char *gate_note;		/* precommit, diff: what was gated */
	int budget_on_deleted;		/* the budget left only deleted files' old versions
					   unmeasured (gate.c): no reported file's verdict lacks */
	char gate_from[600];
	char baseline_from[600];	/* precommit, diff: where .assay-baseline came from ("in
					   the index", "in main") */		/* diff A...B: " since the merge base of A and B (...)" */
	struct shard_plan *shard;	/* --shard: which files are this shard's (shard.h) */
	struct held_result *held;	/* results waiting for their worker to end well */
	size_t nheld, heldcap;
	struct run_times t;
	int progress;
	double progress_at;
	int gate_index_elsewhere;	/* precommit gated git's temporary index (commit -a, PATH) */
};

/* Starts a run of p. */
void run_init(struct run *r, const struct run_params *p, struct run_signals sig);
void run_free(struct run *r);

/* Room for the per-file arrays of every file the list holds (after discovery, or after
 * adding files by hand). */
void run_sync_files(struct run *r);
/* Keeps the files whose keep[i] is set (in order), freeing the others; r->changes' pairs
 * follow (a version whose partner goes loses it). */
void run_keep_files(struct run *r, const uint8_t *keep);
/* The limits of file i. */
const struct thresholds *run_limits(const struct run *r, size_t i);
/* Whether rec, a cached summary of file i, settles it: the baseline's entries of the file
 * match in it as in its whole record (baseline_summary_enough). */
int run_summary_enough(const struct run *r, size_t i, const struct record *rec);
/* File i's path relative to the repository root (into buf), or NULL when outside it (or
 * longer than buf). */
const char *run_repo_path(const struct run *r, size_t i, char *buf, size_t len);
/* The path file i is known by on every machine (shards, the remote cache's groups): from
 * the repository's root (in buf), else as shown. */
const char *run_stable_path(const struct run *r, size_t i, char *buf, size_t len);
/* File i is settled for cause (a verdict: skipped or failed), its detail copied. */
void run_verdict(struct run *r, size_t i, enum file_status status, enum cause cause,
		 const char *detail);

/* The changes of r->git (an open view) as the run's files: each new version and, unless
 * it is new, its old one (r->changes pairs them). 0, or an exit status after an error
 * message. */
int run_add_changes(struct run *r);
/* .assay-baseline at the repository root, when there is one, applies to the run (under
 * --strict it is only listed: run/strict.h). 0, or an exit status after an error message
 * (a baseline that cannot be read). */
int run_read_baseline(struct run *r);
/* Which baseline entries still stand for a function over the limits (baseline_use.c):
 * the entries of b that the run's measured files match are marked used, and the judge
 * says which files count (measured by the run, or gone from the work tree) for
 * baseline_unused and baseline_write_pruned (store/baseline.h). */
struct baseline_judge {
	const char *root;
	int whole;		/* the run measured the whole repository: a gone file's
				   entries count (their function may have moved) */
	char **paths;		/* measured, from the repository root, sorted */
	size_t n;
};
void run_baseline_judge(const struct run *r, struct baseline *b, struct baseline_judge *j);
/* Marks the entries of the run's baseline that file i matches, from its whole record
 * (settle.c, before it is pruned: matching needs every unit), when the file counts. */
void run_baseline_mark(struct run *r, size_t i);
int run_baseline_judged(void *ctx, const char *path);
void run_baseline_judge_free(struct baseline_judge *j);
/* Once every file is settled: the units over a limit with no entry of their own take,
 * in path order, the entries whose function left a file still there (moved to another
 * file): baseline_accept_moved; under --strict they are refused (unit.refused_baselined).
 * Plain runs and merges (a gate follows moves itself). */
void run_baseline_moved(struct run *r);
/* The same for a gate of every function of the changed files (--all), once only the new
 * versions are left; under --strict the change's own baseline's are refused. */
void run_baseline_gate_moved(struct run *r);
/* The same for baseline write, over the old baseline: its entries marked used (--prune)
 * and taken (baseline_moved_taken). */
void run_baseline_old_moved(struct run *r, struct baseline *old);
/* The baseline's entries that match no function over the limits any more, among the
 * files the run measured (or that are gone), as one warning (baseline.unused). */
void run_report_unused_entries(struct run *r);

/* Discovery of paths (none: the current directory) and the configuration's selection;
 * 0 or an exit status after an error message. */
int run_discover(struct run *r, const char *const *paths, size_t npaths);
/* The verdicts in the file list (discovery's, the configuration's) become the files'
 * results. */
void run_take_verdicts(struct run *r);
/* Keys, the cache and the engine over every pending file; 0, -1 when no engine could run
 * at all, or an exit status (> 0) when nothing could start. */
int run_analyze(struct run *r);
/* The model, every report, --stats and --trace; the exit status (engine_rc is what
 * run_analyze returned). */
int run_report(struct run *r, int engine_rc);
/* Whether the paths or languages the command line named held nothing assay measured (every
 * file skipped, or none; a shard's own part may be empty, the merge of them may not): a
 * gate that measured nothing did not pass. Says so. */
int run_measured_nothing(const struct run *r);

/* The engine's parameters for a run of p, extra ANALYZE_* flags added, the worker found
 * (next to this program, else in libexecdir); -1 after an error message when there is
 * none. The caller frees ep->worker_path. */
/* The analysis flags each language adds to the run's (ANALYZE_UNITS_*: --units, [units]). */
void run_lang_flags(const struct run_params *p, uint32_t out[LANG_COUNT]);
int run_engine_params(const struct run_params *p, uint32_t flags, struct engine_params *ep);

#endif
