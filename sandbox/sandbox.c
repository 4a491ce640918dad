/*
 * sandbox.c - the worker's half that every backend shares: --sandbox=off, and dropping
 * RLIMIT_NOFILE to the three descriptors a worker keeps. The backend file configure
 * chose supplies sandbox_lock, the platform's lock-down itself.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

enum sandbox_level sandbox_enter(enum sandbox_mode mode, char *detail, size_t detail_len)
{
	if (mode == SANDBOX_MODE_OFF) {
		snprintf(detail, detail_len, "sandbox off by request");
		return SANDBOX_LEVEL_OFF;
	}
	return sandbox_lock(detail, detail_len);
}

int sandbox_drop_descriptors(char *detail, size_t detail_len)
{
	struct rlimit rl = { .rlim_cur = 3, .rlim_max = 3 };
	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		return 0;
	snprintf(detail, detail_len, "setrlimit(RLIMIT_NOFILE): %s", strerror(errno));
	return -1;
}
