/*
 * progress.h - "files done of total, rate, time left" on standard error while the engine
 * runs, ten times a second at most, only where --progress allows (a terminal by default).
 */
#ifndef ASSAY_RUN_PROGRESS_H
#define ASSAY_RUN_PROGRESS_H

#include <stddef.h>

#include "run/run.h"

/* Whether r shows progress (--progress, else a terminal on standard error). */
void progress_start(struct run *r);
/* Engine hook (ctx: the run). */
void progress_show(void *ctx, size_t done, size_t total);
/* Clears the progress line. */
void progress_end(struct run *r);

#endif
