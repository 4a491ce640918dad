/*
 * safewrite.h - the one way the supervisor writes a file: reports, the trace, the metrics
 * file, baselines, cache exports, the git hook (a signing key pair, which is never
 * replaced, is made in place, O_EXCL in its folder opened the same way: store/signkey.c).
 *
 * The target's directory is opened without following links (pathwalk.h); the content
 * goes to a new file of an unpredictable name beside the target, created with
 * O_CREAT|O_EXCL|O_NOFOLLOW (a planted file or link of any name is never opened), and is
 * fsync'd, then renamed over the target, and the directory fsync'd. A target that is a
 * symbolic link, or anything but a regular file, is refused: a link is never written
 * through. Until safewrite_commit the target is untouched; safewrite_abort removes the new
 * file.
 */
#ifndef ASSAY_SAFEWRITE_H
#define ASSAY_SAFEWRITE_H

#include <stdio.h>
#include <sys/types.h>

struct safewrite {
	FILE *f;		/* write the content here */
	int dir;		/* the target's directory */
	const char *name;	/* the target's name in dir (points into the path given) */
	const char *path;	/* the target as given, for messages */
	char tmp[64];		/* the new file's name in dir */
	int exclusive;		/* never replace an existing target */
	int refused;		/* safewrite_open failed on what is at the path (a link, not a
				   regular file), not on the system */
};

/* Starts writing path with the given mode (before the umask; 0666 for a report, 0600 for
 * a secret); -1 with a message naming the path and the cause in err. When exclusive, an
 * existing target is refused rather than replaced (a key is never overwritten). */
int safewrite_open(struct safewrite *w, const char *path, mode_t mode, int exclusive,
		   char *err, size_t errlen);

/* Whether path could be written now: its directory opens without a link, what is at the
 * path is nothing or a regular file, and a file can be made beside it (made and removed
 * at once). 0, or -1 with the message in err. A run checks its reports' paths before it
 * measures; safewrite_open checks again when it writes. */
int safewrite_check(const char *path, char *err, size_t errlen);

/* Flushes, fsyncs and renames the new file over the target. 0, or -1 with the message
 * in err and the new file removed. Frees w either way. */
int safewrite_commit(struct safewrite *w, char *err, size_t errlen);

/* Gives up: removes the new file, leaves the target as it was, frees w. */
void safewrite_abort(struct safewrite *w);

/* The whole of data to path in one call; -1 with the message in err. */
int safewrite_all(const char *path, mode_t mode, const void *data, size_t len, char *err,
		  size_t errlen);

#endif
