/*
 * stats.h - --stats: one line on standard error a script can parse (phase times,
 * throughput, workers, cache hit rate, peak memory), then one per worker.
 */
#ifndef ASSAY_RUN_STATS_H
#define ASSAY_RUN_STATS_H

#include "report/model.h"
#include "run/run.h"

void stats_print(const struct run *r, const struct run_model *m);

#endif
