/*
 * fds.c - closing every descriptor from a number up, in a forked child (see fds.h).
 *
 * System calls only, no allocation: the caller is between fork and exec of a process
 * that may have other threads. close_range(2) (Linux 5.9) does it in one call and sees
 * every descriptor however high. Without it, /proc/self/fd is listed with raw getdents64
 * (opendir allocates), and without /proc every number below the hard descriptor limit is
 * closed: no descriptor can be numbered at or above it.
 */
#include "engine/fds.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

void fds_close_to_limit(int low)
{
	struct rlimit rl;
	int limit = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		/* An infinite hard limit (BSDs, macOS) leaves the soft one as the best bound. */
		rlim_t max = rl.rlim_max != RLIM_INFINITY ? rl.rlim_max : rl.rlim_cur;
		if (max != RLIM_INFINITY)
			limit = max > INT_MAX ? INT_MAX : (int)max;
	}
	for (int fd = low; fd < limit; fd++)
		close(fd);
}

#if defined(__linux__) && defined(SYS_getdents64)
/* What the kernel's getdents64 writes for each entry. */
struct dirent64_raw {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* The descriptor a /proc/self/fd entry is named after, or -1 ("." and ".."). */
static int fd_named(const char *name)
{
	int fd = 0;
	if (!*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || fd > (INT_MAX - 9) / 10)
			return -1;
		fd = fd * 10 + (*name - '0');
	}
	return fd;
}

/* Closes the descriptors from low up among the n bytes of entries in buf, but dir. */
static void close_entries(const char *buf, long n, int low, int dir)
{
	for (long off = 0; off < n;) {
		unsigned short reclen;
		memcpy(&reclen, buf + off + offsetof(struct dirent64_raw, reclen), sizeof(reclen));
		int fd = fd_named(buf + off + offsetof(struct dirent64_raw, name));
		if (fd >= low && fd != dir)
			close(fd);
		off += reclen ? reclen : n;	/* a zero length would never advance */
	}
}

int fds_close_listed(int low)
{
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -1;
	union {
		char bytes[4096];
		uint64_t align;
	} buf;
	long n;
	while ((n = syscall(SYS_getdents64, dir, buf.bytes, sizeof(buf.bytes))) > 0)
		close_entries(buf.bytes, n, low, dir);
	close(dir);
	return n == 0 ? 0 : -1;
}
#else
int fds_close_listed(int low)
{
	(void)low;
	errno = ENOSYS;
	return -1;
}
#endif

void fds_close_from(int low)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)low, ~0u, 0) == 0)
		return;
#endif
	if (fds_close_listed(low) == 0)
		return;
	fds_close_to_limit(low);
}
