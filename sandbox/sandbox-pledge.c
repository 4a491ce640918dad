/*
 * sandbox-pledge.c - OpenBSD: pledge("stdio") (read and write the descriptors already
 * open, memory, time; no file system, no exec, no network) with no exec promises.
 * Written against pledge(2); not built or tested on this project's Linux CI
 * (docs/SECURITY.md says so).
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

enum sandbox_level sandbox_lock(char *detail, size_t detail_len)
{
	if (sandbox_drop_descriptors(detail, detail_len) < 0)
		return SANDBOX_LEVEL_RLIMIT;
#ifdef ASSAY_SANDBOX_PLEDGE
	if (pledge("stdio", "") != 0) {
		snprintf(detail, detail_len, "pledge: %s", strerror(errno));
		return SANDBOX_LEVEL_RLIMIT;
	}
	snprintf(detail, detail_len, "pledge(stdio)");
	return SANDBOX_LEVEL_FULL;
#else
	snprintf(detail, detail_len, "built without pledge");
	return SANDBOX_LEVEL_RLIMIT;
#endif
}
