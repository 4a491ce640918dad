/*
 * locate.c - the plain case of git's repository discovery (see locate.h).
 */
#include "git/locate.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Larger configuration files are left to libgit2. */
#define CONFIG_LOOK_MAX (64 * 1024)

/* The regular file at path opened for reading (never blocking on a FIFO; not through a
 * link unless follow), with its size: the descriptor, -2 when there is none, -1 when it is
 * there but not a regular file of at most CONFIG_LOOK_MAX bytes. */
static int open_small(const char *path, int follow)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? -2 : -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= CONFIG_LOOK_MAX)
		return fd;
	close(fd);
	return -1;
}

/* The regular file at path (as open_small finds it), lowercased, into buf of
 * CONFIG_LOOK_MAX + 1 bytes, NUL-terminated: its length; 0 when there is none; -1 when it
 * cannot be read so. */
static ssize_t read_lower(const char *path, int follow, char *buf)
{
	int fd = open_small(path, follow);
	if (fd < 0)
		return fd == -2 ? 0 : -1;
	ssize_t n, got = 0;
	while ((n = read(fd, buf + got, CONFIG_LOOK_MAX + 1 - (size_t)got)) > 0
	       || (n < 0 && errno == EINTR))
		got += n > 0 ? n : 0;
	close(fd);
	if (n < 0 || got > CONFIG_LOOK_MAX)
		return -1;
	for (ssize_t i = 0; i < got; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	buf[got] = '\0';
	return got;
}

/* 1 when a line that mentions "bare" is anything but "bare = false". */
static int bare_other_than_false(const char *text)
{
	for (const char *p = strstr(text, "bare"); p; p = strstr(p + 4, "bare")) {
		const char *line = p;
		while (line > text && line[-1] != '\n')
			line--;
		char squeezed[32];
		size_t n = 0;
		for (const char *c = line; *c && *c != '\n' && n < sizeof(squeezed) - 1; c++)
			if (*c != ' ' && *c != '\t' && *c != '\r')
				squeezed[n++] = *c;
		squeezed[n] = '\0';
		if (strcmp(squeezed, "bare=false") != 0)
			return 1;
	}
	return 0;
}

static unsigned mentions_in(const char *path, int follow, int repo_own, char *buf)
{
	ssize_t n = read_lower(path, follow, buf);
	if (n <= 0)
		return n < 0 ? GIT_CONFIG_UNREADABLE : 0;
	unsigned m = 0;
	if (strstr(buf, "worktree") || strstr(buf, "include") || strstr(buf, "extensions")
	    || (repo_own ? bare_other_than_false(buf) : strstr(buf, "bare") != NULL))
		m |= GIT_CONFIG_MOVES;
	if (strstr(buf, "attributesfile"))
		m |= GIT_CONFIG_ATTRIBUTES;
	return m;
}

/* What the configuration files of gitdir's repository mention, read now. */
static unsigned read_mentions(const char *gitdir)
{
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	if (!home || !home[0])
		return GIT_CONFIG_UNREADABLE;	/* libgit2 would look the user up */
	char *buf = malloc(CONFIG_LOOK_MAX + 1);
	char path[PATH_MAX + 32];
	if (!buf)
		return GIT_CONFIG_UNREADABLE;
	snprintf(path, sizeof(path), "%sconfig", gitdir);
	unsigned m = mentions_in(path, 0, 1, buf);
	snprintf(path, sizeof(path), "%s/.gitconfig", home);
	m |= mentions_in(path, 1, 0, buf);
	if (xdg && xdg[0])
		snprintf(path, sizeof(path), "%s/git/config", xdg);
	else
		snprintf(path, sizeof(path), "%s/.config/git/config", home);
	m |= mentions_in(path, 1, 0, buf);
	m |= mentions_in("/etc/gitconfig", 1, 0, buf);
	free(buf);
	return m;
}

/* A run asks about the same repository several times (the configuration's root, each
 * walk's filter, the attributes): its files are read once, the last repository's answer
 * kept (the environment that names the user's files does not change during a run). */
unsigned git_config_mentions(const char *gitdir)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char last[PATH_MAX + 16];
	static unsigned last_m;
	pthread_mutex_lock(&lock);
	if (strcmp(last, gitdir) != 0) {
		last_m = read_mentions(gitdir);
		snprintf(last, sizeof(last), "%s", gitdir);
	}
	unsigned m = last_m;
	pthread_mutex_unlock(&lock);
	return m;
}

static int exists(const char *dir, const char *name, struct stat *st)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, st) == 0;
}

/* dir/.git, a directory: whether it is a plain repository's (as libgit2 validates one:
 * HEAD, objects/ and refs/; no commondir; a configuration that moves nothing). */
static enum git_located plain_git_dir(const char *dir, struct git_location *loc)
{
	struct stat st;
	char gitdir[PATH_MAX + 8];
	snprintf(gitdir, sizeof(gitdir), "%s/.git", dir);
	if (!exists(gitdir, "HEAD", &st) || !S_ISREG(st.st_mode)
	    || !exists(gitdir, "objects", &st) || !S_ISDIR(st.st_mode)
	    || !exists(gitdir, "refs", &st) || !S_ISDIR(st.st_mode)
	    || exists(gitdir, "commondir", &st))
		return GIT_LOCATE_ASK;
	snprintf(loc->workdir, sizeof(loc->workdir), "%s/", strcmp(dir, "/") ? dir : "");
	snprintf(loc->gitdir, sizeof(loc->gitdir), "%s/", gitdir);
	if (git_config_mentions(loc->gitdir) & (GIT_CONFIG_MOVES | GIT_CONFIG_UNREADABLE))
		return GIT_LOCATE_ASK;
	const char *index_file = getenv("GIT_INDEX_FILE");
	if (index_file && index_file[0])
		snprintf(loc->index, sizeof(loc->index), "%s", index_file);
	else
		snprintf(loc->index, sizeof(loc->index), "%sindex", loc->gitdir);
	return GIT_LOCATE_FOUND;
}

/* The folder the search starts from into dir: path resolved, its folder when it is a
 * file; *st that folder's. 0, or -1 when the search is libgit2's (GIT_DIR or
 * GIT_WORK_TREE set, a path that does not resolve). */
static int start_dir(const char *path, char *dir, struct stat *st)
{
	const char *env_dir = getenv("GIT_DIR"), *env_wt = getenv("GIT_WORK_TREE");
	if ((env_dir && env_dir[0]) || (env_wt && env_wt[0]) || !realpath(path, dir)
	    || stat(dir, st) < 0)
		return -1;
	if (S_ISDIR(st->st_mode))
		return 0;
	char *slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	slash[slash == dir] = '\0';	/* "/file" leaves "/" */
	return stat(dir, st);
}

/* look_in's answer when dir holds nothing of git's: the search goes on in its parent. */
enum { LOOK_ABOVE = 2 };

/* What folder dir (on device dev) says: a repository (FOUND, *loc filled), certainly none
 * at or above it (NONE: the file system ends there), a case for libgit2 (ASK), or
 * LOOK_ABOVE. */
static int look_in(const char *dir, dev_t dev, struct git_location *loc)
{
	struct stat here, dot;
	if (lstat(dir, &here) < 0)
		return GIT_LOCATE_ASK;
	if (here.st_dev != dev)
		return GIT_LOCATE_NONE;	/* nor does libgit2, opened without CROSS_FS */
	if (exists(dir, ".git", &dot))
		return S_ISDIR(dot.st_mode) ? plain_git_dir(dir, loc) : GIT_LOCATE_ASK;
	if (errno != ENOENT || exists(dir, "HEAD", &dot))
		return GIT_LOCATE_ASK;	/* unreadable, or maybe a bare repository */
	return LOOK_ABOVE;
}

enum git_located git_locate(const char *path, struct git_location *loc)
{
	char dir[PATH_MAX];
	struct stat st;
	if (start_dir(path, dir, &st) < 0)
		return GIT_LOCATE_ASK;
	for (;;) {
		int found = look_in(dir, st.st_dev, loc);
		if (found != LOOK_ABOVE)
			return (enum git_located)found;
		if (strcmp(dir, "/") == 0)
			return GIT_LOCATE_NONE;
		char *slash = strrchr(dir, '/');
		slash[slash == dir] = '\0';
	}
}
