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
 * and more than 1 MiB. libgit2 reads most files whole, so a file of git's own (anything
 * outside a work tree, or in a .git) with a hole is refused too (git writes every byte,
 * and a sparse file of gigabytes costs that much memory and no disk), and one of its
 * configuration, refs and what they name (not its objects, index or packed-refs, large
 * in large repositories) over 16 MiB. A work tree's other files are read in chunks, and
 * passed. Each refusal is a warning naming the file and why (the first 16
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

#include "common/fdio.h"
#include "util/log.h"

#define MAX_RULES_FILE (1u << 20)	/* as SECURITY.md says of attribute files */
#define MAX_GIT_TEXT (16u << 20)	/* configuration, refs: git's own are kilobytes */

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
 * files as workdir + path), for place_of. */
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

/* Where a file libgit2 opens lies, which says what it may be. */
enum place {
	TREE_FILE,	/* in a work tree, outside its .git: a tracked file, hashed in chunks */
	TREE_RULES,	/* a work tree's .gitignore, .gitattributes or .mailmap */
	GIT_STORE,	/* objects, the index, packed-refs: large in large repositories */
	GIT_TEXT,	/* the rest: configuration and what it names, refs, info/ files */
};

static int named_one_of(const char *base, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

/* Whether path lies in a work tree libgit2 opened, outside every .git in it. */
static int in_work_tree(const char *path)
{
	int in_tree = 0;
	pthread_mutex_lock(&work_trees_lock);
	for (size_t i = 0; i < MAX_WORK_TREES && work_trees[i]; i++) {
		size_t n = strlen(work_trees[i]);
		in_tree |= strncmp(path, work_trees[i], n) == 0 && !strstr(path + n, "/.git/")
			   && strncmp(path + n, ".git/", 5) != 0;
	}
	pthread_mutex_unlock(&work_trees_lock);
	return in_tree;
}

static enum place place_of(const char *path)
{
	static const char *const rules[] = { ".gitignore", ".gitattributes", ".mailmap" };
	static const char *const store[] = { "index", "packed-refs" };
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (in_work_tree(path))
		return named_one_of(base, rules, 3) ? TREE_RULES : TREE_FILE;
	if (strstr(path, "/objects/") || strncmp(base, "sharedindex.", 12) == 0
	    || named_one_of(base, store, 2))
		return GIT_STORE;
	return GIT_TEXT;
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
			  "git files must be regular files without holes, and its configuration and "
			  "refs at most 16 MiB; ignore and attribute files also no links and at most "
			  "1 MiB)", why);
	errno = ENOENT;
	return -1;
}

/* Why a file of st at place may not be read for git, or NULL. */
static const char *refused_kind(const struct stat *st, enum place place)
{
	int dev_null = S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
	if (S_ISLNK(st->st_mode))
		return "a symbolic link";
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode) && !dev_null)
		return kind_of(st->st_mode);
	if (!S_ISREG(st->st_mode))
		return NULL;
	if (place == TREE_RULES && st->st_size > (off_t)MAX_RULES_FILE)
		return "larger than 1 MiB";
	if (place == GIT_TEXT && st->st_size > (off_t)MAX_GIT_TEXT)
		return "larger than 16 MiB";
	return NULL;
}

/* Why the file libgit2 opened on fd (flags, at place; before: what its path was before,
 * if known) may not be read, or NULL. */
static const char *refused_open(int fd, int flags, enum place place, const struct stat *before)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return strerror(errno);
	const char *why = refused_kind(&st, place);
	if (!why && before && (st.st_dev != before->st_dev || st.st_ino != before->st_ino))
		why = "replaced while opened";
	if (!why && place != TREE_FILE && S_ISREG(st.st_mode) && (flags & O_ACCMODE) == O_RDONLY
	    && fd_sparse(fd, st.st_size))
		why = "a sparse file";
	return why;
}

static int guarded_open(const char *path, int flags, mode_t mode)
{
	enum place place = place_of(path);
	struct stat before;
	/* Looked at before it is opened: opening a device can itself do something. */
	int known = (place == TREE_RULES ? lstat(path, &before) : stat(path, &before)) == 0;
	const char *why = known ? refused_kind(&before, place) : NULL;
	if (why)
		return refuse(-1, path, why);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_NONBLOCK | O_LARGEFILE
			      | (place == TREE_RULES ? O_NOFOLLOW : 0), mode);
	if (fd < 0)
		return -1;
	why = refused_open(fd, flags, place, known ? &before : NULL);
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
