/*
 * sandbox.c - the worker's entry into its sandbox, whatever the backend: --sandbox=off,
 * else the backend's sandbox_lock (the file configure chose), which drops the
 * descriptors with sandbox-rlimit.c.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>

enum sandbox_level sandbox_enter(enum sandbox_mode mode, char *detail, size_t detail_len)
{
	if (mode == SANDBOX_MODE_OFF) {
		snprintf(detail, detail_len, "sandbox off by request");
		return SANDBOX_LEVEL_OFF;
	}
	return sandbox_lock(detail, detail_len);
}
