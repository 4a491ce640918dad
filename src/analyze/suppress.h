/*
 * suppress.h - inline suppressions in comments (METRICS.md):
 *   assay: ignore                 every metric of the unit
 *   assay: ignore[ccn,nloc]       only those metrics
 *   #lizard forgives              lizard's form: every metric
 * The assay forms apply on the unit's first line or the line before it; lizard's also
 * inside the unit (as lizard reads it). A suppressed violation is still counted and
 * reported as suppressed, never dropped.
 */
#ifndef ASSAY_ANALYZE_SUPPRESS_H
#define ASSAY_ANALYZE_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

/* Bit k is metric k in the order ccn, cognitive, nesting, params, nloc, length, tokens,
 * exits (the order of enum metric in src/report/model.h). */
#define SUPPRESS_ALL 0xffu
#define SUPPRESS_LIZARD 0x80000000u	/* #lizard forgives: applies inside the unit too */

/* The suppression a comment's text asks for, or 0. */
uint32_t suppress_parse(const char *text, size_t len);

#endif
