/*
 * fds.h - closing every inherited descriptor in a forked child before it execs a worker.
 *
 * The supervisor may hold descriptors it never opened itself (a CI runner's, a shell's,
 * one above 1024 that a loop up to a fixed bound would miss); none may reach the worker.
 * Everything here is async-signal-safe: it runs between fork and exec.
 */
#ifndef ASSAY_ENGINE_FDS_H
#define ASSAY_ENGINE_FDS_H

/* Closes every descriptor from low up: close_range where the kernel has it, else those
 * /proc/self/fd lists, else every number below the RLIMIT_NOFILE hard limit. */
void fds_close_from(int low);

/* The fallbacks, on their own for the tests. fds_close_listed returns 0, or -1 when
 * /proc/self/fd cannot be read (nothing is then known to be closed). */
int fds_close_listed(int low);
void fds_close_to_limit(int low);

#endif
