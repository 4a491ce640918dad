/*
 * open_guard.c - what libgit2 may open in a repository nobody vetted.
 *
 * libgit2 opens the repository's files itself, with a plain open(2): blocking, following
 * links, and reading each whole. A hostile repository (an archive with its .git, a CI
 * cache) can plant a FIFO where it looks (a work tree's .gitignore or .gitattributes,
 * .git/info/exclude, .git/config or a file it includes, packed-refs, MERGE_HEAD, a loose
 * object): the supervisor would block in open(2) for ever, out of reach of SIGTERM,
 * since the call is in the library. It can also name a device (core.excludesFile =
 * /dev/zero) or plant a sparse 2 GB .gitattributes.
 *
 * This definition of open(2) is the one libgit2 binds to (the executable exports it, as
 * tls_skip.c's: configure's -Wl,--export-dynamic-symbol). For calls from libgit2's own
 * code (their return address is in its text, known once libgit2.c has loaded it), it
 * looks at the file first (opening a device can itself do something), opens it without
 * blocking, and refuses, as if the file were not there (ENOENT, which libgit2 takes as
 * "none"), anything that is not a regular file or a directory (but /dev/null, a common
 * core.excludesFile); for the .gitignore, .gitattributes and .mailmap files of a work
 * tree (not those of a user's own configuration) also a link, as git does since 2.32,
 * and more than 1 MiB. Each refusal is a warning naming the file and why (the first 16
 * files). Every other caller, assay's own code and SQLite included, gets open(2)
 * unchanged.
 */
#include "git/keys.h"

#ifdef __linux__
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/log.h"

#define MAX_CONTENT_FILE (1u << 20)	/* as SECURITY.md says of attribute files */

static atomic_uintptr_t text_lo, text_hi;	/* libgit2's executable segments */

struct find_text {
	uintptr_t base, lo, hi;
};

static int note_text(struct dl_phdr_info *info, size_t size, void *data)
{
	struct find_text *t = data;
	(void)size;
	if (info->dlpi_addr != t->base)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
		t->lo = t->lo && t->lo < lo ? t->lo : lo;
		t->hi = t->hi > hi ? t->hi : hi;
	}
	return 1;
}

void keys_guard_library(void *handle)
{
	struct link_map *lm = NULL;
	if (!handle || dlinfo(handle, RTLD_DI_LINKMAP, &lm) != 0 || !lm)
		return;
	struct find_text t = { lm->l_addr, 0, 0 };
	dl_iterate_phdr(note_text, &t);
	atomic_store(&text_lo, t.lo);
	atomic_store(&text_hi, t.hi);
}

/* The work trees libgit2 opened repositories at (as it spells them: it opens their
 * files as workdir + path), for content_file. */
#define MAX_WORK_TREES 8
static char *work_trees[MAX_WORK_TREES];
static pthread_mutex_t work_trees_lock = PTHREAD_MUTEX_INITIALIZER;

void keys_guard_work_tree(const char *workdir)
{
	pthread_mutex_lock(&work_trees_lock);
	size_t i = 0;
	while (i < MAX_WORK_TREES && work_trees[i] && strcmp(work_trees[i], workdir) != 0)
		i++;
	if (i < MAX_WORK_TREES && !work_trees[i])
		work_trees[i] = strdup(workdir);
	pthread_mutex_unlock(&work_trees_lock);
}

/* Whether path is an ignore or attribute file of a work tree's content (not of its .git),
 * which git itself reads without following a link (since 2.32). */
static int content_file(const char *path)
{
	static const char *const names[] = { ".gitignore", ".gitattributes", ".mailmap" };
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	int named = 0, in_tree = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		named |= strcmp(base, names[i]) == 0;
	if (!named)
		return 0;	/* most opens: objects, refs, configuration */
	pthread_mutex_lock(&work_trees_lock);
	for (size_t i = 0; i < MAX_WORK_TREES && work_trees[i]; i++) {
		size_t n = strlen(work_trees[i]);
		in_tree |= strncmp(path, work_trees[i], n) == 0 && !strstr(path + n, "/.git/")
			   && strncmp(path + n, ".git/", 5) != 0;
	}
	pthread_mutex_unlock(&work_trees_lock);
	return in_tree;
}

static const char *kind_of(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
		: S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a file";
}

/* Whether path was refused already (libgit2 reads a configuration again and again):
 * the first 16 are remembered, by a hash of the name; past them, nothing more is said. */
static int said_before(const char *path)
{
	static _Atomic uint64_t said[16];
	uint64_t h = 1469598103934665603u;
	for (const unsigned char *c = (const unsigned char *)path; *c; c++)
		h = (h ^ *c) * 1099511628211u;
	for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++) {
		uint64_t seen = atomic_load(&said[i]);
		if (seen == h)
			return 1;
		if (seen == 0 && atomic_compare_exchange_strong(&said[i], &seen, h))
			return 0;
	}
	return 1;
}

/* Refuses path, saying why once: -1 with errno ENOENT (closing fd when it is open). */
static int refuse(int fd, const char *path, const char *why)
{
	if (fd >= 0)
		close(fd);
	if (!said_before(path))
		log_event(LOG_WARNING, "git.not_read", path, "%s: not read for git (a repository's "
			  "git files must be regular files; ignore and attribute files also no "
			  "links and at most 1 MiB)", why);
	errno = ENOENT;
	return -1;
}

/* Why a file of st may not be read for git, or NULL (content: an ignore or attribute
 * file of a work tree). */
static const char *refused_kind(const struct stat *st, int content)
{
	int dev_null = S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
	if (S_ISLNK(st->st_mode))
		return "a symbolic link";
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode) && !dev_null)
		return kind_of(st->st_mode);
	return content && st->st_size > (off_t)MAX_CONTENT_FILE ? "larger than 1 MiB" : NULL;
}

static int guarded_open(const char *path, int flags, mode_t mode)
{
	int content = content_file(path);
	struct stat before, st;
	/* Looked at before it is opened: opening a device can itself do something. */
	int known = (content ? lstat(path, &before) : stat(path, &before)) == 0;
	const char *why = known ? refused_kind(&before, content) : NULL;
	if (why)
		return refuse(-1, path, why);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path,
			      flags | O_NONBLOCK | O_LARGEFILE | (content ? O_NOFOLLOW : 0), mode);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		return refuse(fd, path, strerror(errno));
	why = refused_kind(&st, content);
	if (!why && known && (st.st_dev != before.st_dev || st.st_ino != before.st_ino))
		why = "replaced while opened";
	if (why)
		return refuse(fd, path, why);
	if (!(flags & O_NONBLOCK)) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	return fd;
}

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	uintptr_t from = (uintptr_t)__builtin_return_address(0);
	if (from >= atomic_load(&text_lo) && from < atomic_load(&text_hi))
		return guarded_open(path, flags, mode);
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

#else

void keys_guard_library(void *handle)
{
	(void)handle;	/* elsewhere the dynamic linker binds libgit2 to libc's own open */
}

void keys_guard_work_tree(const char *workdir)
{
	(void)workdir;
}

#endif
