/*
 * input.c - the worker's request reader with read-ahead and withdrawals (see input.h).
 *
 * Frames are kept in one buffer as they arrived. A withdrawn FILE frame, and a WITHDRAW
 * frame already applied, are marked in place by changing their type byte to a value of
 * this file's own, which no sender can use (input_next hands out only FILE, and refuses
 * any other type a sender wrote).
 */
#include "worker/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MARK_WITHDRAWN_FILE 0xF1u	/* a FILE frame the supervisor took back */
#define MARK_APPLIED 0xF2u		/* a WITHDRAW frame already applied */
#define READ_CHUNK (64u * 1024)

void input_init(struct input *in, int fd)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
}

void input_free(struct input *in)
{
	free(in->data);
	memset(in, 0, sizeof(*in));
}

/* Room for want more bytes: the handed-out part is dropped first, then the buffer grows.
 * Running out of memory ends the worker as out of memory. */
static void make_room(struct input *in, size_t want)
{
	if (in->cap - in->len >= want)
		return;
	if (in->pos > 0) {
		memmove(in->data, in->data + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->scanned -= in->pos;
		in->pos = 0;
	}
	if (in->cap - in->len >= want)
		return;
	size_t cap = in->cap ? in->cap : READ_CHUNK;
	while (cap - in->len < want)
		cap *= 2;
	uint8_t *grown = realloc(in->data, cap);
	if (!grown)
		_exit(WORKER_EXIT_OOM);
	in->data = grown;
	in->cap = cap;
}

/* One read of up to want bytes; the count read, 0 at the end, -1 on an error. */
static ssize_t read_some(struct input *in, size_t want)
{
	make_room(in, want);
	ssize_t n;
	do
		n = read(in->fd, in->data + in->len, want);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		in->len += (size_t)n;
	return n;
}

/* Takes in whatever the pipe holds now, without waiting. FIONREAD failing (a platform
 * that does not allow it) only means no read-ahead. */
static void read_available(struct input *in)
{
	int avail = 0;
	if (ioctl(in->fd, FIONREAD, &avail) == 0 && avail > 0)
		read_some(in, (size_t)avail);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
	       | (uint32_t)p[3] << 24;
}

/* The whole length of the frame at off (header included): 0 when its header is not all
 * there yet, SIZE_MAX when its length is impossible. */
static size_t frame_size(const struct input *in, size_t off)
{
	if (in->len - off < PROTO_HEADER)
		return 0;
	uint32_t n = get_u32(in->data + off);
	if (n < 1 || n > PROTO_MAX_FRAME)
		return SIZE_MAX;
	return (size_t)n + 4;
}

/* 1 when a whole frame starts at off (*size its length), 0 when more bytes are needed,
 * -1 when the bytes cannot be a frame. */
static int whole_frame(const struct input *in, size_t off, size_t *size)
{
	*size = frame_size(in, off);
	if (*size == SIZE_MAX)
		return -1;
	return *size && in->len - off >= *size;
}

struct withdrawal {
	struct input *in;
	size_t end;	/* the WITHDRAW frame's offset: the files it names come before it */
};

/* Marks the FILE frame with this id still ahead of the worker (before the WITHDRAW
 * frame) as withdrawn. An id already answered matches nothing and is ignored. */
static void withdraw_one(void *ctx, uint32_t id)
{
	struct withdrawal *w = ctx;
	struct input *in = w->in;
	size_t size;
	for (size_t off = in->pos; off < w->end && whole_frame(in, off, &size) == 1; off += size)
		if (in->data[off + 4] == PROTO_FILE && size >= PROTO_HEADER + 4
		    && get_u32(in->data + off + PROTO_HEADER) == id)
			in->data[off + 4] = MARK_WITHDRAWN_FILE;
}

/* Applies every WITHDRAW frame not looked at yet. -1 on a malformed one. */
static int apply_withdrawals(struct input *in)
{
	size_t size;
	if (in->scanned < in->pos)
		in->scanned = in->pos;
	while (whole_frame(in, in->scanned, &size) == 1) {
		uint8_t *type = &in->data[in->scanned + 4];
		if (*type == MARK_WITHDRAWN_FILE || *type == MARK_APPLIED)
			return -1;	/* only this file writes those */
		if (*type == PROTO_WITHDRAW) {
			struct proto_frame f = { PROTO_WITHDRAW, in->data + in->scanned + PROTO_HEADER,
						 size - PROTO_HEADER };
			struct withdrawal w = { in, in->scanned };
			if (proto_decode_withdraw(&f, withdraw_one, &w) < 0)
				return -1;
			*type = MARK_APPLIED;
		}
		in->scanned += size;
	}
	return 0;
}

/* Waits until a whole frame starts at pos. 1, 0 at the end of input, -1 on bad bytes. */
static int wait_frame(struct input *in, size_t *size)
{
	int whole;
	while ((whole = whole_frame(in, in->pos, size)) == 0) {
		size_t want = *size > in->len - in->pos ? *size - (in->len - in->pos) : PROTO_HEADER;
		if (read_some(in, want > READ_CHUNK ? want : READ_CHUNK) <= 0)
			return 0;
	}
	return whole;
}

enum input_got input_next(struct input *in, struct proto_file *file)
{
	for (;;) {
		size_t size;
		read_available(in);
		int whole = wait_frame(in, &size);
		if (whole <= 0)
			return whole == 0 ? INPUT_END : INPUT_BAD;
		if (apply_withdrawals(in) < 0)
			return INPUT_BAD;
		size_t off = in->pos;
		uint8_t type = in->data[off + 4];
		in->pos += size;
		struct proto_frame f = { PROTO_FILE, in->data + off + PROTO_HEADER, size - PROTO_HEADER };
		if (type == MARK_APPLIED)
			continue;
		if (type == MARK_WITHDRAWN_FILE) {
			file->id = get_u32(f.payload);
			return INPUT_WITHDRAWN;
		}
		if (type != PROTO_FILE || proto_decode_file(&f, file) < 0)
			return INPUT_BAD;
		return INPUT_FILE;
	}
}
