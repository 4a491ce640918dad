/*
 * fsguard.h - the only code that opens files to analyze.
 *
 * Files are opened relative to an analysis root's directory descriptor, never following
 * a symbolic link (openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS where the kernel has it,
 * else one O_NOFOLLOW openat per path component), regular files only (O_NONBLOCK so a
 * FIFO swapped in after discovery cannot block us; the fstat then refuses it), and never
 * more than the size cap. Each refusal is a cause (common/cause.h) with its detail.
 */
#ifndef ASSAY_FSGUARD_H
#define ASSAY_FSGUARD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/cause.h"

enum fsguard_result {
	FSGUARD_OK = 0,
	FSGUARD_SKIP,		/* refused on purpose: why says why (skipped) */
	FSGUARD_FAIL,		/* could not read: why says why (failed) */
};

/* Reads root_fd/relpath into out (replacing its content), at most max_size bytes.
 * On anything but FSGUARD_OK, *why holds the cause (a link or a path out of the root,
 * not a regular file, too large, a read error). */
enum fsguard_result fsguard_read(int root_fd, const char *relpath, uint64_t max_size,
				 struct wbuf *out, struct cause_note *why);

/* Opens the directory root_fd/relpath ("" is the root itself) the same guarded way;
 * returns a descriptor or -1 with errno. */
int fsguard_open_dir(int root_fd, const char *relpath);

/* 1 when the bytes look binary (a NUL in the first 8 KiB). */
int fsguard_is_binary(const uint8_t *data, size_t len);
/* 1 when the bytes look minified: large, with very long lines on average. */
int fsguard_is_minified(const uint8_t *data, size_t len);

#endif
