/*
 * increments.h - the increments behind the CCN and cognitive complexity of the run's worst
 * units, for the HTML report (REPORT_INCREMENTS): what `assay explain` prints for each.
 */
#ifndef ASSAY_RUN_INCREMENTS_H
#define ASSAY_RUN_INCREMENTS_H

#include "run/report.h"
#include "run/run.h"

/* How many of the worst units get their increments. */
#define INCREMENTS_WORST 200

/* Analyzes the files of the INCREMENTS_WORST worst units of r again, through the pool
 * with increments recorded (never the cache, whose records have none), and sets each such
 * file's increments in v (those of its worst units only). A file whose units came out
 * different (changed since) or that could not be analyzed again gets none; results and
 * counters of the run are untouched. */
void run_increments(struct run *r, struct run_view *v);

#endif
