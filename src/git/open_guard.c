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

/* The folders of the repositories libgit2 opened (as it spells them: it opens their
 * files as folder + path): work trees, and git folders (which may lie in a work tree
 * under any name, `gitdir: meta`), for place_of. */
#define MAX_ROOTS 16
static struct root {
	char *path;
	int git;	/* a git folder (or common folder), not a work tree */
} roots[MAX_ROOTS];
static pthread_mutex_t roots_lock = PTHREAD_MUTEX_INITIALIZER;

static void add_root(const char *path, int git)
{
	if (!path || !path[0])
		return;
	pthread_mutex_lock(&roots_lock);
	size_t i = 0;
	while (i < MAX_ROOTS && roots[i].path && strcmp(roots[i].path, path) != 0)
		i++;
	if (i < MAX_ROOTS && !roots[i].path) {
		roots[i].path = strdup(path);
		roots[i].git = git;
	}
	pthread_mutex_unlock(&roots_lock);
}

void keys_guard_repository(const char *workdir, const char *gitdir, const char *commondir)
{
	add_root(gitdir, 1);
	add_root(commondir, 1);
	add_root(workdir, 0);
}

/* Where a file libgit2 opens lies, which says what it may be. */
enum place {
	TREE_FILE,	/* in a work tree, outside its .git: a tracked file, hashed in chunks */
	TREE_RULES,	/* a work tree's .gitignore, .gitattributes, .mailmap, .gitmodules */
	TREE_GIT_LINK,	/* a work tree's .git file (a submodule's): at most 1 MiB, as git has it */
	GIT_STORE,	/* objects, indexes, packed-refs, logs: large in large repositories */
	GIT_TEXT,	/* the rest: configuration and what it names, refs, info/ files */
};

static int named_one_of(const char *base, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

/* 1 when path lies in a git folder libgit2 opened, 0 in a work tree (outside every .git
 * in it), -1 elsewhere. */
static int registered_root(const char *path)
{
	int in_tree = 0, in_git = 0;
	pthread_mutex_lock(&roots_lock);
	for (size_t i = 0; i < MAX_ROOTS && roots[i].path; i++) {
		size_t n = strlen(roots[i].path);
		if (strncmp(path, roots[i].path, n) != 0)
			continue;
		if (roots[i].git)
			in_git = 1;
		else
			in_tree |= !strstr(path + n, "/.git/") && strncmp(path + n, ".git/", 5) != 0;
	}
	pthread_mutex_unlock(&roots_lock);
	return in_git ? 1 : in_tree ? 0 : -1;
}

/* A git file that can be large in a large repository: an object, the index (as git
 * names it while it writes one, and $GIT_INDEX_FILE), packed-refs, FETCH_HEAD, a log. */
static int store_file(const char *path, const char *base)
{
	static const char *const store[] = { "index", "index.lock", "packed-refs", "FETCH_HEAD" };
	const char *index_file = getenv("GIT_INDEX_FILE");
	const char *index_base = index_file ? strrchr(index_file, '/') : NULL;
	index_base = index_base ? index_base + 1 : index_file;
	return strstr(path, "/objects/") || strstr(path, "/logs/")
	       || strncmp(base, "sharedindex.", 12) == 0 || strncmp(base, "next-index-", 11) == 0
	       || named_one_of(base, store, sizeof(store) / sizeof(store[0]))
	       || (index_base && index_base[0] && strcmp(base, index_base) == 0);
}

/* Set while libgit2 compares a work tree (keys_guard_hashing): it then reads tracked
 * files, of any size, to hash them. */
static _Thread_local int hashing;

void keys_guard_hashing(int on)
{
	hashing = on;
}

static enum place place_of(const char *path)
{
	static const char *const rules[] = { ".gitignore", ".gitattributes", ".mailmap",
					     ".gitmodules" };
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (registered_root(path) == 0) {
		if (strcmp(base, ".git") == 0)
			return TREE_GIT_LINK;
		if (named_one_of(base, rules, 4))
			return TREE_RULES;
		/* Else a file a configuration names (core.excludesFile = big, relative to
		 * the work tree), read whole as git's own are. */
		return hashing ? TREE_FILE : GIT_TEXT;
	}
	return store_file(path, base) ? GIT_STORE : GIT_TEXT;
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
	if ((place == TREE_RULES || place == TREE_GIT_LINK) && st->st_size > (off_t)MAX_RULES_FILE)
		return "larger than 1 MiB";
	if (place == GIT_TEXT && st->st_size > (off_t)MAX_GIT_TEXT)
		return "larger than 16 MiB";
	return NULL;
}

/* The files refused so far, by inode: libgit2 opens a file again under another name (a
 * relative core.excludesFile first as given, then in the work tree), which must not make
 * a refused file pass. */
#define MAX_REFUSED 16
static struct refusal {
	dev_t dev;
	ino_t ino;
	const char *why;
} refused[MAX_REFUSED];
static size_t nrefused;
static pthread_mutex_t refused_lock = PTHREAD_MUTEX_INITIALIZER;

static void remember_refusal(const struct stat *st, const char *why)
{
	pthread_mutex_lock(&refused_lock);
	size_t i = 0;
	while (i < nrefused && (refused[i].dev != st->st_dev || refused[i].ino != st->st_ino))
		i++;
	if (i == nrefused && nrefused < MAX_REFUSED)
		refused[nrefused++] = (struct refusal){ st->st_dev, st->st_ino, why };
	pthread_mutex_unlock(&refused_lock);
}

/* Why the file of st was refused before (under whatever name), or NULL. */
static const char *refused_before(const struct stat *st)
{
	const char *why = NULL;
	pthread_mutex_lock(&refused_lock);
	for (size_t i = 0; i < nrefused && !why; i++)
		if (refused[i].dev == st->st_dev && refused[i].ino == st->st_ino)
			why = refused[i].why;
	pthread_mutex_unlock(&refused_lock);
	return why;
}

/* Why the file libgit2 opened on fd (flags, at place; before: what its path was before,
 * if known) may not be read, or NULL; *st: its status (st_ino 0 when unknown). */
static const char *refused_open(int fd, int flags, enum place place, const struct stat *before,
				struct stat *st)
{
	if (fstat(fd, st) < 0) {
		st->st_ino = 0;
		return strerror(errno);
	}
	const char *why = refused_kind(st, place);
	if (!why && before && (st->st_dev != before->st_dev || st->st_ino != before->st_ino))
		why = "replaced while opened";
	if (!why && place != TREE_FILE && S_ISREG(st->st_mode) && (flags & O_ACCMODE) == O_RDONLY
	    && fd_sparse(fd, st->st_size))
		why = "a sparse file";
	return why ? why : refused_before(st);
}

static int guarded_open(const char *path, int flags, mode_t mode)
{
	enum place place = place_of(path);
	struct stat before, st;
	/* Looked at before it is opened: opening a device can itself do something. */
	int known = (place == TREE_RULES ? lstat(path, &before) : stat(path, &before)) == 0;
	const char *why = known ? refused_kind(&before, place) : NULL;
	if (known && !why)
		why = refused_before(&before);
	if (why) {
		remember_refusal(&before, why);
		return refuse(-1, path, why);
	}
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_NONBLOCK | O_LARGEFILE
			      | (place == TREE_RULES ? O_NOFOLLOW : 0), mode);
	if (fd < 0)
		return -1;
	why = refused_open(fd, flags, place, known ? &before : NULL, &st);
	if (why) {
		if (st.st_ino)
			remember_refusal(&st, why);
		return refuse(fd, path, why);
	}
	if (!(flags & O_NONBLOCK)) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	return fd;
}

/* open(2) for a caller at from: guarded when it is libgit2's code. */
static int open_from(uintptr_t from, const char *path, int flags, mode_t mode)
{
	if (from >= atomic_load(&text_lo) && from < atomic_load(&text_hi))
		return guarded_open(path, flags, mode);
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

#define MODE_ARG(flags, mode)                                                       \
	do {                                                                        \
		if (((flags) & O_CREAT) || ((flags) & O_TMPFILE) == O_TMPFILE) {    \
			va_list ap;                                                 \
			va_start(ap, flags);                                        \
			mode = (mode_t)va_arg(ap, int);                             \
			va_end(ap);                                                 \
		}                                                                   \
	} while (0)

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	MODE_ARG(flags, mode);
	return open_from((uintptr_t)__builtin_return_address(0), path, flags, mode);
}

/* What a library built with 64-bit file offsets on a 32-bit system calls instead. */
int open64(const char *path, int flags, ...);
int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	MODE_ARG(flags, mode);
	return open_from((uintptr_t)__builtin_return_address(0), path, flags, mode);
}

#else

void keys_guard_library(void *handle)
{
	(void)handle;	/* elsewhere the dynamic linker binds libgit2 to libc's own open */
}

void keys_guard_repository(const char *workdir, const char *gitdir, const char *commondir)
{
	(void)workdir, (void)gitdir, (void)commondir;
}

void keys_guard_hashing(int on)
{
	(void)on;
}

#endif
