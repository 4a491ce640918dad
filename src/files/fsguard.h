/*
 * fsguard.h - the only code that opens files to analyze.
 *
 * Files are opened relative to an analysis root's directory descriptor, never following
 * a symbolic link (openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS where the kernel has it,
 * else one O_NOFOLLOW openat per path component), regular files only (O_NONBLOCK so a
 * FIFO swapped in after discovery cannot block us; the fstat then refuses it), and never
 * more than the size cap. Each refusal is a reason a person can read.
 */
#ifndef ASSAY_FSGUARD_H
#define ASSAY_FSGUARD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

enum fsguard_result {
	FSGUARD_OK = 0,
	FSGUARD_SKIP,		/* refused on purpose: reason says why (skipped) */
	FSGUARD_FAIL,		/* could not read: reason says why (failed) */
};

/* Reads root_fd/relpath into out (replacing its content), at most max_size bytes.
 * On anything but FSGUARD_OK, reason holds a short cause ("symbolic link", "not a
 * regular file", "too large (12 MB)", "read error: ..."). */
enum fsguard_result fsguard_read(int root_fd, const char *relpath, uint64_t max_size,
				 struct wbuf *out, char *reason, size_t reason_len);

/* Opens the directory root_fd/relpath ("" is the root itself) the same guarded way;
 * returns a descriptor or -1 with errno. */
int fsguard_open_dir(int root_fd, const char *relpath);

/* 1 when the bytes look binary (a NUL in the first 8 KiB). */
int fsguard_is_binary(const uint8_t *data, size_t len);
/* 1 when the bytes look minified: large, with very long lines on average. */
int fsguard_is_minified(const uint8_t *data, size_t len);

#endif
