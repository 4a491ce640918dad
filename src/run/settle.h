/*
 * settle.h - a file's result is final: what the baseline accepts is marked on its units,
 * and, when the reports asked for show violations only, only the units over a limit are
 * kept (on a large tree that is most of the memory a run would otherwise hold).
 */
#ifndef ASSAY_RUN_SETTLE_H
#define ASSAY_RUN_SETTLE_H

#include "run/run.h"

/* File i's result is final (done): baseline, then pruning when r->prune. */
void settle_file(struct run *r, size_t i);
/* File i's record is a cache summary's file-level part with the units it kept, of a
 * file that has nunits units: it is done, and settled like any other. */
void settle_summary(struct run *r, size_t i, uint32_t nunits);
/* Whether a record from a cache (local or remote) may stand for file i: a verdict made
 * under other conditions (a generated marker waived here, a shorter deadline) may not. */
int settle_applies(const struct run *r, size_t i, const struct record *rec);
/* The number of units file i has, whether its record keeps them all or not. */
size_t settle_units_of(const struct run *r, size_t i);

#endif
