/*
 * model.h - what every report reads: the run's aggregate (files by status, units,
 * violations, worst offenders, sandbox, time) and which limits each unit breaks.
 */
#ifndef ASSAY_MODEL_H
#define ASSAY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox/sandbox.h"
#include "store/cache.h"
#include "files/discover.h"
#include "engine/pool.h"

/* Bit m set when unit u violates metric m and no comment suppresses it. */
uint32_t unit_violations(const struct thresholds *t, const struct unit *u);
/* Bit m set when unit u is over the limit of metric m and the baseline accepts it (it was
 * there, no worse, when the baseline was written). */
uint32_t unit_baselined(const struct thresholds *t, const struct unit *u);
/* Bit m set when unit u is over the limit of metric m but a comment suppresses it: these
 * do not fail the run, and every report counts them. */
uint32_t unit_suppressed(const struct thresholds *t, const struct unit *u);

/* A violator, for the worst-offenders list. */
struct offender {
	const struct file_entry *file;
	const struct unit *unit;
	uint32_t violations;
};

#define MAX_OFFENDERS 5

/* Phases of a run, timed for --stats, --metrics-file and --trace. */
enum phase { PHASE_DISCOVER, PHASE_KEY, PHASE_CACHE, PHASE_ANALYZE, PHASE_REPORT, PHASE_COUNT };

const char *phase_name(enum phase p);

struct run_model {
	const struct file_list *list;
	const struct thresholds *thresholds;
	const struct pool_stats *pool;
	enum sandbox_mode sandbox_mode;
	int jobs;
	double seconds;
	double phase_seconds[PHASE_COUNT];	/* PHASE_REPORT is 0 while reports are written */
	int interrupted;		/* signal number, or 0 */
	int exit_code;			/* what the run exits with (reports state it) */
	int sort_metric;		/* -s: violators largest first by this metric; -1 none */
	const char *gate_note;		/* precommit/diff: what was gated, or NULL */
	const struct cache_counts *cache;	/* NULL when the run had no cache */
	const char *cache_note;		/* why not ("off (--no-cache)") */

	size_t by_status[FILE_STATUS_COUNT];
	size_t pending;			/* never measured (interrupted) */
	size_t units;
	size_t units_by_lang[LANG_COUNT];
	size_t files_by_lang[LANG_COUNT];
	size_t violating_units;
	size_t violations;
	size_t by_metric[MET_COUNT];
	size_t suppressed_units;	/* units with suppressed violations */
	size_t suppressed;		/* suppressed violations */
	size_t baselined;		/* violations the baseline accepts */
	struct offender worst[MAX_OFFENDERS];
	size_t nworst;
};

/* The limits that apply to f: its own ([threshold "GLOB"] in .assay) or the run's. */
static inline const struct thresholds *model_limits(const struct run_model *m,
						    const struct file_entry *f)
{
	return f->limits ? f->limits : m->thresholds;
}

/* Drops the units of f that violate no threshold (and every increment), keeping their
 * count: what the text, warnings, SARIF, checkstyle and Code Climate reports need,
 * at a fraction of the memory on a large tree. */
void model_prune(struct file_entry *f, const struct thresholds *t);
/* f->rec holds the file-level part and kept units of a cached summary (see
 * cache_get), of a file that has nunits units: f is done, to be pruned as any other
 * (model_prune). */
void model_take_summary(struct file_entry *f, uint32_t nunits);
/* The number of units f had, pruned or not. */
size_t model_units_of(const struct file_entry *f);
/* Every violating unit, in file order or, with m->sort_metric set, largest first by that
 * metric (ties in file order). A new array of *n entries for the caller to free. */
struct offender *model_violators(const struct run_model *m, size_t *n);
/* Fills the aggregate from the list (sort_metric is set to -1: callers set it after). */
void model_build(struct run_model *m, const struct file_list *list,
		 const struct thresholds *thresholds);
/* 1 when something was not measured: interrupted, failed files, or pending ones. */
int model_incomplete(const struct run_model *m);
/* "12 hits, 3 misses (4.2 s of analysis saved)" or why there was no cache. */
void model_cache_text(const struct run_model *m, char *out, size_t len);
/* Hits and misses of the run, over all languages. */
void model_cache_totals(const struct run_model *m, uint64_t *hits, uint64_t *misses);
/* "full (seccomp+landlock)" style description of the sandbox the run had. */
void model_sandbox_text(const struct run_model *m, char *out, size_t len);

#endif
