/*
 * pathwalk.c - user-given paths resolved without following planted links (see
 * pathwalk.h).
 */
#include "files/pathwalk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/* A link no repository can have planted: root's, while we are not root. */
static int trusted_link(const struct stat *st)
{
	return st->st_uid == 0 && geteuid() != 0;
}

/* Opens the directory component name beneath dir; -1 with the reason in err. */
static int open_component(int dir, const char *name, const char *path, char *err,
			  size_t errlen)
{
	int fd = openat(dir, name, DIR_FLAGS | O_NOFOLLOW);
	if (fd >= 0)
		return fd;
	int saved = errno;
	struct stat st;
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
		if (trusted_link(&st) && (fd = openat(dir, name, DIR_FLAGS)) >= 0)
			return fd;
		snprintf(err, errlen, "%s: '%s' is a symbolic link, which assay does not follow "
			 "(a repository could have planted it); name the real path", path, name);
		errno = ELOOP;
		return -1;
	}
	snprintf(err, errlen, "%s: cannot open the directory '%s': %s", path, name,
		 strerror(saved));
	errno = saved;
	return -1;
}

int pathwalk_parent(const char *path, const char **last, char *err, size_t errlen)
{
	int dir = open(path[0] == '/' ? "/" : ".", DIR_FLAGS);
	if (dir < 0) {
		snprintf(err, errlen, "%s: cannot open its first directory: %s", path,
			 strerror(errno));
		return -1;
	}
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		const char *slash = strchr(p, '/');
		if (!slash) {
			*last = p;
			return dir;
		}
		char name[4096];
		size_t n = (size_t)(slash - p);
		if (n >= sizeof(name)) {
			snprintf(err, errlen, "%s: a component is too long", path);
			close(dir);
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		int next = open_component(dir, name, path, err, errlen);
		close(dir);
		if (next < 0)
			return -1;
		dir = next;
		p = slash;
	}
}

int pathwalk_check(const char *path, char *err, size_t errlen)
{
	const char *last;
	int dir = pathwalk_parent(path, &last, err, errlen);
	if (dir < 0)
		return errno == ELOOP ? -1 : 0;	/* a missing directory: the caller's stat says so */
	close(dir);
	return 0;
}

const char *pathwalk_kind(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFLNK: return "a symbolic link";
	case S_IFDIR: return "a directory";
	case S_IFIFO: return "a FIFO";
	case S_IFSOCK: return "a socket";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFREG: return "a regular file";
	default: return "of an unknown type";
	}
}
