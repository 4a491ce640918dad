/*
 * trace.h - --trace FILE: the run as Chrome trace-event JSON, which Perfetto and
 * chrome://tracing open: the supervisor's phases on one track, and one track per worker
 * with its lifetime and a span per file (the file's path, and the analysis time the
 * worker measured itself).
 */
#ifndef ASSAY_TRACE_H
#define ASSAY_TRACE_H

#include "report/model.h"
#include "engine/pool.h"

/* Phase boundaries (now_seconds()): start, then the end of each enum phase. */
struct trace_phases {
	double start;
	double end[PHASE_COUNT];
};

/* Writes the trace to path (temporary file + rename). Returns 0, or -1 after an error
 * message naming the path. */
int trace_write(const char *path, const struct run_model *m, const struct pool_stats *ps,
		const struct trace_phases *phases);

#endif
