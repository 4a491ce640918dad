/*
 * clock.c - the monotonic clock every duration of a run is measured with (see clock.h).
 */
#include "util/clock.h"

#include <time.h>

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

