/*
 * check.h - how the unit tests report: one "ok - NAME" or "not ok - NAME (file:line)"
 * line per check, then "N passed, N failed" (what tests/run-all counts). Each test
 * program is one translation unit, so the counters live here.
 */
#ifndef ASSAY_TESTS_CHECK_H
#define ASSAY_TESTS_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, name)                                                  \
	do {                                                               \
		if (cond) {                                                \
			passed++;                                          \
			printf("ok - %s\n", name);                         \
		} else {                                                   \
			failed++;                                          \
			printf("not ok - %s (%s:%d)\n", name, __FILE__, __LINE__); \
		}                                                          \
	} while (0)

/* Prints the summary line; main's exit status. */
static inline int check_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif
