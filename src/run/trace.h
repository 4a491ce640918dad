/*
 * trace.h - --trace FILE: the run as Chrome trace-event JSON, which Perfetto and
 * chrome://tracing open: the supervisor's phases on one track, and one track per worker
 * with its lifetime and a span per file (the file's path, and the analysis time the
 * worker measured itself); the run's id, as in its events and reports.
 */
#ifndef ASSAY_RUN_TRACE_H
#define ASSAY_RUN_TRACE_H

#include "run/run.h"

/* Writes the trace of the finished run r to path (temporary file + rename). Returns 0, or
 * -1 after an error message naming the path. */
int trace_write(const char *path, const struct run *r);

#endif
