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
 * This definition of open(2) (and open64) is the one libgit2 binds to (the executable
 * exports it, as tls_skip.c's: configure's -Wl,--export-dynamic-symbol or a dynamic
 * list). For calls from libgit2's own code (their return address is in its text, known
 * once libgit2.c has loaded it), it looks at the file first (opening a device can itself
 * do something), opens it without blocking, and refuses, as if the file were not there
 * (ENOENT, which libgit2 takes as "none"), anything that is not a regular file or a
 * directory (but /dev/null, a common core.excludesFile); a file with a hole (git writes
 * every byte, and libgit2 reads most files whole: a sparse file of gigabytes costs that
 * much memory and no disk); and by where the file really lies (open_place.c) a link or
 * more than 1 MiB for a work tree's ignore, attribute, mailmap or .gitmodules file, and
 * more than 16 MiB for anything that is not one of git's large files (objects, indexes,
 * packed-refs, reflogs) or a work tree file libgit2 reads while it compares the work
 * tree. A file refused once is refused under any other name. Each refusal is a warning
 * naming the file and why (the first 64 files). Every other caller, assay's own code and
 * SQLite included, gets open(2) unchanged.
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
#include "git/open_place.h"
#include "util/log.h"

#define MAX_RULES_FILE (1u << 20)	/* as SECURITY.md says of attribute files */
#define MAX_GIT_TEXT (16u << 20)	/* configuration, refs: git's own are kilobytes */
#define MAX_REFUSED 256			/* files refused, remembered by inode */

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

static const char *kind_of(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
		: S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a file";
}

/* Whether path was refused already (libgit2 reads a configuration again and again):
 * the first 64 are remembered, by a hash of the name; past them, nothing more is said
 * (but a last line saying so). */
static int said_before(const char *path)
{
	static _Atomic uint64_t said[64];
	static atomic_int full;
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
	if (!atomic_exchange(&full, 1))
		log_event(LOG_WARNING, "git.not_read", NULL, "more files were refused for git than "
			  "are named here (%zu): the rest are not", sizeof(said) / sizeof(said[0]));
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

/* Why a file of st may not be opened for git at all (spelled: where its path says it
 * lies), or NULL: opening a FIFO or a device can itself block or do something. */
static const char *refused_kind(const struct stat *st, enum place spelled)
{
	int dev_null = S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
	if (S_ISLNK(st->st_mode))
		return spelled == TREE_RULES ? "a symbolic link" : NULL;
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode) && !dev_null)
		return kind_of(st->st_mode);
	return NULL;
}

/* Why the regular file of st, open on fd, may not be read for git where it lies
 * (place), or NULL: git writes every byte of its files, and libgit2 reads most of them
 * whole (a sparse file costs its size in memory and nothing on disk); configuration is
 * kilobytes. */
static const char *refused_size(int fd, const struct stat *st, enum place place)
{
	if ((place == TREE_RULES || place == TREE_GIT_LINK) && st->st_size > (off_t)MAX_RULES_FILE)
		return "larger than 1 MiB";
	if (place == GIT_TEXT && st->st_size > (off_t)MAX_GIT_TEXT)
		return "larger than 16 MiB";
	/* A tracked file libgit2 hashes in chunks may be sparse (cp --sparse, ZFS's zero
	 * blocks): refused, the whole comparison would fail. */
	return place != TREE_FILE && fd_sparse(fd, st->st_size) ? "a sparse file" : NULL;
}

/* The files refused so far, by inode: libgit2 opens a file again under another name (a
 * relative core.excludesFile first as given, then in the work tree), which must not make
 * a refused file pass. */
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

/* Why the file libgit2 opened on fd (as path, with flags; before: what its path was
 * before, if known) may not be read, or NULL; *st: its status (st_ino 0 when unknown). */
static const char *refused_open(int fd, const char *path, int flags, const struct stat *before,
				struct stat *st)
{
	if (fstat(fd, st) < 0) {
		st->st_ino = 0;
		return strerror(errno);
	}
	const char *why = refused_kind(st, GIT_TEXT);
	if (!why && before && (st->st_dev != before->st_dev || st->st_ino != before->st_ino))
		why = "replaced while opened";
	if (!why && S_ISREG(st->st_mode) && (flags & O_ACCMODE) == O_RDONLY)
		why = refused_size(fd, st, place_of_fd(fd, path));
	return why ? why : refused_before(st);
}

static int guarded_open(const char *path, int flags, mode_t mode)
{
	enum place spelled = place_spelled(path);
	struct stat before, st;
	/* Looked at before it is opened: opening a device can itself do something. */
	int known = (spelled == TREE_RULES ? lstat(path, &before) : stat(path, &before)) == 0;
	const char *why = known ? refused_kind(&before, spelled) : NULL;
	if (why) {
		remember_refusal(&before, why);
		return refuse(-1, path, why);
	}
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_NONBLOCK | O_LARGEFILE
			      | (spelled == TREE_RULES ? O_NOFOLLOW : 0), mode);
	if (fd < 0)
		return -1;
	why = refused_open(fd, path, flags, known ? &before : NULL, &st);
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


#endif
