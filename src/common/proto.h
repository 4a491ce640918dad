/*
 * proto.h - the framed protocol between the supervisor and its workers.
 *
 * A frame is `u32 length | u8 type | payload`, little-endian, where length counts the
 * type byte and the payload and never exceeds PROTO_MAX_FRAME. The worker speaks first
 * (HELLO, after it has locked itself down), then answers every FILE with exactly one
 * RESULT or ERROR, in the order the files were sent. Because answers are per file and
 * ordered, the supervisor always knows which file a worker was working on when it died.
 *
 * Both directions go through proto_frame_parse, which validates lengths before anything
 * is used: the supervisor treats everything a worker sends as hostile.
 */
#ifndef ASSAY_PROTO_H
#define ASSAY_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define PROTO_VERSION 2
#define PROTO_MAX_FRAME (80u * 1024 * 1024)	/* above the largest file assay reads */
#define PROTO_HEADER 5
/* The worker's exit status when memory ran out (reported as "out of memory"). */
#define PROTO_EXIT_OOM 71

enum proto_type {
	PROTO_HELLO = 1,	/* worker: u32 version, u8 sandbox level, str detail */
	PROTO_FILE = 2,		/* supervisor: u32 id, u8 lang, u32 flags, u64 timeout_us, bytes */
	PROTO_RESULT = 3,	/* worker: u32 id, u64 analysis time (ns), encoded record */
	PROTO_ERROR = 4,	/* worker: u32 id, str reason */
};

struct proto_frame {
	uint8_t type;
	const uint8_t *payload;	/* points into the caller's buffer */
	size_t len;
};

/* Looks for one whole frame at the start of data. Returns 1 and fills *f and *used when
 * a frame is there, 0 when more bytes are needed, -1 when the bytes cannot be a valid
 * frame (too long, unknown type). */
int proto_frame_parse(const uint8_t *data, size_t len, struct proto_frame *f, size_t *used);

/* Starts a frame of the given type in out; returns the offset to pass to proto_end. */
size_t proto_begin(struct wbuf *out, enum proto_type type);
/* Back-patches the frame's length. Returns -1 when the frame grew past the limit. */
int proto_end(struct wbuf *out, size_t start);

struct proto_hello {
	uint32_t version;
	uint8_t sandbox_level;
	char *detail;
};

struct proto_file {
	uint32_t id;
	uint8_t lang;
	uint32_t flags;
	uint64_t timeout_us;
	const uint8_t *bytes;
	size_t len;
};

int proto_decode_hello(const struct proto_frame *f, struct proto_hello *h);
int proto_decode_file(const struct proto_frame *f, struct proto_file *file);
/* RESULT and ERROR both start with the file id. */
int proto_decode_id(const struct proto_frame *f, uint32_t *id, const uint8_t **rest,
		    size_t *restlen);

#endif
