/*
 * proto.h - the framed protocol between the supervisor and its workers: every frame's
 * encoder and decoder, side by side.
 *
 * A frame is `u32 length | u8 type | payload`, little-endian, where length counts the
 * type byte and the payload and never exceeds PROTO_MAX_FRAME. The worker speaks first
 * (HELLO, after it has locked itself down), then answers every FILE with exactly one
 * RESULT, ERROR or WITHDRAWN, in the order the files were sent. Because answers are per file and
 * ordered, the supervisor always knows which file a worker was working on when it died.
 *
 * Both directions go through proto_frame_parse, which validates lengths before anything
 * is used: the supervisor treats everything a worker sends as hostile (the decoders are
 * fuzzed: tests/fuzz/fuzz_decode.c).
 */
#ifndef ASSAY_PROTO_H
#define ASSAY_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/cause.h"

#define PROTO_VERSION 4
#define PROTO_MAX_FRAME (80u * 1024 * 1024)	/* above the largest file assay reads */
#define PROTO_HEADER 5
#define PROTO_MAX_DETAIL 1024u			/* a HELLO's or ERROR's text */

/* How a worker process ends, as the supervisor reads its exit status. */
enum worker_exit {
	WORKER_EXIT_DONE = 0,		/* its input closed: every file answered */
	WORKER_EXIT_USAGE = 2,		/* an argument it does not know */
	WORKER_EXIT_PROTOCOL = 3,	/* a frame that is not a FILE, or its HELLO could not
					   be written */
	WORKER_EXIT_NO_SANDBOX = 4,	/* --sandbox=strict and the full lock-down failed */
	WORKER_EXIT_OOM = 71,		/* memory ran out (reported as "out of memory") */
	WORKER_EXIT_LIMITS = 126,	/* between fork and exec: the rlimits could not be set */
	WORKER_EXIT_EXEC = 127,		/* between fork and exec: the worker could not run */
};

enum proto_type {
	PROTO_HELLO = 1,	/* worker: u32 version, u8 sandbox level, str detail */
	PROTO_FILE = 2,		/* supervisor: u32 id, u8 lang, u32 flags, u64 timeout_us, bytes */
	PROTO_RESULT = 3,	/* worker: u32 id, u64 analysis time (ns), encoded record */
	PROTO_ERROR = 4,	/* worker: u32 id, u8 cause, str detail */
	PROTO_WITHDRAW = 5,	/* supervisor: u32 count, count x u32 id: files sent before
				   that the worker should answer WITHDRAWN instead of
				   analyzing, when it has not started them (work stealing) */
	PROTO_WITHDRAWN = 6,	/* worker: u32 id, a file it skipped as asked */
};
#define PROTO_MAX_WITHDRAW 4096u	/* ids in one WITHDRAW frame */

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

/* HELLO: the worker is ready, locked down to sandbox_level (enum sandbox_level). */
struct proto_hello {
	uint32_t version;
	uint8_t sandbox_level;
	char *detail;		/* decoded: the caller frees it */
};

int proto_put_hello(struct wbuf *out, const struct proto_hello *h);
int proto_decode_hello(const struct proto_frame *f, struct proto_hello *h);

/* FILE: one file to analyze; bytes are the rest of the frame. */
struct proto_file {
	uint32_t id;
	uint8_t lang;
	uint32_t flags;
	uint64_t timeout_us;
	const uint8_t *bytes;
	size_t len;
};

int proto_put_file(struct wbuf *out, const struct proto_file *file);
/* The FILE frame without its bytes: everything before them, its length counting the
 * file->len bytes the caller sends right after (proc_send). 0, or -1 when out ran out of
 * memory or the frame would be over PROTO_MAX_FRAME. */
int proto_put_file_head(struct wbuf *out, const struct proto_file *file);
int proto_decode_file(const struct proto_frame *f, struct proto_file *file);

/* RESULT: the record of file id (record_encode's bytes) and how long it took. */
struct proto_result {
	uint32_t id;
	uint64_t elapsed_ns;
	const uint8_t *record;	/* decoded: points into the frame */
	size_t record_len;
};

/* Appends a RESULT frame whose record is encoded by the callback's caller: the frame is
 * begun (id, elapsed) and the offset for proto_end returned, the record then appended. */
size_t proto_begin_result(struct wbuf *out, uint32_t id, uint64_t elapsed_ns);
int proto_decode_result(const struct proto_frame *f, struct proto_result *r);

/* ERROR: the worker could not analyze file id, for cause. */
struct proto_error {
	uint32_t id;
	uint8_t cause;		/* enum cause */
	char *detail;		/* decoded: the caller frees it (may be NULL) */
};

int proto_put_error(struct wbuf *out, const struct proto_error *e);
int proto_decode_error(const struct proto_frame *f, struct proto_error *e);

/* WITHDRAW: ids of files sent before, to be skipped when not yet started. */
int proto_put_withdraw(struct wbuf *out, const uint32_t *ids, uint32_t count);
/* Calls each(ctx, id) for every id of a WITHDRAW frame; -1 when it is malformed. */
int proto_decode_withdraw(const struct proto_frame *f, void (*each)(void *ctx, uint32_t id),
			  void *ctx);
/* WITHDRAWN: the worker skipped file id as asked. */
int proto_put_withdrawn(struct wbuf *out, uint32_t id);

/* The file id a RESULT, ERROR or WITHDRAWN answers (the first field of both); -1 for another type
 * or a frame too short to hold one. */
int proto_answer_id(const struct proto_frame *f, uint32_t *id);
/* 1 when a frame of this type answers a FILE (RESULT, ERROR, WITHDRAWN). */
int proto_is_answer(uint8_t type);

#endif
