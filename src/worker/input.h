/*
 * input.h - the worker's request reader: frames from fd 0, read ahead so that a WITHDRAW
 * the supervisor sent after some files is seen before the worker starts them.
 *
 * Work stealing (engine/pool.c): files queued at a busy worker may be handed to an idle
 * one. The supervisor then sends WITHDRAW with their ids; before starting each file the
 * worker reads whatever its pipe already holds (FIONREAD, so it never blocks on it),
 * applies every WITHDRAW it finds to the files still ahead of it, and answers a
 * withdrawn file WITHDRAWN without analyzing it. A WITHDRAW that arrives after the file
 * was started changes nothing: the supervisor takes whichever answer comes first.
 */
#ifndef ASSAY_WORKER_INPUT_H
#define ASSAY_WORKER_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "common/proto.h"

struct input {
	uint8_t *data;
	size_t len, cap;
	size_t pos;		/* the next frame to hand out */
	size_t scanned;		/* frames before this offset were looked at for WITHDRAW */
	int fd;
};

/* What input_next handed out. */
enum input_got { INPUT_END, INPUT_FILE, INPUT_WITHDRAWN, INPUT_BAD };

void input_init(struct input *in, int fd);
void input_free(struct input *in);
/* The next request: INPUT_FILE with *file (pointing into in, valid until the next call),
 * INPUT_WITHDRAWN with file->id only, INPUT_END when the pipe closed, INPUT_BAD for
 * bytes that are not a FILE or WITHDRAW frame. Blocks until a whole frame is there. */
enum input_got input_next(struct input *in, struct proto_file *file);

#endif
