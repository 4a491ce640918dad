/*
 * groups.h - the figures per file and per directory (--by=file|dir, the JSON report's
 * "directories"): functions, NLOC, mean and largest CCN and cognitive complexity, the
 * maintainability index and the functions over a limit, of the files that were measured
 * (ok, partial or fallback). A directory's row is the files directly in it (not its
 * subdirectories'); its MI is its files' MI weighted by their code lines.
 */
#ifndef ASSAY_REPORT_GROUPS_H
#define ASSAY_REPORT_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "report/model.h"

enum group_by { GROUP_NONE, GROUP_FILE, GROUP_DIR };

struct group_row {
	char *path;			/* the file's, or the directory's ("." for none) */
	size_t files, functions, violating;
	uint64_t nloc;			/* its files' code lines (NLOC of the whole file) */
	uint64_t ccn_sum, ccn_max, cognitive_sum, cognitive_max;
	double mi_sum;			/* of its files' MI x code lines */
	uint64_t code;			/* code lines */
	double volume;			/* its files' Halstead volume, summed */
};

/* The rows of m by file or by directory, in path order. A new array for group_free. */
struct group_row *group_build(const struct run_model *m, enum group_by by, size_t *n);
void group_free(struct group_row *rows, size_t n);
/* A row's means (0 without functions) and MI (100 without code: no code, nothing to
 * maintain, as per file). */
double group_ccn_mean(const struct group_row *g);
double group_cognitive_mean(const struct group_row *g);
double group_mi(const struct group_row *g);
/* "file" or "dir" for --by's value; GROUP_NONE for anything else (-1). */
int group_by_name(const char *word);

#endif
