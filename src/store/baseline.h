/*
 * baseline.h - .assay-baseline: today's violators, recorded so that a team adopting the
 * gate on an old code base fails only on new violators, or on recorded ones that got
 * worse. A small, sorted, reviewable text file at the repository root:
 *     # assay baseline v1
 *     path<TAB>qualified name<TAB>ccn=17,cognitive=22
 * Rewriting it (assay baseline write) drops the functions that were fixed.
 */
#ifndef ASSAY_BASELINE_H
#define ASSAY_BASELINE_H

#include "files/discover.h"
#include "report/model.h"

struct baseline;

/* Reads path; NULL when there is none (or it cannot be used: err says why, "" if absent). */
struct baseline *baseline_read(const char *path, char *err, size_t len);
void baseline_free(struct baseline *b);
/* Marks the violations of f that the baseline accepts (unit.baselined). path is f's path
 * relative to the repository root. */
void baseline_apply(const struct baseline *b, const char *path, struct file_entry *f,
		    const struct thresholds *t);
/* Writes the violators of the run, sorted (temporary file + rename). -1 with err. */
int baseline_write(const char *path, const struct run_model *m,
		   const char *(*repo_path)(void *ctx, const struct file_entry *f), void *ctx,
		   char *err, size_t len);

#endif
