/*
 * fsguard.c - guarded opening and reading of files to analyze (see fsguard.h).
 */
#include "files/fsguard.h"

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

#if defined(__linux__) && defined(SYS_openat2)
/* openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS: one call, no link anywhere in the
 * path, nothing outside root_fd. -1 with errno ENOSYS where the kernel lacks it. */
static int open_openat2(int root_fd, const char *relpath, int flags)
{
	static int missing;
	if (missing) {
		errno = ENOSYS;
		return -1;
	}
	struct open_how how;
	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	int fd = (int)syscall(SYS_openat2, root_fd, relpath, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		missing = 1;
	return fd;
}
#else
static int open_openat2(int root_fd, const char *relpath, int flags)
{
	(void)root_fd, (void)relpath, (void)flags;
	errno = ENOSYS;
	return -1;
}
#endif

/* The next component of *p into part (advancing *p past it); -1 for "", "..", or one
 * longer than part. Returns 1 when it is the last component. */
static int next_component(const char **p, char *part, size_t size)
{
	const char *slash = strchr(*p, '/');
	size_t n = slash ? (size_t)(slash - *p) : strlen(*p);
	if (n == 0 || n >= size || (n == 2 && (*p)[0] == '.' && (*p)[1] == '.'))
		return -1;
	memcpy(part, *p, n);
	part[n] = '\0';
	*p = slash ? slash + 1 : *p + n;
	return slash ? 0 : 1;
}

/* Opens relpath beneath root_fd without following any link; -1 with errno. Falls back
 * to one O_NOFOLLOW openat per component where openat2 is missing. */
static int open_beneath(int root_fd, const char *relpath, int flags)
{
	int fd = open_openat2(root_fd, relpath, flags);
	if (fd >= 0 || errno != ENOSYS)
		return fd;
	char part[4096];
	int dir = root_fd;
	const char *p = relpath;
	for (;;) {
		int last = next_component(&p, part, sizeof(part));
		if (last < 0) {
			fd = -1;
			errno = EXDEV;
		} else {
			fd = openat(dir, part, last ? flags : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		int saved = errno;
		if (dir != root_fd)
			close(dir);
		errno = saved;
		if (fd < 0 || last)
			return fd;
		dir = fd;
	}
}

/* Reads fd to its end into out, refusing to go past max_size. size is what fstat said:
 * the buffer is made that large (and one byte, to see the end) before the first read,
 * so a file is read in one call into memory no one copies again; a file that grows
 * while read gets more room 64 KiB at a time. */
static enum fsguard_result read_capped(int fd, uint64_t size, uint64_t max_size,
				       struct wbuf *out, struct cause_note *why)
{
	size_t want = (size_t)size + 1;
	for (;;) {
		uint8_t *dst = wbuf_reserve(out, want);
		if (!dst) {
			cause_note(why, CAUSE_OUT_OF_MEMORY, NULL);
			return FSGUARD_FAIL;
		}
		ssize_t n = read(fd, dst, out->cap - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cause_note(why, CAUSE_READ_ERROR, "%s", strerror(errno));
			return FSGUARD_FAIL;
		}
		if (n == 0)
			return FSGUARD_OK;
		out->len += (size_t)n;
		if (out->len > max_size) {
			cause_note(why, CAUSE_TOO_LARGE, "grew past %llu bytes while read",
				   (unsigned long long)max_size);
			return FSGUARD_SKIP;
		}
		want = out->len < out->cap ? 1 : 65536;
	}
}

/* What fstat says about an open file: a regular file under the cap (its size in *size),
 * or why not. */
static enum fsguard_result check_opened(int fd, uint64_t max_size, uint64_t *size,
					struct cause_note *why)
{
	struct stat st;
	if (fstat(fd, &st) < 0) {
		cause_note(why, CAUSE_CANNOT_STAT, "%s", strerror(errno));
		return FSGUARD_FAIL;
	}
	if (!S_ISREG(st.st_mode)) {
		cause_note(why, CAUSE_NOT_REGULAR, NULL);
		return FSGUARD_SKIP;
	}
	if ((uint64_t)st.st_size > max_size) {
		cause_note(why, CAUSE_TOO_LARGE, "%llu bytes, limit %llu",
			   (unsigned long long)st.st_size, (unsigned long long)max_size);
		return FSGUARD_SKIP;
	}
	*size = (uint64_t)st.st_size;
	return FSGUARD_OK;
}

enum fsguard_result fsguard_read(int root_fd, const char *relpath, uint64_t max_size,
				 struct wbuf *out, struct cause_note *why)
{
	wbuf_reset(out);
	int fd = open_beneath(root_fd, relpath,
			      O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP || errno == EXDEV) {
			cause_note(why, CAUSE_OUTSIDE_ROOT, NULL);
			return FSGUARD_SKIP;
		}
		cause_note(why, CAUSE_CANNOT_OPEN, "%s", strerror(errno));
		return FSGUARD_FAIL;
	}
	uint64_t size = 0;
	enum fsguard_result r = check_opened(fd, max_size, &size, why);
	if (r == FSGUARD_OK)
		r = read_capped(fd, size, max_size, out, why);
	close(fd);
	return r;
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
	/* Minified: more than 1000 bytes a line on average; counting stops as soon as there
	 * are enough lines for that to be impossible. */
	size_t lines = 1, enough = len / 1000;
	const uint8_t *p = data, *end = data + len;
	while (lines <= enough && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return len / lines > 1000;
}
