/*
 * fsguard.c - guarded opening and reading of files to analyze (see fsguard.h).
 */
#include "fsguard.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

static int open_beneath(int root_fd, const char *relpath, int flags);

int fsguard_open_dir(int root_fd, const char *relpath)
{
	if (relpath[0] == '\0')
		return fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
	return open_beneath(root_fd, relpath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Opens relpath beneath root_fd without following any link; -1 with errno. */
static int open_beneath(int root_fd, const char *relpath, int flags)
{
#if defined(__linux__) && defined(SYS_openat2)
	static int no_openat2;
	if (!no_openat2) {
		struct open_how how;
		memset(&how, 0, sizeof(how));
		how.flags = (uint64_t)flags;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
		int fd = (int)syscall(SYS_openat2, root_fd, relpath, &how, sizeof(how));
		if (fd >= 0 || errno != ENOSYS)
			return fd;
		no_openat2 = 1;
	}
#endif
	/* One component at a time, each with O_NOFOLLOW. */
	char part[4096];
	int dir = root_fd;
	const char *p = relpath;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || n >= sizeof(part) || (n == 2 && p[0] == '.' && p[1] == '.')) {
			if (dir != root_fd)
				close(dir);
			errno = EXDEV;
			return -1;
		}
		memcpy(part, p, n);
		part[n] = '\0';
		int fd = openat(dir, part, slash ? O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
						 : flags);
		int saved = errno;
		if (dir != root_fd)
			close(dir);
		if (fd < 0 || !slash) {
			errno = saved;
			return fd;
		}
		dir = fd;
		p = slash + 1;
	}
}

enum fsguard_result fsguard_read(int root_fd, const char *relpath, uint64_t max_size,
				 struct wbuf *out, char *reason, size_t reason_len)
{
	wbuf_reset(out);
	int fd = open_beneath(root_fd, relpath,
			      O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP || errno == EXDEV) {
			snprintf(reason, reason_len, "symbolic link or outside the root");
			return FSGUARD_SKIP;
		}
		snprintf(reason, reason_len, "cannot open: %s", strerror(errno));
		return FSGUARD_FAIL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		snprintf(reason, reason_len, "cannot stat: %s", strerror(errno));
		close(fd);
		return FSGUARD_FAIL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(reason, reason_len, "not a regular file");
		close(fd);
		return FSGUARD_SKIP;
	}
	if ((uint64_t)st.st_size > max_size) {
		snprintf(reason, reason_len, "too large (%llu bytes, limit %llu)",
			 (unsigned long long)st.st_size, (unsigned long long)max_size);
		close(fd);
		return FSGUARD_SKIP;
	}
	/* Read to the end: a file that grew past the cap while read is refused too. */
	for (;;) {
		size_t room = 65536;
		uint8_t *dst = wbuf_reserve(out, room);
		if (!dst) {
			snprintf(reason, reason_len, "out of memory");
			close(fd);
			return FSGUARD_FAIL;
		}
		ssize_t n = read(fd, dst, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(reason, reason_len, "read error: %s", strerror(errno));
			close(fd);
			return FSGUARD_FAIL;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (out->len > max_size) {
			snprintf(reason, reason_len, "too large (grew past %llu bytes while read)",
				 (unsigned long long)max_size);
			close(fd);
			return FSGUARD_SKIP;
		}
	}
	close(fd);
	return FSGUARD_OK;
}

int fsguard_is_binary(const uint8_t *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192;
	return n > 0 && memchr(data, 0, n) != NULL;
}

int fsguard_is_minified(const uint8_t *data, size_t len)
{
	if (len < 32768)
		return 0;
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += data[i] == '\n';
	return len / lines > 1000;
}
