/*
 * sandbox-darwin.c - macOS: sandbox_init with the pure-computation profile, which leaves
 * no file system, network or IPC access. Written against Apple's documented
 * <sandbox.h> API (deprecated but supported, and what OpenSSH uses); not built or
 * tested on this project's Linux CI (docs/SECURITY.md says so).
 */
#include "sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef ASSAY_SANDBOX_DARWIN
#include <sandbox.h>
#endif

enum sandbox_level sandbox_enter(enum sandbox_mode mode, char *detail, size_t detail_len)
{
	if (mode == SANDBOX_MODE_OFF) {
		snprintf(detail, detail_len, "sandbox off by request");
		return SANDBOX_LEVEL_OFF;
	}
	if (sandbox_drop_descriptors() < 0) {
		snprintf(detail, detail_len, "setrlimit(RLIMIT_NOFILE): %s", strerror(errno));
		return SANDBOX_LEVEL_RLIMIT;
	}
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
