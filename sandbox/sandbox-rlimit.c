/*
 * sandbox-rlimit.c - resource limits for a worker, set between fork and exec.
 *
 * FSIZE=0 (the worker never writes a file), NPROC=0 (it never forks), CORE=0 (no core
 * dumps of other people's source), NOFILE=the descriptors it keeps, CPU and memory caps;
 * and, in the worker, the descriptor limit every backend drops to once it is locked down.
 * This is the layer every platform has; the backends add a real lock-down on top.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef ASSAY_SANDBOX_BACKEND
#define ASSAY_SANDBOX_BACKEND "rlimit"
#endif
#include <sys/resource.h>

static int set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };
	return setrlimit(resource, &rl);
}

/* RLIMIT_CPU soft seconds, hard 5 s more: within a hard limit already set (ulimit -t),
 * which only a privileged process could raise. */
static int set_cpu_limit(rlim_t seconds)
{
	struct rlimit now;
	rlim_t hard = seconds + 5;
	if (getrlimit(RLIMIT_CPU, &now) == 0 && now.rlim_max != RLIM_INFINITY
	    && now.rlim_max < hard)
		hard = now.rlim_max;
	return set_limit(RLIMIT_CPU, seconds < hard ? seconds : hard, hard);
}

int sandbox_child_limits(const struct sandbox_limits *lim)
{
	if (set_limit(RLIMIT_CORE, 0, 0) < 0 || set_limit(RLIMIT_FSIZE, 0, 0) < 0)
		return -1;
	if (lim->cpu_seconds && set_cpu_limit(lim->cpu_seconds) < 0)
		return -1;
	if (lim->memory_bytes) {
		if (set_limit(RLIMIT_AS, lim->memory_bytes, lim->memory_bytes) < 0)
			return -1;
#ifdef RLIMIT_DATA
		if (set_limit(RLIMIT_DATA, lim->memory_bytes, lim->memory_bytes) < 0)
			return -1;
#endif
	}
	if (lim->open_files > 0
	    && set_limit(RLIMIT_NOFILE, (rlim_t)lim->open_files, (rlim_t)lim->open_files) < 0)
		return -1;
#ifdef RLIMIT_NPROC
	if (set_limit(RLIMIT_NPROC, 0, 0) < 0)
		return -1;
#endif
	return 0;
}

const char *sandbox_level_name(enum sandbox_level level)
{
	switch (level) {
	case SANDBOX_LEVEL_FULL: return "full";
	case SANDBOX_LEVEL_RLIMIT: return "rlimit-only";
	default: return "off";
	}
}

const char *sandbox_mode_name(enum sandbox_mode mode)
{
	switch (mode) {
	case SANDBOX_MODE_STRICT: return "strict";
	case SANDBOX_MODE_AUTO: return "auto";
	default: return "off";
	}
}

const char *sandbox_backend(void)
{
	return ASSAY_SANDBOX_BACKEND;
}

int sandbox_drop_descriptors(char *detail, size_t detail_len)
{
	struct rlimit rl = { .rlim_cur = 3, .rlim_max = 3 };
	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		return 0;
	snprintf(detail, detail_len, "setrlimit(RLIMIT_NOFILE): %s", strerror(errno));
	return -1;
}
