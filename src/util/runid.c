/*
 * runid.c - the run id (see runid.h): getentropy(3), which is getrandom(2) on Linux.
 * Should the system refuse it, the id is made of the clock to the nanosecond, the process
 * id and the address of a stack variable: unique enough to tell runs apart, which is all
 * the id is for (it is no secret and guards nothing).
 */
#include "util/runid.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static char id[RUN_ID_LEN + 1];

static void fallback_bytes(uint8_t *r, size_t n)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t a = ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec;
	uint64_t b = ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)&ts;
	for (size_t i = 0; i < n; i++)
		r[i] = (uint8_t)((i < 8 ? a : b) >> (8 * (i % 8)));
}

const char *run_id(void)
{
	if (id[0])
		return id;
	uint8_t r[RUN_ID_LEN / 2];
	if (getentropy(r, sizeof(r)) < 0)
		fallback_bytes(r, sizeof(r));
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
	return id;
}
