/*
 * safewrite.c - writing a file without following links or opening planted names (see
 * safewrite.h).
 */
#include "files/safewrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/pathwalk.h"

#if defined(__APPLE__)
#include <sys/random.h>
#endif

/* What is at the target now: nothing or a regular file (0), else a refusal in err (-2),
 * or -1 when it cannot be told (the cause in err). */
static int check_target(const struct safewrite *w, int exclusive, char *err, size_t errlen)
{
	struct stat st;
	if (w->name[0] == '\0' || strcmp(w->name, ".") == 0 || strcmp(w->name, "..") == 0) {
		snprintf(err, errlen, "%s: names a directory, not a file", w->path);
		return -2;
	}
	if (fstatat(w->dir, w->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : (snprintf(err, errlen, "%s: %s", w->path,
						       strerror(errno)), -1);
	struct stat ds;
	if (S_ISLNK(st.st_mode))
		snprintf(err, errlen, "%s: is a symbolic link, which assay never writes through",
			 w->path);
	else if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "%s: exists and is %s, not a regular file", w->path,
			 pathwalk_kind(st.st_mode));
	else if (geteuid() != 0 && st.st_uid != geteuid() && fstat(w->dir, &ds) == 0
		 && (ds.st_mode & S_ISVTX) && ds.st_uid != geteuid())
		snprintf(err, errlen, "%s: belongs to uid %lu in a sticky folder, where only its "
			 "owner may replace it", w->path, (unsigned long)st.st_uid);
	else if (exclusive)
		snprintf(err, errlen, "%s: exists; assay does not overwrite it", w->path);
	else
		return 0;
	return -2;
}

/* Creates the new file under a random name nobody can have planted; its descriptor. */
static int create_tmp(struct safewrite *w, mode_t mode)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		uint8_t r[8];
		if (getentropy(r, sizeof(r)) < 0)
			return -1;
		snprintf(w->tmp, sizeof(w->tmp), ".assay-%02x%02x%02x%02x%02x%02x%02x%02x.tmp",
			 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
		int fd = openat(w->dir, w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Opens w's directory and looks at what is at path: 0 (nothing, or a regular file that
 * may be replaced), -1 with the cause in err (w->dir closed), w->refused set when the
 * cause is what is at the path. */
static int open_target(struct safewrite *w, const char *path, int exclusive, char *err,
		       size_t errlen)
{
	memset(w, 0, sizeof(*w));
	w->path = path;
	w->exclusive = exclusive;
	w->dir = pathwalk_parent(path, &w->name, err, errlen);
	if (w->dir < 0) {
		w->refused = errno == ELOOP;
		return -1;
	}
	int target = check_target(w, exclusive, err, errlen);
	w->refused = target == -2;
	if (target == 0)
		return 0;
	close(w->dir);
	return -1;
}

int safewrite_check(const char *path, char *err, size_t errlen)
{
	struct safewrite w;
	if (open_target(&w, path, 0, err, errlen) < 0)
		return -1;
	/* A file made and removed beside it: a read-only or full folder says so now. */
	int fd = create_tmp(&w, 0600), rc = -1;
	if (fd < 0)
		snprintf(err, errlen, "%s: cannot create a file beside it: %s", path,
			 strerror(errno));
	else if (close(fd), unlinkat(w.dir, w.tmp, 0) < 0)	/* an append-only folder */
		snprintf(err, errlen, "%s: a file made beside it cannot be removed (%s): %s is "
			 "left there", path, strerror(errno), w.tmp);
	else
		rc = 0;
	close(w.dir);
	return rc;
}

int safewrite_open(struct safewrite *w, const char *path, mode_t mode, int exclusive,
		   char *err, size_t errlen)
{
	if (open_target(w, path, exclusive, err, errlen) < 0)
		return -1;
	int fd = create_tmp(w, mode);
	if (fd < 0)
		snprintf(err, errlen, "%s: cannot create a file beside it: %s", path,
			 strerror(errno));
	if (fd >= 0 && !(w->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlinkat(w->dir, w->tmp, 0);
	}
	if (!w->f) {
		close(w->dir);
		return -1;
	}
	return 0;
}

/* Puts the new file in place: over the target, or (exclusive) only where there is none. */
static int put_in_place(struct safewrite *w)
{
	if (!w->exclusive)
		return renameat(w->dir, w->tmp, w->dir, w->name);
	if (linkat(w->dir, w->tmp, w->dir, w->name, 0) < 0)
		return -1;
	unlinkat(w->dir, w->tmp, 0);
	return 0;
}

int safewrite_commit(struct safewrite *w, char *err, size_t errlen)
{
	int rc = !ferror(w->f) && fflush(w->f) == 0 && fsync(fileno(w->f)) == 0 ? 0 : -1;
	int saved = errno;
	if (fclose(w->f) != 0 && rc == 0)
		rc = -1, saved = errno;
	w->f = NULL;
	if (rc == 0 && put_in_place(w) < 0)
		rc = -1, saved = errno;
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", w->path, strerror(saved));
		unlinkat(w->dir, w->tmp, 0);
	} else {
		fsync(w->dir);	/* the rename itself survives a crash */
	}
	close(w->dir);
	w->dir = -1;
	return rc;
}

void safewrite_abort(struct safewrite *w)
{
	if (w->f)
		fclose(w->f);
	w->f = NULL;
	if (w->dir >= 0) {
		unlinkat(w->dir, w->tmp, 0);
		close(w->dir);
	}
	w->dir = -1;
}

int safewrite_all(const char *path, mode_t mode, const void *data, size_t len, char *err,
		  size_t errlen)
{
	struct safewrite sw, *w = &sw;
	if (safewrite_open(w, path, mode, 0, err, errlen) < 0)
		return -1;
	if (len > 0 && fwrite(data, 1, len, w->f) != len) {
		snprintf(err, errlen, "%s: %s", w->path, strerror(errno));
		safewrite_abort(w);
		return -1;
	}
	return safewrite_commit(w, err, errlen);
}
