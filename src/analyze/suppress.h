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
/* The list names a metric that is none of those (nor lizard's names for them): a typo the
 * supervisor warns about (UNIT_SUPPRESS_UNKNOWN); the names it knows still apply. */
#define SUPPRESS_UNKNOWN 0x40000000u

/* The suppression a comment's text asks for, or 0. */
uint32_t suppress_parse(const char *text, size_t len);
/* The line of the comment's "assay:" form, counted from the comment's first line (0). */
uint32_t suppress_line(const char *text, size_t len);

/* What precedes the comment at byte at of src on its line: nothing but blanks, a
 * decorator, an attribute or a template head (`@x`, `#[x]`, `[X]`, `template <...>`,
 * which belong to the next line's function), or other code (units.c applies it to that
 * line's unit only). */
enum { SUPP_ALONE, SUPP_HEADER, SUPP_AFTER_CODE };
int suppress_before(const char *src, size_t len, uint32_t at);

#endif
