/*
 * sandbox-darwin.c - macOS: sandbox_init with the pure-computation profile, which leaves
 * no file system, network or IPC access. Written against Apple's documented
 * <sandbox.h> API (deprecated but supported, and what OpenSSH uses); not built or
 * tested on this project's Linux CI (docs/SECURITY.md says so).
 */
#include "sandbox/sandbox.h"

#include <stdio.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef ASSAY_SANDBOX_DARWIN
#include <sandbox.h>
#endif

enum sandbox_level sandbox_lock(char *detail, size_t detail_len)
{
	if (sandbox_drop_descriptors(detail, detail_len) < 0)
		return SANDBOX_LEVEL_RLIMIT;
#ifdef ASSAY_SANDBOX_DARWIN
	char *err = NULL;
	if (sandbox_init(kSBXProfilePureComputation, SANDBOX_NAMED, &err) != 0) {
		snprintf(detail, detail_len, "sandbox_init: %s", err ? err : "failed");
		sandbox_free_error(err);
		return SANDBOX_LEVEL_RLIMIT;
	}
	snprintf(detail, detail_len, "sandbox_init(pure-computation)");
	return SANDBOX_LEVEL_FULL;
#else
	snprintf(detail, detail_len, "built without sandbox_init");
	return SANDBOX_LEVEL_RLIMIT;
#endif
}
