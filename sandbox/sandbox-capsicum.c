/*
 * sandbox-capsicum.c - FreeBSD: capability mode (cap_enter), after limiting the kept
 * descriptors to what the worker does with them (read the request pipe, write the reply
 * pipe and stderr). In capability mode no global namespace is reachable: no open, no
 * exec, no network. Written against capsicum(4); not built or tested on this project's
 * Linux CI (docs/SECURITY.md says so).
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef ASSAY_SANDBOX_CAPSICUM
#include <sys/capsicum.h>
#include <sys/filio.h>

static int limit_fd(int fd, cap_rights_t *rights)
{
	return cap_rights_limit(fd, rights) == 0 || errno == ENOSYS ? 0 : -1;
}
#endif

enum sandbox_level sandbox_lock(char *detail, size_t detail_len)
{
	if (sandbox_drop_descriptors(detail, detail_len) < 0)
		return SANDBOX_LEVEL_RLIMIT;
#ifdef ASSAY_SANDBOX_CAPSICUM
	cap_rights_t read_only, write_only;
	cap_rights_init(&read_only, CAP_READ, CAP_IOCTL);
	cap_rights_init(&write_only, CAP_WRITE);
	const unsigned long read_size[] = { FIONREAD };	/* worker/input.c's read-ahead */
	if (limit_fd(0, &read_only) < 0
	    || (cap_ioctls_limit(0, read_size, 1) != 0 && errno != ENOSYS) || limit_fd(1, &write_only) < 0
	    || limit_fd(2, &write_only) < 0 || cap_enter() != 0) {
		snprintf(detail, detail_len, "capsicum: %s", strerror(errno));
		return SANDBOX_LEVEL_RLIMIT;
	}
	snprintf(detail, detail_len, "capsicum(cap_enter)");
	return SANDBOX_LEVEL_FULL;
#else
	snprintf(detail, detail_len, "built without capsicum");
	return SANDBOX_LEVEL_RLIMIT;
#endif
}
