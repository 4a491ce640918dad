/*
 * metrics.h - the per-unit metrics limits apply to, from one table (metrics.def): their
 * names (reports, -T, the configuration), lizard's aliases, default limits, labels, where
 * each value is in a unit, and the order of the report columns. Adding a metric: see
 * docs/ARCHITECTURE.md, "Adding a metric" (the row, the field, the counting, the record).
 *
 * Thresholds are applied at report time, never in the worker: a record does not depend
 * on them, so changing a threshold never costs re-analysis.
 */
#ifndef ASSAY_COMMON_METRICS_H
#define ASSAY_COMMON_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "common/ids.h"

struct unit;

struct metric_info {
	const char *name;		/* as in reports and -T name=N */
	const char *alias;		/* lizard's name, or NULL */
	long default_limit;		/* -1: off */
	const char *label;		/* for people: "CCN", "cognitive" */
	size_t offset;			/* of its uint32_t in struct unit */
	int column;			/* its place among the JSON and CSV unit columns */
};

const struct metric_info *metric_info(enum metric m);
/* The metric called name (or its lizard alias); -1 when none is. */
int metric_by_name(const char *name);
/* The metric shown in column c of the per-unit JSON and CSV figures (0 first). */
enum metric metric_by_column(int c);
/* "ccn, cognitive, nesting, ..." (every metric's name) for messages. */
const char *metric_names(void);

/* The value of metric m of u. */
uint32_t unit_metric(const struct unit *u, enum metric m);

struct thresholds {
	long limit[MET_COUNT];		/* a unit violates when its value is greater; -1 off */
};

void thresholds_default(struct thresholds *t);

/* radon's letter ranks ('A' best), and xenon's limits on them (METRICS.md, "Ranks"). */
enum rank_limit {
	RANK_ABSOLUTE,			/* --max-absolute: any unit's CCN */
	RANK_MODULES,			/* --max-modules: any file's mean CCN */
	RANK_AVERAGE,			/* --max-average: the run's mean CCN */
	RANK_LIMITS
};

/* The rank of a CCN, a unit's or a mean: A up to 5, B up to 10, C up to 20, D up to 30,
 * E up to 40, F above (radon's cc_rank). */
char rank_of_ccn(double ccn);
/* The rank of a maintainability index (0..100): A above 19, B above 9, C otherwise
 * (radon's mi_rank). */
char rank_of_mi(double mi);
/* The rank letter word names ("B" or "b", 'A'..'F'); 0 when it names none. */
char rank_parse(const char *word);
/* "max-absolute", "max-modules", "max-average": the option's name. */
const char *rank_limit_name(enum rank_limit k);
/* "maxAbsolute", "maxModules", "maxAverage": the key in [rank]. */
const char *rank_limit_key(enum rank_limit k);
/* --max-absolute=RANK: lowers t's CCN limit to the highest CCN the rank takes in (B: 10);
 * F and 0 (no rank) leave it. */
void thresholds_cap_rank(struct thresholds *t, char rank);
/* Parses "name=N" (N may be "off"). Returns 0, or -1 with err. */
int thresholds_parse(struct thresholds *t, const char *spec, char *err, size_t errlen);
/* Bit m set when u's metric m is over limits[m] (suppressed or not). */
uint32_t unit_over(const long limits[MET_COUNT], const struct unit *u);
/* Bit m set when u violates metric m of t: over the limit, and neither a comment
 * suppresses it, nor the baseline accepts it, nor --gate=worse lets it pass. */
uint32_t unit_violations(const struct thresholds *t, const struct unit *u);
/* The metric bits of u over t's limits that --gate=worse lets pass: no worse than in the
 * base version (precommit, diff). */
uint32_t unit_not_worse(const struct thresholds *t, const struct unit *u);
/* Bit m set when u is over the limit of metric m and the baseline accepts it (it was
 * there, no worse, when the baseline was written). */
uint32_t unit_baselined(const struct thresholds *t, const struct unit *u);
/* Bit m set when u is over the limit of metric m but a comment suppresses it: these do
 * not fail the run, and every report counts them. */
uint32_t unit_suppressed(const struct thresholds *t, const struct unit *u);
/* Bit m set when u is over the limit of metric m and --strict refused the comment or the
 * baseline entry that would have excused it (it came with the change). */
uint32_t unit_refused_suppression(const struct thresholds *t, const struct unit *u);
uint32_t unit_refused_baseline(const struct thresholds *t, const struct unit *u);

#endif
