/*
 * model.h - what every report reads: the files with their results, and the run's
 * aggregate (files by status, units, violations, worst offenders, sandbox, cache, time).
 *
 * The model sees common/ only: the run (run/report.c) fills it from its own state, the
 * engine's counters and the cache's, so a writer never reaches into the pool, the cache
 * or the file list.
 */
#ifndef ASSAY_REPORT_MODEL_H
#define ASSAY_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/languages.h"
#include "common/metrics.h"
#include "common/record.h"
#include "sandbox/sandbox.h"

/* One file as the reports show it. */
struct report_file {
	const char *path;		/* as shown */
	enum lang_id lang;
	uint64_t size;
	int done;			/* rec is final; else the file was never reached */
	const struct record *rec;	/* its result (cleared while not done) */
	const struct thresholds *limits;	/* the limits that apply to it */
	size_t units;			/* the units it has, even when rec keeps only the
					   violating ones (see run/settle.h) */
	int generated_refused;		/* --strict refused its generated marker (analyzed) */
	const char *repo_path;		/* relative to the repository's work tree; NULL when
					   outside one */
	/* The increments of its units among the run's worst (REPORT_INCREMENTS), their
	 * unit fields indexes into rec->units; NULL when none was recorded. */
	const struct increment *increments;
	size_t nincrements;
};

/* Which repository and revision the run measured (strings "" when unknown). */
struct model_identity {
	const char *project;		/* --project, else the repository's name */
	const char *root;		/* the work tree, absolute, ending in '/' */
	const char *commit;		/* HEAD's commit id */
	const char *branch;
	const char *uri;		/* origin's URL, without credentials */
	const char *date;		/* HEAD's commit date, "YYYY-MM-DD HH:MM UTC" */
};

/* What the engine did, as the reports say it. */
struct model_engine {
	enum sandbox_level level;	/* the lowest level a worker reported */
	char detail[200];		/* what that worker said about its sandbox */
	int got_level;			/* a worker said HELLO */
	int inprocess;			/* analyzed in the supervisor (--allow-unsandboxed) */
	int unavailable;		/* no worker could run */
	char why_unavailable[256];
	unsigned started, crashes, timeouts, violations;
	char memory_note[160];		/* fewer workers ran than asked, and why; or "" */
};

/* What the cache did this run. */
struct model_cache {
	uint64_t hits[LANG_COUNT];
	uint64_t misses[LANG_COUNT];
	uint64_t saved_us;		/* worker time the hits would have cost */
};

/* What the remote cache did this run (run/remote.h). */
struct model_remote {
	uint64_t hits, misses, rejected, errors, stored, bytes_in, bytes_out;
	double seconds;
	uint64_t packs_asked, packs_found, packs_stored;
};

/* A violator, for the worst-offenders list. */
struct offender {
	const struct report_file *file;
	const struct unit *unit;
	uint32_t violations;
};

#define MAX_OFFENDERS 5

/* A setting of the repository's .assay that --strict ignored (config/tighten.h). */
struct model_setting {
	const char *key;		/* "threshold.ccn", "exclude.path", ... */
	const char *value;		/* untrusted: escape it on the way out */
	int line;			/* in the repository's .assay */
	const char *why;		/* "raises the limit", ... */
};

/* What --strict did (run/strict.h); run_model.strict is NULL without it. The excuses it
 * applied or refused are on the units (suppressed, baselined, refused_suppressed,
 * refused_baselined) and the files (generated_refused): report/strict.h lists them all. */
struct model_strict {
	const char *base;		/* the revision excuses were checked in; NULL: none */
	const char *refused_why;	/* why a refused excuse was refused */
	const char *assay_file;		/* the repository's .assay as the reports' paths are
					   shown (from the current folder); NULL: ".assay" */
	const struct model_setting *ignored;
	size_t nignored;
};

/* Phases of a run, timed for --stats, --metrics-file and --trace. */
enum phase { PHASE_DISCOVER, PHASE_KEY, PHASE_CACHE, PHASE_ANALYZE, PHASE_REPORT, PHASE_COUNT };

const char *phase_name(enum phase p);

/* A shard's part of a run (run/shard.h): in its JSON report, with its files' records. */
struct model_shard {
	unsigned index, total;
	size_t files;			/* shared out between all the shards */
	const char *files_digest, *config_digest;
	const char *const *paths;	/* the paths the run was given, npaths of them */
	size_t npaths;
	const uint32_t *bin;		/* per file of the model: its shard, 0 none */
	const char *command;		/* "analyze", "diff", "precommit" */
	/* Per file of the model, SHARD_KEY bytes: 1 when the git blob id of the content
	 * measured is known, then that id (a merge checks its checkout against it). */
	const uint8_t *keys;
};
#define SHARD_KEY 21

struct run_model {
	const struct report_file *files;
	size_t nfiles;
	const struct thresholds *thresholds;	/* the run's (a file's own may differ) */
	const struct model_engine *engine;
	enum sandbox_mode sandbox_mode;
	const char *sandbox_from;	/* what set it: "--sandbox=off", "FILE:LINE" (the
					   user's file), "this build's default"; NULL: unknown */
	int jobs;
	double seconds;
	double phase_seconds[PHASE_COUNT];	/* PHASE_REPORT is 0 while reports are written */
	int interrupted;		/* signal number, or 0 */
	int out_of_memory;		/* the supervisor ran out of memory and stopped */
	int exit_code;			/* what the run exits with (reports state it) */
	int sort_metric;		/* -s: violators largest first by this metric; -1 none */
	const char *gate_note;		/* precommit/diff: what was gated, or NULL */
	const char *root_prefix;	/* what names the repository root from the current
					   folder in a command to paste: "", "../", or the root
					   absolute with '/' */
	const char *baseline_from;	/* precommit/diff: where the baseline was read ("in the
					   index"), NULL: the work tree's */
	const struct model_cache *cache;	/* NULL when the run had no cache */
	const struct model_remote *remote;	/* NULL without --remote-cache */
	const struct model_strict *strict;	/* NULL unless --strict */
	int fails_incomplete, fails_skipped;	/* --fail-on=incomplete, skipped */
	int gate_blocks;			/* a gate's --on-error=block (fails_incomplete) */
	int gate_all;				/* a gate of every function (--all) */
	int gate_index_elsewhere;		/* precommit gated an index that is not the
						   repository's own: no --staged in its hints */
	const char *cache_note;		/* why not ("off (--no-cache)") */
	struct model_identity identity;
	const char *source_url;		/* --source-url: links to the code (HTML), or NULL */
	const char *run_id;		/* this run's (util/runid.h): run-specific, like the
					   durations */
	const struct model_shard *shard;	/* --shard, else NULL */

	size_t by_status[FILE_STATUS_COUNT];
	size_t not_source;		/* of the skipped: no language assay reads */
	size_t skipped_by_cause[CAUSE_COUNT];	/* the other skipped files, by cause */
	size_t pending;			/* never measured (interrupted) */
	size_t sandbox_violations;	/* failed as sandbox violations: in this run, or a
					   verdict the cache kept from an earlier one */
	size_t units;
	size_t units_by_lang[LANG_COUNT];
	size_t files_by_lang[LANG_COUNT];
	size_t violating_units;
	size_t violations;
	size_t by_metric[MET_COUNT];
	size_t suppressed_units;	/* units with suppressed violations */
	size_t suppressed;		/* suppressed violations */
	size_t baselined;		/* violations the baseline accepts */
	size_t not_worse;		/* violations --gate=worse lets pass (no worse than in
					   the base) */
	struct offender worst[MAX_OFFENDERS];
	size_t nworst;

	/* radon's ranks and xenon's limits (report/ranks.h). */
	char rank_max[RANK_LIMITS];	/* 'A'..'F', 0 none; in a gate (precommit, diff) only
					   RANK_ABSOLUTE, which the CCN limit already holds */
	int show_rank;			/* text: --show-rank */
	int by;				/* text, csv: --by (report/groups.h), 0 none */
	double ccn_mean;		/* the mean CCN of the measured files' units */
	size_t ccn_units;		/* how many units that is */
	size_t ranks_broken;		/* files over --max-modules, and 1 for the run's mean
					   over --max-average: each fails the run */
};

/* How far over its limits u is: the largest value / limit among the metrics of bits (those
 * it violates; a limit of 0 counts as 1), so that CCN 319 of 15 leads a function a little
 * over several limits; 0 for no bits. The text report's worst list and the HTML page rank
 * by it. */
double model_over_score(const struct thresholds *t, const struct unit *u, uint32_t bits);
/* Every violating unit, in file order or, with m->sort_metric set, largest first by that
 * metric (ties in file order). A new array of *n entries for the caller to free. */
struct offender *model_violators(const struct run_model *m, size_t *n);
/* Fills the aggregate from the files (sort_metric is set to -1: callers set it after). */
void model_build(struct run_model *m, const struct report_file *files, size_t nfiles,
		 const struct thresholds *thresholds);
/* Files skipped on purpose (too large, minified, generated, excluded, ...): the skipped
 * ones that are source. */
size_t model_skipped(const struct run_model *m);
/* 1 when something was not measured: interrupted, failed files, or pending ones. */
int model_incomplete(const struct run_model *m);
/* 1 when f was not fully measured in a way its content can cause: never reached, failed
 * (crash, timeout, sandbox, ...), fallback, or skipped as too large, minified or binary.
 * Under --strict each such file fails the run (exit 3). */
int model_file_unmeasured(const struct report_file *f);
/* 1 when f was skipped for a reason worth a line (not excluded, vendored or of no
 * language we read): generated, too large, minified, binary. */
int model_file_notable_skip(const struct report_file *f);
/* 1 when f has a graded entry in the formats that grade (below): model_file_unmeasured
 * says so, or it was skipped for a reason --fail-on=skipped fails the run on (generated). */
int model_file_graded(const struct run_model *m, const struct report_file *f);
/* How grave a file model_file_graded says so of is, for the formats that grade their
 * entries (SARIF's level, checkstyle's and Code Climate's severity): it fails the run
 * (--strict, or what --fail-on names), it leaves the analysis incomplete (failed, line
 * counts only, not reached), or it was skipped for what its bytes are. */
enum model_gravity { GRAVITY_SKIPPED, GRAVITY_INCOMPLETE, GRAVITY_FAILS_RUN };
enum model_gravity model_unmeasured_gravity(const struct run_model *m,
					    const struct report_file *f);
/* The files model_file_unmeasured says so of. */
size_t model_unmeasured(const struct run_model *m);
/* What every report says of such a file: "not reached: ...", "not measured: REASON",
 * "line counts only: REASON". */
void model_unmeasured_text(const struct report_file *f, char *out, size_t len);
/* "12 hits, 3 misses (4.2 s of analysis saved)" or why there was no cache. */
void model_cache_text(const struct run_model *m, char *out, size_t len);
/* Hits and misses of the run, over all languages. */
void model_cache_totals(const struct run_model *m, uint64_t *hits, uint64_t *misses);
/* "full (seccomp+landlock)" style description of the sandbox the run had. */
void model_sandbox_text(const struct run_model *m, char *out, size_t len);

#endif
