/*
 * sandbox.h - how a worker is confined.
 *
 * Two halves. sandbox_child_limits() runs in the supervisor's forked child just before
 * execve: resource limits that hold whatever the worker does (sandbox-rlimit.c, every
 * platform). sandbox_enter() runs in the worker before it reads its first request and
 * applies the platform's lock-down (seccomp + Landlock on Linux, pledge, capsicum,
 * sandbox_init); configure picks exactly one backend file. Nothing here reads the
 * environment or any file: the policy is compiled in.
 */
#ifndef ASSAY_SANDBOX_H
#define ASSAY_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

/* What the worker reached; part of every report. */
enum sandbox_level {
	SANDBOX_LEVEL_OFF = 0,		/* asked for none (--sandbox=off) */
	SANDBOX_LEVEL_RLIMIT = 1,	/* resource limits only: the platform lock-down failed
					   or does not exist */
	SANDBOX_LEVEL_FULL = 2,		/* the platform's full lock-down applied */
};

enum sandbox_mode { SANDBOX_MODE_OFF = 0, SANDBOX_MODE_AUTO, SANDBOX_MODE_STRICT };

struct sandbox_limits {
	uint64_t memory_bytes;	/* RLIMIT_AS and RLIMIT_DATA; 0 leaves them alone */
	uint32_t cpu_seconds;	/* RLIMIT_CPU soft limit; hard is soft + 5 (both within
				 * a hard limit already set) */
	int open_files;		/* RLIMIT_NOFILE across exec (the loader opens libraries) */
};

/* In the forked child, before execve. Returns 0, or -1 with errno set. Async-signal-safe
 * (no allocation, no stdio): it runs between fork and exec. */
int sandbox_child_limits(const struct sandbox_limits *lim);

/* In the worker, before the first read (sandbox.c). Returns the level reached; fills
 * detail with a short description of what applied or what failed. SANDBOX_MODE_OFF
 * applies nothing; any other mode calls the backend's sandbox_lock. */
enum sandbox_level sandbox_enter(enum sandbox_mode mode, char *detail, size_t detail_len);

/* The platform's lock-down, one definition per backend file. It must call
 * sandbox_drop_descriptors once it has opened what it needs. */
enum sandbox_level sandbox_lock(char *detail, size_t detail_len);

/* Lowers RLIMIT_NOFILE to the three descriptors a worker keeps (exec needed a few more
 * to load its libraries; sandbox-rlimit.c). Returns 0, or -1 with the cause in detail. */
int sandbox_drop_descriptors(char *detail, size_t detail_len);

/* The backend configure chose: "seccomp", "rlimit", "darwin", "pledge", "capsicum",
 * "none". */
const char *sandbox_backend(void);
const char *sandbox_level_name(enum sandbox_level level);
const char *sandbox_mode_name(enum sandbox_mode mode);

#endif
