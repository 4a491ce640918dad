/*
 * jsonread.h - a pull reader of JSON from a descriptor, for documents assay did not write
 * itself in this process (a shard's report, handed over between CI jobs): bounded in
 * depth and string length, strict about the grammar (RFC 8259), never holding more than
 * its buffer and the value asked for. Values the caller does not want are skipped
 * without being kept.
 *
 * Every call returns 0 (or 1, see below) on success and -1 on a malformed document or a
 * read error; the first error's description, with the byte offset, stays in jr->err and
 * every later call fails too.
 */
#ifndef ASSAY_UTIL_JSONREAD_H
#define ASSAY_UTIL_JSONREAD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define JR_MAX_DEPTH 64
#define JR_BUFSIZE 65536

struct json_reader {
	int fd;
	unsigned char buf[JR_BUFSIZE];
	size_t pos, len;
	uint64_t offset;		/* of buf[0] in the document */
	int eof;
	unsigned depth;
	uint8_t first[JR_MAX_DEPTH];	/* no member or element read yet at that depth */
	char err[160];
};

void jr_init(struct json_reader *jr, int fd);

/* Objects: jr_object then, while jr_key returns 1, a key (into key, at most max bytes)
 * and its value; 0 at the closing brace. */
int jr_object(struct json_reader *jr);
int jr_key(struct json_reader *jr, struct wbuf *key, size_t max);
/* Arrays: jr_array then, while jr_next returns 1, an element; 0 at the closing bracket. */
int jr_array(struct json_reader *jr);
int jr_next(struct json_reader *jr);

/* A string, decoded (escapes, \u surrogate pairs) into out with a NUL after it; longer
 * than max bytes is an error. 1 instead of 0 when the value was null and null_ok. */
int jr_string(struct json_reader *jr, struct wbuf *out, size_t max, int null_ok);
/* A non-negative integer no larger than max. */
int jr_uint(struct json_reader *jr, uint64_t max, uint64_t *out);
int jr_bool(struct json_reader *jr, int *out);
/* Any value, not kept. */
int jr_skip(struct json_reader *jr);
/* Nothing but white space is left. */
int jr_end(struct json_reader *jr);

#endif
