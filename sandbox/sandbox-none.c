/*
 * sandbox-none.c - the backend for platforms without a lock-down assay supports, and
 * for `configure --with-sandbox=rlimit|none`: the worker keeps only the resource limits
 * set before exec, and says so, so --sandbox=strict refuses to run.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

enum sandbox_level sandbox_lock(char *detail, size_t detail_len)
{
	if (sandbox_drop_descriptors(detail, detail_len) < 0)
		return SANDBOX_LEVEL_RLIMIT;
	snprintf(detail, detail_len, "no lock-down on this build: resource limits only");
	return SANDBOX_LEVEL_RLIMIT;
}

