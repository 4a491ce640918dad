/*
 * clock.h - the clock durations, phases, deadlines and budgets are measured with.
 */
#ifndef ASSAY_UTIL_CLOCK_H
#define ASSAY_UTIL_CLOCK_H

/* Seconds since an arbitrary start (CLOCK_MONOTONIC). */
double now_seconds(void);

#endif
