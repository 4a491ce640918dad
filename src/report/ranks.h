/*
 * ranks.h - radon's letter ranks in the reports, and xenon's aggregate limits as one list
 * every report format walks: each file whose mean CCN ranks worse than --max-modules, then
 * the run's mean CCN when it ranks worse than --max-average. One walk, one wording, so no
 * format can forget a broken limit. (--max-absolute needs no list: it caps the CCN limit,
 * so a function over it is a CCN violation like any other.)
 */
#ifndef ASSAY_REPORT_RANKS_H
#define ASSAY_REPORT_RANKS_H

#include <stddef.h>

#include "report/model.h"

/* A broken aggregate limit. */
struct rank_item {
	enum rank_limit limit;			/* RANK_MODULES or RANK_AVERAGE */
	const struct report_file *file;		/* RANK_MODULES: the file; NULL for the run */
	double mean;				/* the mean CCN */
	size_t units;				/* over this many functions */
	char rank, max;				/* the mean's rank, and the limit's */
};

/* The mean CCN of f's units, 0 when it has none (xenon's module average). */
double rank_file_mean(const struct report_file *f);
/* Sets m->ccn_mean, m->ccn_units and m->ranks_broken from the files and m->rank_max. */
void rank_build(struct run_model *m);
/* Calls visit for every broken limit of m: the files in report order, then the run. */
void rank_each(const struct run_model *m, void (*visit)(void *ctx, const struct rank_item *),
	       void *ctx);
/* The item in words, without its place: "mean CCN 12.50 of 4 functions ranks C, worse
 * than --max-modules=B". */
void rank_item_text(const struct rank_item *it, char *out, size_t len);

#endif
