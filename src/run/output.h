/*
 * output.h - the reports a run writes: one on standard output (--format), and one per
 * -o FILE, each written to a temporary file beside its target and renamed over it, so a
 * reader never sees half a report and a full disk leaves the previous one in place.
 */
#ifndef ASSAY_RUN_OUTPUT_H
#define ASSAY_RUN_OUTPUT_H

#include "config/params.h"
#include "report/formats.h"

/* OUTPUT_INTERRUPTED: a signal interrupted the write to standard output (the pipe was full
 * and its reader slow): the report there is not whole. */
enum { OUTPUT_OK = 0, OUTPUT_FAILED = -1, OUTPUT_PIPE_CLOSED = -2, OUTPUT_INTERRUPTED = -3 };

/* Every report p asked for, from m; the worst outcome (OUTPUT_*), an interruption before
 * a failure. */
int output_write(const struct run_params *p, const struct run_model *m);
/* Checks, before a run measures anything, that every report file and the trace p asks
 * for can be written (files/safewrite.h: no link, nothing but a regular file, the
 * directory there); -1 after a message naming the path and the cause. */
int output_check(const struct run_params *p);
/* Whether one of the reports p asked for shows what (REPORT_EVERY_UNIT, REPORT_SIZES). */
int output_shows(const struct run_params *p, unsigned what);

#endif
